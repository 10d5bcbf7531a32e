package fr.goodair.ingestion.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks {@link ConfiguredObjectStore#open} makes on a configured store, before any request. */
class ConfiguredObjectStoreTest {

  @TempDir Path home;

  private GoodairConfig remote(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(Map.of("s3.bucket", "goodair-lake", "s3.access-key-id", "AKIDEXAMPLE",
        "s3.secret-access-key", "not-a-real-secret-0123"));
    all.putAll(settings);
    return GoodairConfig.embedded(home).with(all);
  }

  @Test
  void aNonEuRegionIsRefusedWithItsNameTheReasonAndTheOverride() {
    assertThatThrownBy(() -> ConfiguredObjectStore.open(remote(Map.of("s3.region", "us-east-1"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("object store refused: AWS region us-east-1: not one of the AWS regions in the EU")
        .hasMessageContaining("accepted: AWS EU regions (eu-west-1, eu-west-3")
        .hasMessageContaining("s3.residency.override-reason=")
        .hasMessageNotContaining("not-a-real-secret");
    assertThatThrownBy(() -> ConfiguredObjectStore.open(remote(Map.of("s3.region", "eu-west-2"))))
        .hasMessageContaining("AWS region eu-west-2 (London, United Kingdom): the United Kingdom is not in the EU");
  }

  @Test
  void aRefusedStoreIsNeverContacted() throws Exception {
    try (ServerSocket store = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      store.setSoTimeout(300);
      GoodairConfig config = remote(Map.of("s3.endpoint", "http://127.0.0.1:" + store.getLocalPort(),
          "s3.region", "us-east-1"));
      assertThatThrownBy(() -> ConfiguredObjectStore.open(config).bucket("goodair-lake"))
          .hasMessageContaining("object store refused: endpoint 127.0.0.1")
          .hasMessageContaining("not declared as a self-hosted store in the EU");
      assertThatThrownBy(store::accept).as("no connection reached the store").isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void anAcceptedStoreOpensWithItsSettings() {
    try (ConfiguredObjectStore store = ConfiguredObjectStore.open(remote(Map.of("s3.endpoint",
        "https://s3.fr-par.scw.cloud", "s3.region", "fr-par", "s3.sse", "SSE-KMS", "s3.sse.kms-key-id", "key-1")))) {
      assertThat(store.settings().endpoint().toString()).isEqualTo("https://s3.fr-par.scw.cloud");
      assertThat(store.settings().encryption()).isEqualTo(ServerSideEncryption.parse("SSE-KMS", "key-1"));
    }
    try (ConfiguredObjectStore store = ConfiguredObjectStore.open(remote(Map.of("s3.region", "eu-west-3")))) {
      assertThat(store.settings().encryption()).isEqualTo(ServerSideEncryption.NONE);
    }
  }

  @Test
  void anOverrideOpensTheStoreAndLogsItsReasonAtEveryOpen() {
    GoodairConfig config = remote(Map.of("s3.endpoint", "https://s3.nl-ams.scw.cloud",
        "s3.residency.override-reason", "DPO ticket 42: Amsterdam mirror for the 2026 audit"));
    String log = stderrOf(() -> {
      ConfiguredObjectStore.open(config).close();
      ConfiguredObjectStore.open(config).close();
    });
    assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("opened on override")
        && l.contains("reason: DPO ticket 42: Amsterdam mirror for the 2026 audit")
        && l.contains("s3.nl-ams.scw.cloud")).count()).isEqualTo(2);
  }

  @Test
  void aSelfHostedStoreIsAcceptedOnlyWhenDeclaredWithItsLocation() {
    Map<String, String> minio = Map.of("s3.endpoint", "https://minio.lab.example:9000");
    assertThatThrownBy(() -> ConfiguredObjectStore.open(remote(minio))).hasMessageContaining("endpoint minio.lab.example");
    Map<String, String> declared = new HashMap<>(minio);
    declared.put("s3.residency", "self-hosted-eu");
    assertThatThrownBy(() -> ConfiguredObjectStore.open(remote(declared)))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("needs s3.residency.location");
    declared.put("s3.residency.location", "GoodAir server room, Lyon, France");
    ConfiguredObjectStore.open(remote(declared)).close();
  }

  @Test
  void plainHttpIsRefusedOnANetworkUnlessAllowed() {
    Map<String, String> settings = new HashMap<>(Map.of("s3.endpoint", "http://minio.lab.example:9000",
        "s3.residency", "self-hosted-eu", "s3.residency.location", "Lyon, France"));
    assertThatThrownBy(() -> ConfiguredObjectStore.open(remote(settings)))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageContaining("s3.endpoint http://minio.lab.example:9000 is plain http on a network")
        .hasMessageContaining("s3.allow-plain-http=true");
    settings.put("s3.allow-plain-http", "true");
    ConfiguredObjectStore.open(remote(settings)).close();
    assertThat(StoreEndpoints.isLoopback(java.net.URI.create("http://localhost:9000"))).isTrue();
    assertThat(StoreEndpoints.isLoopback(java.net.URI.create("http://127.0.0.1:9000"))).isTrue();
    assertThat(StoreEndpoints.isLoopback(java.net.URI.create("http://[::1]:9000"))).isTrue();
    assertThat(StoreEndpoints.isLoopback(java.net.URI.create("http://127.0.0.1.nip.io:9000"))).isFalse();
  }

  @Test
  void bucketNamesThatWouldLeaveTheStoreAreRefused() {
    assertThatThrownBy(() -> ConfiguredObjectStore.open(remote(Map.of("s3.bucket", "../etc"))))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("bucket name '../etc' is not valid");
    try (ConfiguredObjectStore store = ConfiguredObjectStore.open(remote(Map.of()))) {
      assertThatThrownBy(() -> store.bucket("../../x")).hasMessageContaining("bucket name '../../x' is not valid");
    }
  }

  @Test
  void badEncryptionSettingsAreConfigurationErrors() {
    assertThatThrownBy(() -> ConfiguredObjectStore.open(remote(Map.of("s3.sse", "rot13"))))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("s3.sse must be none, SSE-S3 or SSE-KMS");
  }

  /** What slf4j-simple (the tests' logger, writing to System.err) printed while {@code action} ran. */
  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
