package fr.goodair.lake;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.store.ObjectStoreSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place a GoodAir SparkSession is configured: Delta, S3A towards the lake's object store, UTC, and an
 * in-memory catalog (every process registers the lake's tables itself, see {@link fr.goodair.lake.LakeTable}; no
 * shared metastore to lock). Under spark-submit the master and resources given on the command line win.
 */
public final class Sessions {

  private Sessions() {}

  public static SparkSession create(String appName, ObjectStoreSettings store, GoodairConfig config) {
    SparkConf conf = new SparkConf(true)
        .setAppName(appName)
        .setIfMissing("spark.master", config.value("spark.master", "local[*]"))
        .setIfMissing("spark.ui.enabled", "false")
        .setIfMissing("spark.sql.shuffle.partitions", config.value("spark.shuffle-partitions", "4"))
        .set("spark.sql.session.timeZone", "UTC")
        // Collected timestamps and dates as Instant / LocalDate: no JVM-default time zone anywhere.
        .set("spark.sql.datetime.java8API.enabled", "true")
        // Delta, and the SQL endpoint's read-only rule for analyst accounts (inert outside the endpoint).
        .set("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension,"
            + fr.goodair.serving.ReadOnlyAnalysts.class.getName())
        .set("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .set("spark.sql.catalogImplementation", "in-memory")
        .setIfMissing("spark.sql.warehouse.dir", config.home().resolve("spark-warehouse").toUri().toString())
        // Small hourly batches: many little files beat one big plan; AQE coalesces what remains.
        .setIfMissing("spark.sql.adaptive.enabled", "true")
        // No auto compaction: Delta's rewrote even the four files of one large write. The promotion compacts a
        // table itself once it has gathered many files; OPTIMIZE bin-packs files below 32 MB into files of up to
        // 128 MB, so a compaction rewrites recent small files, never a whole old table.
        .setIfMissing("spark.databricks.delta.autoCompact.enabled", "false")
        .setIfMissing("spark.databricks.delta.optimize.minFileSize", String.valueOf(32L << 20))
        .setIfMissing("spark.databricks.delta.optimize.maxFileSize", String.valueOf(128L << 20))
        // File statistics (for skipping files) on the first five columns of new tables: our tables put their keys
        // and times first, and statistics on every string column cost a quarter of a large write.
        .setIfMissing("spark.databricks.delta.properties.defaults.dataSkippingNumIndexedCols", "5")
        // Constraint propagation infers filters from every alias of a plan; on the promotion's wide projections of
        // parsed payloads it grew for minutes into an OutOfMemoryError before any task ran. Our filters are explicit.
        .setIfMissing("spark.sql.constraintPropagation.enabled", "false")
        // Delta answers min/max/count from file statistics, but with the java8API setting above its date
        // conversion throws ClassCastException on `SELECT max(local_date)` (delta-io/delta#4201, unfixed in 3.3.2).
        .setIfMissing("spark.databricks.delta.optimizeMetadataQuery.enabled", "false")
        // Delta's default (50 partitions to read a table's log) costs a second per query on small tables.
        .setIfMissing("spark.databricks.delta.snapshotPartitions", "2");
    s3a(store).forEach((key, value) -> conf.set("spark.hadoop." + key, value));
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The Hadoop S3A settings (without Spark's {@code spark.hadoop.} prefix) that reach {@code store}. */
  static java.util.Map<String, String> s3a(ObjectStoreSettings store) {
    java.util.Map<String, String> s3a = new java.util.LinkedHashMap<>();
    s3a.put("fs.s3a.endpoint.region", store.region());
    s3a.put("fs.s3a.path.style.access", Boolean.toString(store.pathStyleAccess()));
    s3a.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    s3a.put("fs.s3a.access.key", store.accessKeyId());
    s3a.put("fs.s3a.secret.key", store.secretAccessKey().reveal());
    // Keep directory markers: no clean-up of parent markers after every write (S3A's default "delete" waits on
    // it in finishedWrite, which was seen to hang a Delta commit against S3Proxy).
    s3a.put("fs.s3a.directory.marker.retention", "keep");
    s3a.put("fs.s3a.connection.maximum", "64");
    s3a.put("fs.s3a.threads.max", "32");
    if (store.endpoint() != null) {
      s3a.put("fs.s3a.endpoint", store.endpoint().toString());
      s3a.put("fs.s3a.connection.ssl.enabled", Boolean.toString("https".equals(store.endpoint().getScheme())));
    }
    // Server-side encryption as ingestion's puts ask for it (s3.sse): Hadoop 3.3's names (the older
    // fs.s3a.server-side-encryption-algorithm is deprecated); values AES256 (SSE-S3) or SSE-KMS.
    if (store.encryption().mode() != fr.goodair.ingestion.store.ServerSideEncryption.Mode.NONE) {
      s3a.put("fs.s3a.encryption.algorithm", store.encryption().s3aAlgorithm());
      if (store.encryption().kmsKeyId() != null) {
        s3a.put("fs.s3a.encryption.key", store.encryption().kmsKeyId());
      }
    }
    return s3a;
  }
}
