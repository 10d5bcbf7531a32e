package fr.goodair.ingestion.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets come only from the environment or the secrets file, never from the main configuration file. */
class GoodairConfigTest {

  @TempDir Path dir;

  @Test
  void everySecretKeyInTheMainFileIsRefusedWithoutShowingItsValue() throws Exception {
    for (String key : GoodairConfig.SECRET_KEYS) {
      Path file = Files.writeString(dir.resolve("goodair.properties"), "s3.bucket=lake\n" + key + "=hunter2-value\n");
      assertThatThrownBy(() -> GoodairConfig.load(file, Map.of("GOODAIR_HOME", dir.toString())))
          .as(key)
          .isInstanceOf(InvalidConfigException.class)
          .hasMessageContaining("'" + key + "' is a secret and may not sit in the configuration file")
          .hasMessageContaining("set " + GoodairConfig.envName(key) + " or put it in the file named by GOODAIR_SECRETS_FILE")
          .hasMessageNotContaining("hunter2-value");
    }
  }

  @Test
  void secretsAreReadFromTheEnvironmentFirstThenTheSecretsFileAndNeverFromPlainValues() throws Exception {
    Path config = Files.writeString(dir.resolve("goodair.properties"), "s3.bucket=lake\n");
    Path secrets = Files.writeString(dir.resolve("secrets.properties"), "aqicn.token=from-file\nowm.api-key=owm-file\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
    GoodairConfig loaded = GoodairConfig.load(config, Map.of("GOODAIR_HOME", dir.toString(),
        "GOODAIR_SECRETS_FILE", secrets.toString(), "GOODAIR_AQICN_TOKEN", "from-env"));

    assertThat(loaded.secret("aqicn.token")).hasValue(Secret.of("from-env"));
    assertThat(loaded.secret("owm.api-key")).hasValue(Secret.of("owm-file"));
    assertThat(loaded.value("s3.bucket")).hasValue("lake");
    assertThat(loaded.secret("s3.bucket")).as("a plain value is not a secret source").isEmpty();
    assertThat(loaded.secret("owm.api-key").orElseThrow().toString()).isEqualTo("REDACTED");
  }

  @Test
  void aSecretsFileOthersCanReadIsRefused() throws Exception {
    Path secrets = Files.writeString(dir.resolve("secrets.properties"), "aqicn.token=shared-token-value\n");
    Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> GoodairConfig.load(null, Map.of("GOODAIR_HOME", dir.toString(),
        "GOODAIR_SECRETS_FILE", secrets.toString())))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage("the secrets file " + secrets + " is readable by others (rw-r--r--): make it owner-only, e.g."
            + " chmod 600 " + secrets);
  }
}
