package fr.goodair.ingestion.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The lake's object storage through the S3 API: the only way ingestion touches storage, in production and with
 * the embedded store alike. Errors surface as {@link ObjectStoreUnavailableException} so callers can spool.
 */
public final class S3ObjectStore implements AutoCloseable {

  private final S3Client client;
  private final ObjectStoreSettings settings;

  public S3ObjectStore(ObjectStoreSettings settings) {
    this.settings = settings;
    var builder = S3Client.builder()
        .region(Region.of(settings.region()))
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey().reveal())))
        .forcePathStyle(settings.pathStyleAccess())
        // Third-party S3 stores do not all accept the SDK's default trailing checksums (aws-chunked CRC32).
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(Duration.ofSeconds(30)))
        .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)));
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    this.client = builder.build();
  }

  public ObjectStoreSettings settings() {
    return settings;
  }

  /** Creates the bucket when it does not exist (embedded store, first run). */
  public void ensureBucket() {
    call(() -> {
      try {
        client.headBucket(b -> b.bucket(settings.bucket()));
      } catch (NoSuchBucketException e) {
        client.createBucket(b -> b.bucket(settings.bucket()));
      } catch (S3Exception e) {
        if (e.statusCode() != 404) {
          throw e;
        }
        client.createBucket(b -> b.bucket(settings.bucket()));
      }
      return null;
    }, "check bucket " + settings.bucket());
  }

  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    call(() -> client.putObject(putRequest(key, metadata), RequestBody.fromBytes(bytes)), "write " + key);
  }

  /** The put of one object: bucket, key, metadata, content type and the configured server-side encryption. */
  PutObjectRequest putRequest(String key, Map<String, String> metadata) {
    PutObjectRequest.Builder put = PutObjectRequest.builder()
        .bucket(settings.bucket()).key(key).metadata(metadata).contentType(contentType(key));
    return settings.encryption().applyTo(put).build();
  }

  /** The object's size and user metadata, or empty when there is no such object. */
  public Optional<StoredObject> head(String key) {
    return call(() -> {
      try {
        HeadObjectResponse response = client.headObject(b -> b.bucket(settings.bucket()).key(key));
        return Optional.of(new StoredObject(key, response.contentLength(), response.metadata()));
      } catch (NoSuchKeyException e) {
        return Optional.<StoredObject>empty();
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return Optional.<StoredObject>empty();
        }
        throw e;
      }
    }, "read metadata of " + key);
  }

  public byte[] get(String key) {
    return call(() -> client.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key)).asByteArray(), "read " + key);
  }

  /**
   * Every object key under {@code prefix}, in key order. Directory markers (keys ending in {@code /}, which a
   * filesystem-backed store reports for its folders) are not objects and are left out.
   */
  public List<String> list(String prefix) {
    return call(() -> {
      List<String> keys = new ArrayList<>();
      ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(prefix).build();
      for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
        page.contents().stream().map(S3Object::key).filter(key -> !key.endsWith("/")).forEach(keys::add);
      }
      return keys;
    }, "list " + prefix);
  }

  /**
   * Deletes every object under {@code prefix}, folder markers included, deepest keys first: a filesystem-backed store
   * (the embedded S3Proxy) cannot remove a folder that still holds files, and would retry for seconds per folder if
   * its marker came first (as it does in a recursive S3A delete, which lists in key order).
   */
  public void deleteTree(String prefix) {
    call(() -> {
      List<String> keys = new ArrayList<>();
      ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(settings.bucket()).prefix(prefix).build();
      for (ListObjectsV2Response page : client.listObjectsV2Paginator(request)) {
        page.contents().forEach(object -> keys.add(object.key()));
      }
      keys.sort(java.util.Comparator.reverseOrder());
      keys.forEach(key -> client.deleteObject(b -> b.bucket(settings.bucket()).key(key)));
      return keys.size();
    }, "delete " + prefix);
  }

  @Override
  public void close() {
    client.close();
  }

  private <T> T call(java.util.function.Supplier<T> action, String what) {
    try {
      return action.get();
    } catch (SdkException e) {
      throw new ObjectStoreUnavailableException(
          "cannot " + what + " on " + settings.describe() + ": " + settings.secretAccessKey().redactIn(e.getMessage()), e);
    }
  }

  private static String contentType(String key) {
    return key.endsWith(".jsonl") ? "application/x-ndjson" : "application/octet-stream";
  }

  /** What a HEAD tells about an object. */
  public record StoredObject(String key, long size, Map<String, String> metadata) {}
}
