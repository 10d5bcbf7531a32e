package fr.goodair.ingestion.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.ingestion.TestPaths;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through the real S3 API of the embedded store (S3Proxy in its own process). */
class S3ObjectStoreTest {

  @TempDir static Path home;
  private static EmbeddedObjectStore embedded;
  private static S3ObjectStore store;

  @BeforeAll
  static void startStore() {
    embedded = EmbeddedObjectStore.start(home, TestPaths.s3proxyJar());
    store = new S3ObjectStore(embedded.settings());
    store.ensureBucket();
  }

  @AfterAll
  static void stopStore() {
    store.close();
    embedded.close();
  }

  @Test
  void putHeadGetListRoundTrip() {
    byte[] bytes = "{\"a\":1}\n{\"b\":\"é\"}\n".getBytes(StandardCharsets.UTF_8);
    String key = "bronze/source=aqicn/ingest_date=2026-01-20/hour=15/run-x.jsonl";

    store.put(key, bytes, Map.of("sha256", "abc"));

    assertThat(store.get(key)).isEqualTo(bytes);
    assertThat(store.head(key)).hasValueSatisfying(info -> {
      assertThat(info.size()).isEqualTo(bytes.length);
      assertThat(info.metadata()).containsEntry("sha256", "abc");
    });
    assertThat(store.head("bronze/nothing-here.jsonl")).isEmpty();
    assertThat(store.list("bronze/source=aqicn/")).containsExactly(key);
  }

  @Test
  void theStoreKeepsObjectsUnderTheHomeAndNeverTheSecret() throws Exception {
    assertThat(embedded.settings().endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(Files.isDirectory(home.resolve("s3").resolve(EmbeddedObjectStore.BUCKET))).isTrue();
    String secret = embedded.settings().secretAccessKey().reveal();
    assertThat(embedded.settings().toString()).doesNotContain(secret);
    assertThat(Files.readString(home.resolve("logs/s3proxy.log"))).doesNotContain(secret);
  }

  @Test
  void wrongCredentialsAreRefusedWithAClearMessage() {
    ObjectStoreSettings s = embedded.settings();
    var wrong = new ObjectStoreSettings(s.endpoint(), s.region(), s.bucket(), true, s.accessKeyId(),
        fr.goodair.ingestion.config.Secret.of("not-the-right-secret"));
    try (S3ObjectStore intruder = new S3ObjectStore(wrong)) {
      assertThatThrownBy(() -> intruder.list("bronze/"))
          .isInstanceOf(ObjectStoreUnavailableException.class)
          .hasMessageContaining("cannot list bronze/ on s3://goodair-lake at http://127.0.0.1:")
          .hasMessageNotContaining("not-the-right-secret");
    }
  }

  @Test
  void putsAskForTheConfiguredServerSideEncryption() {
    ObjectStoreSettings s = embedded.settings();
    ServerSideEncryption kms = ServerSideEncryption.parse("SSE-KMS", "arn:aws:kms:eu-west-3:111122223333:key/k1");
    try (S3ObjectStore encrypted = new S3ObjectStore(new ObjectStoreSettings(s.endpoint(), s.region(), s.bucket(),
        true, s.accessKeyId(), s.secretAccessKey(), kms))) {
      var put = encrypted.putRequest("bronze/x.jsonl", Map.of());
      assertThat(put.serverSideEncryptionAsString()).isEqualTo("aws:kms");
      assertThat(put.ssekmsKeyId()).isEqualTo("arn:aws:kms:eu-west-3:111122223333:key/k1");
    }
    assertThat(store.putRequest("bronze/x.jsonl", Map.of()).serverSideEncryption()).as("none configured").isNull();

    // Through the real API: a store that cannot encrypt (S3Proxy's filesystem backend) refuses the write (501)
    // instead of keeping the object in clear, and nothing is stored. The embedded store never asks for SSE.
    try (S3ObjectStore sseS3 = new S3ObjectStore(new ObjectStoreSettings(s.endpoint(), s.region(), s.bucket(),
        true, s.accessKeyId(), s.secretAccessKey(), ServerSideEncryption.parse("SSE-S3", null)))) {
      assertThat(sseS3.putRequest("k", Map.of()).serverSideEncryptionAsString()).isEqualTo("AES256");
      assertThatThrownBy(() -> sseS3.put("sse/one.jsonl", "{}\n".getBytes(StandardCharsets.UTF_8), Map.of()))
          .isInstanceOf(ObjectStoreUnavailableException.class).hasMessageContaining("cannot write sse/one.jsonl");
      assertThat(store.head("sse/one.jsonl")).isEmpty();
    }
    assertThat(embedded.settings().encryption()).isEqualTo(ServerSideEncryption.NONE);
  }
}
