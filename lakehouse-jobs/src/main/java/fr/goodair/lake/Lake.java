package fr.goodair.lake;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.store.ConfiguredObjectStore;
import fr.goodair.quality.QualityGate;
import fr.goodair.quality.RuleRegistry;
import fr.goodair.silver.SilverFunctions;
import fr.goodair.silver.SilverTables;
import org.apache.spark.sql.SparkSession;

/**
 * An open lake for one process: the object store (embedded or configured), a SparkSession on it, the layout
 * ({@code s3a://<bucket>} unless {@code lake.root} says otherwise) and every table registered in the catalog.
 * Closing it stops the session and, for the embedded store, the store.
 */
public final class Lake implements AutoCloseable {

  private final GoodairConfig config;
  private final ConfiguredObjectStore store;
  private final SparkSession spark;
  private final LakeLayout layout;
  private QualityGate gate;

  private Lake(GoodairConfig config, ConfiguredObjectStore store, SparkSession spark, LakeLayout layout) {
    this.config = config;
    this.store = store;
    this.spark = spark;
    this.layout = layout;
  }

  public static Lake open(GoodairConfig config, String appName) {
    ConfiguredObjectStore store = ConfiguredObjectStore.open(config);
    try {
      SparkSession spark = Sessions.create(appName, store.settings(), config);
      LakeLayout layout = new LakeLayout(config.value("lake.root", "s3a://" + store.settings().bucket()));
      if (layout.root().startsWith("s3a://")) {
        // The lake's bucket, created on first use (another bucket than the configured one for benchmarks).
        String bucket = layout.root().substring("s3a://".length()).split("/", 2)[0];
        store.bucket(bucket).close();
      }
      SilverFunctions.register(spark);
      tables(layout).forEach(table -> table.ensure(spark));
      return new Lake(config, store, spark, layout);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * The tables of a lake, in promotion order: silver, gold, then quality's metrics and alerts (every process,
   * the SQL endpoint included, sees them all; the maintenance compacts them all).
   */
  public static java.util.List<fr.goodair.lake.LakeTable> tables(LakeLayout layout) {
    java.util.List<fr.goodair.lake.LakeTable> tables = new java.util.ArrayList<>(SilverTables.all(layout));
    tables.addAll(fr.goodair.gold.GoldTables.all(layout));
    tables.addAll(QualityGate.tables(layout));
    return tables;
  }

  public SparkSession spark() {
    return spark;
  }

  public LakeLayout layout() {
    return layout;
  }

  /** The quality gate on this lake: rules from {@code quality.rules-dir} when set, else the built-in registry. */
  public synchronized QualityGate qualityGate() {
    if (gate == null) {
      RuleRegistry rules = config.value("quality.rules-dir").map(java.nio.file.Path::of).map(RuleRegistry::load)
          .orElseGet(RuleRegistry::load);
      gate = new QualityGate(spark, rules, layout);
    }
    return gate;
  }

  /** Forgets the gate (after its tables were dropped): the next {@link #qualityGate()} re-creates them. */
  public synchronized void resetQualityGate() {
    gate = null;
  }

  public GoodairConfig config() {
    return config;
  }

  public ConfiguredObjectStore store() {
    return store;
  }

  @Override
  public void close() {
    try {
      spark.stop();
    } finally {
      store.close();
    }
  }
}
