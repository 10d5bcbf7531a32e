package fr.goodair.lake;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.store.EmbeddedObjectStore;
import fr.goodair.ingestion.store.ObjectStoreSettings;
import fr.goodair.ingestion.store.S3ObjectStore;
import java.util.Map;
import fr.goodair.silver.SilverFunctions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * The test JVM's lake: one real S3Proxy process (the embedded store) and one SparkSession on it through S3A,
 * exactly as production builds them ({@link Sessions}). Spark allows one context per JVM, so every test class
 * shares these; each test gets its own lake root (a fresh prefix in the bucket) from {@link #newLake()}.
 */
public final class TestLake {

  private static EmbeddedObjectStore store;
  private static SparkSession spark;
  private static Path home;

  private TestLake() {}

  public static synchronized SparkSession spark() {
    if (spark == null) {
      try {
        home = Files.createTempDirectory("goodair-test-lake");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      store = EmbeddedObjectStore.start(home, Path.of(System.getProperty("goodair.s3proxy.jar")));
      GoodairConfig config = GoodairConfig.embedded(home)
          .with(java.util.Map.of("spark.master", "local[2]", "spark.shuffle-partitions", "2"));
      spark = Sessions.create("goodair-tests", store.settings(), config);
      SilverFunctions.register(spark);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        spark.stop();
        store.close();
      }));
    }
    return spark;
  }

  /** A fresh, empty lake: a new bucket of the test store, e.g. {@code s3a://t-1a2b3c4d}. */
  public static LakeLayout newLake() {
    spark();
    String bucket = "t-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      // The embedded store's buckets are folders (see ConfiguredObjectStore#bucket).
      Files.createDirectories(home.resolve("s3").resolve(bucket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LakeLayout("s3a://" + bucket);
  }

  /** An S3 client on one bucket of the test store (to put bronze objects as ingestion would). Close it after use. */
  public static S3ObjectStore objectStore(String bucket) {
    spark();
    return new S3ObjectStore(store.settings().withBucket(bucket));
  }

  /** The configuration a separate process (ingestion, a job) needs to reach {@code lake}'s bucket. */
  public static Map<String, String> environmentFor(LakeLayout lake) {
    ObjectStoreSettings s = store.settings();
    // Given as an endpoint, the tests' store is a self-hosted one to the residency rule: declared, as a user would.
    return Map.of("GOODAIR_S3_ENDPOINT", s.endpoint().toString(), "GOODAIR_S3_BUCKET", bucketOf(lake),
        "GOODAIR_S3_REGION", s.region(), "GOODAIR_S3_ACCESS_KEY_ID", s.accessKeyId(),
        "GOODAIR_S3_SECRET_ACCESS_KEY", s.secretAccessKey().reveal(), "GOODAIR_S3_RESIDENCY", "self-hosted-eu",
        "GOODAIR_S3_RESIDENCY_LOCATION", "the test machine (the tests' S3Proxy on loopback)");
  }

  /** A TCP port free now (for a server a test starts: the SQL endpoint). */
  public static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String bucketOf(LakeLayout lake) {
    return lake.root().substring("s3a://".length());
  }

  public static Path home() {
    spark();
    return home;
  }
}
