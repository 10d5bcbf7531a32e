package fr.goodair.quality;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of this test JVM (Delta enabled, UI off, 2 shuffle partitions, UTC), with a
 * fresh lake folder per caller. Spark allows one active context per JVM; sharing it keeps the suite fast.
 */
public final class SparkTestSession {

  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("goodair-quality-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.catalogImplementation", "in-memory")
          .config("spark.databricks.delta.snapshotPartitions", "1")
          .config("spark.sql.warehouse.dir", tempDir("warehouse").toString())
          .getOrCreate();
    }
    return spark;
  }

  /** A new empty folder for one test class's lake. */
  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory("goodair-" + prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
