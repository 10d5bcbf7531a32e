package fr.goodair.ingestion.store;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import fr.goodair.ingestion.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The lake's object store as the configuration names it: the S3 endpoint/bucket when {@code s3.endpoint} or
 * {@code s3.bucket} is set, otherwise the embedded store, started here and stopped on {@link #close()}.
 * Ingestion and the Spark jobs both open the store through this class, so they always agree on where the lake is.
 */
public final class ConfiguredObjectStore implements AutoCloseable {

  private final ObjectStoreSettings settings;
  private final EmbeddedObjectStore embedded;
  private final Path embeddedFolder;

  private ConfiguredObjectStore(ObjectStoreSettings settings, EmbeddedObjectStore embedded, Path embeddedFolder) {
    this.settings = settings;
    this.embedded = embedded;
    this.embeddedFolder = embeddedFolder;
  }

  public static ConfiguredObjectStore open(GoodairConfig config) {
    Optional<String> bucket = config.value("s3.bucket");
    Optional<String> endpoint = config.value("s3.endpoint");
    if (bucket.isEmpty() && endpoint.isEmpty()) {
      Path jar = Path.of(config.value("s3proxy.jar",
          System.getProperty("goodair.s3proxy.jar", "ingestion/target/s3proxy/s3proxy.jar")));
      EmbeddedObjectStore store = EmbeddedObjectStore.start(config.home(), jar);
      return new ConfiguredObjectStore(store.settings(), store,
          config.home().resolve("s3").resolve(EmbeddedObjectStore.BUCKET));
    }
    String accessKey = config.value("s3.access-key-id").orElseThrow(() -> new InvalidConfigException(
        "s3.access-key-id is not set: set " + GoodairConfig.envName("s3.access-key-id")));
    Secret secretKey = config.secret("s3.secret-access-key").orElseThrow(() -> new InvalidConfigException(
        "s3.secret-access-key is not set: set " + GoodairConfig.envName("s3.secret-access-key")
            + " or put it in the file named by GOODAIR_SECRETS_FILE"));
    ObjectStoreSettings settings = new ObjectStoreSettings(endpoint.map(URI::create).orElse(null),
        config.value("s3.region", "eu-west-3"),
        bucket.orElseThrow(() -> new InvalidConfigException("s3.bucket is not set: set GOODAIR_S3_BUCKET")),
        config.flag("s3.path-style-access", endpoint.isPresent()), accessKey, secretKey);
    return new ConfiguredObjectStore(settings, null, null);
  }

  public ObjectStoreSettings settings() {
    return settings;
  }

  /** The bucket's folder on disk when the store is the embedded one (for messages to people). */
  public Optional<Path> embeddedFolder() {
    return Optional.ofNullable(embeddedFolder);
  }

  /**
   * A client on another bucket of the same store, created if missing (benchmarks and tests keep their lakes
   * apart this way). The embedded store's buckets are folders: S3Proxy's filesystem backend refuses the EU
   * location constraint the SDK sends with CreateBucket.
   */
  public S3ObjectStore bucket(String name) {
    S3ObjectStore client = new S3ObjectStore(settings.withBucket(name));
    if (embeddedFolder != null) {
      try {
        java.nio.file.Files.createDirectories(embeddedFolder.resolveSibling(name));
      } catch (java.io.IOException e) {
        client.close();
        throw new java.io.UncheckedIOException("cannot create bucket folder " + name, e);
      }
    } else {
      client.ensureBucket();
    }
    return client;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
