package fr.goodair.lake;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.config.Secret;
import fr.goodair.ingestion.store.ObjectStoreSettings;
import fr.goodair.ingestion.store.ServerSideEncryption;
import java.net.URI;
import java.util.Map;
import org.apache.hadoop.fs.s3a.Constants;
import org.apache.hadoop.fs.s3a.S3AEncryptionMethods;
import org.junit.jupiter.api.Test;

/** Spark's S3A connector gets the store's TLS and server-side encryption settings, under Hadoop's own names. */
class SessionsS3aTest {

  private static ObjectStoreSettings store(String endpoint, ServerSideEncryption sse) {
    return new ObjectStoreSettings(endpoint == null ? null : URI.create(endpoint), "eu-west-3", "goodair-lake",
        false, "AKIDEXAMPLE", Secret.of("example-secret"), sse);
  }

  @Test
  void sseKmsReachesS3aWithItsKey() throws Exception {
    Map<String, String> s3a = Sessions.s3a(store("https://s3.eu-west-3.amazonaws.com",
        ServerSideEncryption.parse("SSE-KMS", "arn:aws:kms:eu-west-3:111122223333:key/k1")));

    assertThat(s3a).containsEntry(Constants.S3_ENCRYPTION_ALGORITHM, "SSE-KMS")
        .containsEntry(Constants.S3_ENCRYPTION_KEY, "arn:aws:kms:eu-west-3:111122223333:key/k1")
        .containsEntry("fs.s3a.connection.ssl.enabled", "true");
    assertThat(S3AEncryptionMethods.getMethod(s3a.get(Constants.S3_ENCRYPTION_ALGORITHM)))
        .isEqualTo(S3AEncryptionMethods.SSE_KMS);
  }

  @Test
  void sseS3IsAes256AndNoneSetsNothing() throws Exception {
    Map<String, String> sseS3 = Sessions.s3a(store(null, ServerSideEncryption.parse("SSE-S3", null)));
    assertThat(S3AEncryptionMethods.getMethod(sseS3.get(Constants.S3_ENCRYPTION_ALGORITHM)))
        .isEqualTo(S3AEncryptionMethods.SSE_S3);
    assertThat(sseS3).doesNotContainKey(Constants.S3_ENCRYPTION_KEY).doesNotContainKey("fs.s3a.endpoint");

    Map<String, String> none = Sessions.s3a(store("http://127.0.0.1:9000", ServerSideEncryption.NONE));
    assertThat(none).doesNotContainKeys(Constants.S3_ENCRYPTION_ALGORITHM, Constants.S3_ENCRYPTION_KEY,
        Constants.SERVER_SIDE_ENCRYPTION_ALGORITHM).containsEntry("fs.s3a.connection.ssl.enabled", "false");
  }
}
