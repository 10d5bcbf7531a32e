package fr.goodair.ingestion.store;

import fr.goodair.ingestion.config.Secret;
import java.net.URI;

/**
 * Where the lake lives: an S3-compatible endpoint (AWS, OVHcloud, Scaleway, MinIO-like, or the embedded store).
 *
 * @param endpoint the S3 API base, e.g. {@code https://s3.fr-par.scw.cloud} or {@code http://127.0.0.1:9000};
 *     null means the provider's default AWS endpoint for {@code region}
 * @param pathStyleAccess {@code bucket} in the path instead of the host name (MinIO-like stores, S3Proxy)
 * @param encryption the server-side encryption every write requests ({@code s3.sse})
 */
public record ObjectStoreSettings(URI endpoint, String region, String bucket, boolean pathStyleAccess,
    String accessKeyId, Secret secretAccessKey, ServerSideEncryption encryption) {

  public ObjectStoreSettings {
    BucketNames.require(bucket);
    if (encryption == null) {
      encryption = ServerSideEncryption.NONE;
    }
  }

  /** A store whose writes ask for no particular encryption (the bucket's default applies). */
  public ObjectStoreSettings(URI endpoint, String region, String bucket, boolean pathStyleAccess, String accessKeyId,
      Secret secretAccessKey) {
    this(endpoint, region, bucket, pathStyleAccess, accessKeyId, secretAccessKey, ServerSideEncryption.NONE);
  }

  /** The same store, another bucket. */
  public ObjectStoreSettings withBucket(String name) {
    return new ObjectStoreSettings(endpoint, region, name, pathStyleAccess, accessKeyId, secretAccessKey, encryption);
  }

  /** {@code s3a://bucket} style description for messages; never includes the credentials. */
  public String describe() {
    return "s3://" + bucket + (endpoint == null ? " (" + region + ")" : " at " + endpoint);
  }
}
