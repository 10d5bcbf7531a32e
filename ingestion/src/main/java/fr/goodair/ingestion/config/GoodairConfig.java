package fr.goodair.ingestion.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Settings of a GoodAir installation, from a properties file overlaid by environment variables. A key such as
 * {@code s3.path-style-access} is read from the variable {@code GOODAIR_S3_PATH_STYLE_ACCESS} first, then from
 * the file. With neither, the embedded defaults apply (embedded object store, API simulator, {@code ./.goodair}).
 *
 * <p>Secrets ({@link #SECRET_KEYS}) are read only from the environment or from a secrets file
 * ({@code GOODAIR_SECRETS_FILE}, properties format, refused unless owner-only): never from the main file, which people
 * commit and share.
 */
public final class GoodairConfig {

  // The webhook URL is a secret: Slack-style webhooks carry their token in the path.
  public static final Set<String> SECRET_KEYS = Set.of("aqicn.token", "owm.api-key", "s3.secret-access-key",
      "alerts.smtp.password", "alerts.webhook.url", "serve.tls.keystore-password");

  private final Map<String, String> file;
  private final Map<String, String> secretsFile;
  private final Map<String, String> env;
  private final Path home;

  private GoodairConfig(Path home, Map<String, String> file, Map<String, String> secretsFile, Map<String, String> env) {
    this.home = home;
    this.file = file;
    this.secretsFile = secretsFile;
    this.env = env;
  }

  /** Loads from the process environment; {@code configFile} may be null (then {@code $GOODAIR_HOME/goodair.properties} if present). */
  public static GoodairConfig load(Path configFile) {
    return load(configFile, System.getenv());
  }

  public static GoodairConfig load(Path configFile, Map<String, String> env) {
    Path home = Path.of(env.getOrDefault("GOODAIR_HOME", ".goodair")).toAbsolutePath().normalize();
    Path file = configFile;
    if (file == null && env.containsKey("GOODAIR_CONFIG")) {
      file = Path.of(env.get("GOODAIR_CONFIG"));
    }
    if (file == null && Files.isRegularFile(home.resolve("goodair.properties"))) {
      file = home.resolve("goodair.properties");
    }
    Map<String, String> values = file == null ? Map.of() : read(file, "configuration file");
    for (String key : values.keySet()) {
      if (SECRET_KEYS.contains(key)) {
        throw new InvalidConfigException(file + ": '" + key + "' is a secret and may not sit in the configuration"
            + " file; set " + envName(key) + " or put it in the file named by GOODAIR_SECRETS_FILE");
      }
    }
    Map<String, String> secrets = Map.of();
    if (env.containsKey("GOODAIR_SECRETS_FILE")) {
      Path secretsFile = Path.of(env.get("GOODAIR_SECRETS_FILE"));
      requireOwnerOnly(secretsFile);
      secrets = read(secretsFile, "secrets file");
    }
    return new GoodairConfig(home, values, secrets, Map.copyOf(env));
  }

  /** Embedded defaults only (tests): no file, no environment. */
  public static GoodairConfig embedded(Path home) {
    return new GoodairConfig(home, Map.of(), Map.of(), Map.of());
  }

  /** A copy with extra settings, as if they came from the environment (tests, benchmarks). */
  public GoodairConfig with(Map<String, String> settings) {
    Map<String, String> overlay = new HashMap<>(env);
    settings.forEach((key, value) -> overlay.put(envName(key), value));
    return new GoodairConfig(home, file, secretsFile, overlay);
  }

  public Path home() {
    return home;
  }

  public Optional<String> value(String key) {
    String fromEnv = env.get(envName(key));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(fromEnv.strip());
    }
    return Optional.ofNullable(file.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  public String value(String key, String defaultValue) {
    return value(key).orElse(defaultValue);
  }

  public boolean flag(String key, boolean defaultValue) {
    return value(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new InvalidConfigException(key + " must be true or false, not '" + v + "'");
    }).orElse(defaultValue);
  }

  public int integer(String key, int defaultValue) {
    return value(key).map(v -> {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new InvalidConfigException(key + " must be a whole number, not '" + v + "'");
      }
    }).orElse(defaultValue);
  }

  public Optional<Secret> secret(String key) {
    String fromEnv = env.get(envName(key));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(Secret.of(fromEnv));
    }
    return Optional.ofNullable(secretsFile.get(key)).filter(v -> !v.isBlank()).map(Secret::of);
  }

  /** {@code s3.path-style-access} → {@code GOODAIR_S3_PATH_STYLE_ACCESS}. */
  public static String envName(String key) {
    return "GOODAIR_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** As ssh does with its keys: a secrets file others can read is refused, before it is read. */
  private static void requireOwnerOnly(Path file) {
    try {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ)) {
        throw new InvalidConfigException("the secrets file " + file + " is readable by others ("
            + PosixFilePermissions.toString(mode) + "): make it owner-only, e.g. chmod 600 " + file);
      }
    } catch (UnsupportedOperationException notPosix) {
      // No POSIX permissions on this filesystem: the operator protects the file by other means.
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read the secrets file " + file + ": " + e.getMessage());
    }
  }

  private static Map<String, String> read(Path path, String what) {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(path)) {
      props.load(in);
    } catch (IOException e) {
      throw new InvalidConfigException("cannot read the " + what + " " + path + ": " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    props.forEach((k, v) -> values.put(k.toString(), v.toString()));
    return Map.copyOf(values);
  }
}
