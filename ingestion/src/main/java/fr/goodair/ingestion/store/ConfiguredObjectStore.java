package fr.goodair.ingestion.store;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import fr.goodair.ingestion.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's object store as the configuration names it: the S3 endpoint/bucket when {@code s3.endpoint} or
 * {@code s3.bucket} is set, otherwise the embedded store, started here and stopped on {@link #close()}.
 * Ingestion and the Spark jobs both open the store through this class, so they always agree on where the lake is,
 * and both get its checks: EU residency ({@link DataResidency}), TLS, bucket name and server-side encryption,
 * applied before any request is made.
 */
public final class ConfiguredObjectStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConfiguredObjectStore.class);

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
      checkResidency(config, null, EmbeddedObjectStore.REGION, true);
      Path jar = Path.of(config.value("s3proxy.jar",
          System.getProperty("goodair.s3proxy.jar", "ingestion/target/s3proxy/s3proxy.jar")));
      EmbeddedObjectStore store = EmbeddedObjectStore.start(config.home(), jar);
      return new ConfiguredObjectStore(store.settings(), store,
          config.home().resolve("s3").resolve(EmbeddedObjectStore.BUCKET));
    }
    ObjectStoreSettings settings = remoteSettings(config);
    return new ConfiguredObjectStore(settings, null, null);
  }

  /**
   * The settings of a configured (not embedded) store, checked before any request: the EU residency rule
   * ({@link DataResidency}), TLS ({@link StoreEndpoints#requireTls}), the bucket name, the encryption setting.
   */
  static ObjectStoreSettings remoteSettings(GoodairConfig config) {
    Optional<String> endpoint = config.value("s3.endpoint");
    URI endpointUri = endpoint.map(ConfiguredObjectStore::endpointUri).orElse(null);
    String region = config.value("s3.region", "eu-west-3");
    checkResidency(config, endpointUri, region, false);
    if (endpointUri != null) {
      check(() -> StoreEndpoints.requireTls(endpointUri, config.flag("s3.allow-plain-http", false)));
    }
    String bucket = config.value("s3.bucket").orElseThrow(() ->
        new InvalidConfigException("s3.bucket is not set: set GOODAIR_S3_BUCKET"));
    check(() -> BucketNames.require(bucket));
    ServerSideEncryption encryption = check(() -> ServerSideEncryption.parse(
        config.value("s3.sse").orElse(null), config.value("s3.sse.kms-key-id").orElse(null)));
    String accessKey = config.value("s3.access-key-id").orElseThrow(() -> new InvalidConfigException(
        "s3.access-key-id is not set: set " + GoodairConfig.envName("s3.access-key-id")));
    Secret secretKey = config.secret("s3.secret-access-key").orElseThrow(() -> new InvalidConfigException(
        "s3.secret-access-key is not set: set " + GoodairConfig.envName("s3.secret-access-key")
            + " or put it in the file named by GOODAIR_SECRETS_FILE"));
    return new ObjectStoreSettings(endpointUri, region, bucket,
        config.flag("s3.path-style-access", endpoint.isPresent()), accessKey, secretKey, encryption);
  }

  /**
   * Applies the residency rule: an accepted store opens (an override is logged at WARN, with its reason, at every
   * open); a refused one stops here with a message naming the store, why, and the way out.
   */
  static void checkResidency(GoodairConfig config, URI endpoint, String region, boolean embedded) {
    DataResidency.Verdict verdict = check(() -> DataResidency.judge(new DataResidency.Store(endpoint, region,
        embedded, config.value("s3.residency").orElse(null), config.value("s3.residency.location").orElse(null))));
    if (verdict.accepted()) {
      LOG.debug("object store residency: {} ({})", verdict.where(), verdict.why());
      return;
    }
    Optional<String> override = config.value("s3.residency.override-reason");
    if (override.isPresent()) {
      LOG.warn("object store {} is outside GoodAir's EU residency rule ({}); opened on override, reason: {}",
          verdict.where(), verdict.why(), override.get());
      return;
    }
    throw new InvalidConfigException("object store refused: " + verdict.where() + ": " + verdict.why()
        + ". GoodAir keeps the lake in the EU (GDPR; accepted: " + DataResidency.acceptedSummary()
        + "). To open it anyway, set s3.residency.override-reason=\"<why this store is acceptable>\" ("
        + GoodairConfig.envName("s3.residency.override-reason") + "); the reason is logged at every open");
  }

  private static URI endpointUri(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null) {
        throw new InvalidConfigException("s3.endpoint '" + value + "' has no host: expected e.g."
            + " https://s3.fr-par.scw.cloud");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new InvalidConfigException("s3.endpoint '" + value + "' is not a URL: " + e.getMessage());
    }
  }

  /** Runs a pure check, turning its IllegalArgumentException into the configuration error it is. */
  private static <T> T check(java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (InvalidConfigException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(e.getMessage());
    }
  }

  private static void check(Runnable check) {
    check(() -> {
      check.run();
      return null;
    });
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
    BucketNames.require(name);
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
