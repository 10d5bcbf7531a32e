package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.quality.BatchKey;
import fr.goodair.quality.QualityGate;
import fr.goodair.quality.RowSplit;
import fr.goodair.quality.RuleResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze → silver, incremental and exactly-once.
 *
 * <p>Each run lists the bronze objects not yet in {@code silver.promotion_manifest}, reads them in batches,
 * normalizes every envelope, passes the candidates through the quality gate (row-level rules → quarantine,
 * batch rules → go / hold back), MERGEs the accepted rows on their natural keys, and only then records the
 * batch's objects in the manifest. Why that is exactly-once: every MERGE is idempotent and order-independent
 * ({@link DeltaMerge}), so a run killed at any point leaves either nothing or some tables merged without the
 * manifest; the next run processes the same objects again and reaches the same tables. A held-back batch writes
 * nothing but its quality results: its objects stay pending in bronze, to be promoted by a run after the fix.
 *
 * <p>Entry points: {@code ./goodair promote silver}, or {@code spark-submit --class
 * fr.goodair.silver.SilverPromotionJob} (see README).
 */
public final class SilverPromotionJob {

  private static final Logger LOG = LoggerFactory.getLogger(SilverPromotionJob.class);
  private static final List<String> SOURCES = List.of("aqicn", "owm_weather", "owm_air");
  /** Rule for lines that are not envelopes at all (quarantined with target table {@code bronze}). */
  public static final String UNREADABLE_ENVELOPE_RULE = "envelope_readable";

  /**
   * @param maxObjectsPerBatch bronze objects promoted together (one hour = 3 objects; a year ≈ 26,000)
   * @param lookbackDays objects are looked for in the ingest dates from each source's newest promoted date
   *     minus this many days: listing stays constant as history grows
   * @param fullScan list every ingest date (after a long store outage flushed very old spooled objects)
   */
  public record Options(int maxObjectsPerBatch, int lookbackDays, boolean fullScan) {

    public static Options from(GoodairConfig config) {
      return new Options(config.integer("silver.max-objects-per-batch", 30_000),
          config.integer("silver.lookback-days", 3), false);
    }

    public Options withFullScan() {
      return new Options(maxObjectsPerBatch, lookbackDays, true);
    }
  }

  /** What one batch did. {@code rows} counts accepted rows per table, {@code quarantined} rejected ones per rule. */
  public record BatchReport(String batchId, int objects, long envelopes, Map<String, Long> rows,
      Map<String, Long> quarantined, boolean heldBack, List<RuleResult> results) {}

  /** Natural keys of the fact tables: what "the same observation" means for each. */
  static final Map<String, List<String>> KEYS = Map.of(
      SilverTables.AIR_QUALITY, List.of("station_idx", "observed_at", "parameter"),
      SilverTables.CONCENTRATION, List.of("city_id", "observed_at", "parameter"),
      SilverTables.WEATHER, List.of("city_id", "observed_at"),
      SilverTables.FORECAST, List.of("station_idx", "parameter", "forecast_date", "issued_date"),
      SilverTables.DIM_STATION, List.of("station_idx"),
      SilverTables.INGESTION_LOG, List.of("source", "city_id", "scheduled_for", "run_id"));

  private final SparkSession spark;
  private final LakeLayout lake;
  private final QualityGate gate;
  private final List<City> cities;
  private final Options options;
  private final Clock clock;

  public SilverPromotionJob(SparkSession spark, LakeLayout lake, QualityGate gate, List<City> cities,
      Options options, Clock clock) {
    this.spark = spark;
    this.lake = lake;
    this.gate = gate;
    this.cities = cities;
    this.options = options;
    this.clock = clock;
    SilverFunctions.register(spark);
    SilverTables.all(lake).forEach(t -> t.ensure(spark));
  }

  /** Promotes every pending bronze object; stops at the first held-back batch (later ones would wait anyway). */
  public List<BatchReport> run() {
    DeltaMerge.replaceIfChanged(spark, SilverTables.DIM_CITY, ReferenceTables.cities(spark, cities),
        List.of("city_id"));
    DeltaMerge.replaceIfChanged(spark, SilverTables.DIM_PARAMETER, ReferenceTables.parameters(spark),
        List.of("parameter", "scale"));
    List<String> pending = pendingObjects();
    LOG.info("silver: {} bronze object(s) to promote", pending.size());
    List<BatchReport> reports = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += options.maxObjectsPerBatch()) {
      List<String> batch = pending.subList(from, Math.min(pending.size(), from + options.maxObjectsPerBatch()));
      BatchReport report = promote(batch);
      reports.add(report);
      if (report.heldBack()) {
        break;
      }
    }
    return reports;
  }

  /** Bronze object keys (relative to the lake root) not in the manifest, oldest hour first. */
  List<String> pendingObjects() {
    Map<String, LocalDate> newest = new TreeMap<>();
    for (Row row : spark.sql("SELECT source, max(ingest_date) FROM " + SilverTables.MANIFEST + " GROUP BY source")
        .collectAsList()) {
      newest.put(row.getString(0), row.getLocalDate(1));
    }
    LocalDate oldestCutoff = null;
    List<String> listed = new ArrayList<>();
    try {
      Path bronze = new Path(lake.bronzeRoot());
      FileSystem fs = bronze.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (String source : SOURCES) {
        Path sourceDir = new Path(bronze, "source=" + source);
        if (!fs.exists(sourceDir)) {
          continue;
        }
        LocalDate cutoff = options.fullScan() || !newest.containsKey(source) ? null
            : newest.get(source).minusDays(options.lookbackDays());
        if (cutoff != null && (oldestCutoff == null || cutoff.isBefore(oldestCutoff))) {
          oldestCutoff = cutoff;
        }
        for (FileStatus dateDir : fs.listStatus(sourceDir)) {
          String name = dateDir.getPath().getName();
          if (!dateDir.isDirectory() || !name.startsWith("ingest_date=")) {
            continue;
          }
          if (cutoff != null && LocalDate.parse(name.substring("ingest_date=".length())).isBefore(cutoff)) {
            continue;
          }
          try {
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(dateDir.getPath(), true);
            while (files.hasNext()) {
              String path = files.next().getPath().toString();
              if (path.endsWith(".jsonl")) {
                listed.add(path.substring(path.indexOf("/bronze/") + 1));
              }
            }
          } catch (java.io.FileNotFoundException emptied) {
            // A date folder emptied since it was listed (lifecycle rules, an empty directory marker): nothing to do.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list bronze under " + lake.bronzeRoot() + ": " + e.getMessage(), e);
    }
    String since = oldestCutoff == null || options.fullScan() || newest.size() < SOURCES.size() ? ""
        : " WHERE ingest_date >= DATE '" + oldestCutoff + "'";
    Set<String> done = new HashSet<>(spark.sql("SELECT object_key FROM " + SilverTables.MANIFEST + since)
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    // Hour order (the key's date/hour) so that a capped batch promotes the oldest hours first.
    return listed.stream().filter(k -> !done.contains(k))
        .sorted((a, b) -> hourOf(a).compareTo(hourOf(b)) != 0 ? hourOf(a).compareTo(hourOf(b)) : a.compareTo(b))
        .toList();
  }

  private static String hourOf(String key) {
    int date = key.indexOf("ingest_date=");
    return key.substring(date, key.indexOf("/run-"));
  }

  BatchReport promote(List<String> objects) {
    Instant started = clock.instant();
    String batchId = batchId(started, objects);
    Dataset<Row> envelopes = BronzeEnvelopes.parse(BronzeEnvelopes.readLines(spark, lake.root(), objects))
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<Dataset<?>> cached = new ArrayList<>(List.of(envelopes));
    List<RowSplit> splits = new ArrayList<>();
    try {
      Dataset<Row> readable = envelopes.where("readable");
      Dataset<Row> ok = readable.where("outcome = 'ok'");
      Dataset<Row> aqicn = AqicnNormalizer.parse(ok.where("source = 'aqicn'"))
          .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(aqicn);

      Map<String, Dataset<Row>> candidates = new LinkedHashMap<>();
      candidates.put(SilverTables.AIR_QUALITY, AqicnNormalizer.observations(aqicn));
      candidates.put(SilverTables.FORECAST, AqicnNormalizer.forecasts(aqicn));
      candidates.put(SilverTables.DIM_STATION, AqicnNormalizer.stations(aqicn));
      candidates.put(SilverTables.WEATHER, OwmWeatherNormalizer.observations(ok.where("source = 'owm_weather'")));
      candidates.put(SilverTables.CONCENTRATION,
          OwmAirPollutionNormalizer.concentrations(ok.where("source = 'owm_air'")));
      candidates.put(SilverTables.INGESTION_LOG, IngestionLogNormalizer.entries(readable));

      Map<String, Dataset<Row>> accepted = new LinkedHashMap<>();
      List<Dataset<Row>> quarantine = new ArrayList<>();
      quarantine.add(unreadable(envelopes.where("NOT readable OR readable IS NULL"), started));
      List<RuleResult> results = new ArrayList<>();
      Map<String, Long> rows = new LinkedHashMap<>();
      for (Map.Entry<String, Dataset<Row>> entry : candidates.entrySet()) {
        String table = entry.getKey();
        RowSplit split = gate.splitRows(table, entry.getValue());
        splits.add(split);
        Dataset<Row> rejected = split.rejected();
        Dataset<Row> kept = collapse(table, split.accepted()).persist(StorageLevel.MEMORY_AND_DISK());
        cached.add(kept);
        rows.put(table, kept.count());
        results.addAll(gate.verifyBatch(table, kept, split, new BatchKey(batchId, started)).results());
        accepted.put(table, kept);
        quarantine.add(quarantineRows(table, rejected, started));
      }
      Dataset<Row> quarantined = quarantine.stream().reduce(Dataset::unionByName).orElseThrow()
          .dropDuplicates("bronze_object", "line_number", "target_table", "record_key", "rule")
          .persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(quarantined);
      Map<String, Long> byRule = new TreeMap<>();
      for (Row r : quarantined.groupBy("target_table", "rule").count().collectAsList()) {
        byRule.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
      }
      long envelopeCount = envelopes.count();
      boolean heldBack = results.stream().anyMatch(RuleResult::failedAtError);
      if (heldBack) {
        LOG.warn("silver batch {} held back ({} objects stay pending in bronze): {}", batchId, objects.size(),
            results.stream().filter(RuleResult::failedAtError).map(r -> r.table() + "/" + r.rule() + ": "
                + r.message()).toList());
        return new BatchReport(batchId, objects.size(), envelopeCount, rows, byRule, true, results);
      }

      write(accepted, quarantined);
      DeltaMerge.insertNew(spark, SilverTables.MANIFEST, manifestRows(objects, envelopes, batchId, started),
          List.of("object_key"), null);
      LOG.info("silver batch {}: {} objects, {} envelopes, rows {}, quarantined {}", batchId, objects.size(),
          envelopeCount, rows, byRule);
      return new BatchReport(batchId, objects.size(), envelopeCount, rows, byRule, false, results);
    } finally {
      splits.forEach(RowSplit::close);
      cached.forEach(Dataset::unpersist);
    }
  }

  private Dataset<Row> collapse(String table, Dataset<Row> rows) {
    List<String> tableColumns = Arrays.asList(spark.table(table).columns());
    List<String> keys = KEYS.get(table);
    Dataset<Row> withKeys = rows.where(String.join(" AND ", keys.stream().map(k -> k + " IS NOT NULL").toList()));
    return switch (table) {
      case SilverTables.AIR_QUALITY, SilverTables.CONCENTRATION, SilverTables.WEATHER ->
          LatestCapture.collapse(withKeys, keys, LatestCapture.valueColumns(tableColumns, keys));
      case SilverTables.FORECAST -> withKeys
          .withColumn("_rank", expr("row_number() OVER (PARTITION BY " + String.join(", ", keys)
              + " ORDER BY issued_at DESC, bronze_object DESC, line_number DESC)"))
          .where("_rank = 1").select(tableColumns.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
      case SilverTables.DIM_STATION -> withKeys
          .withColumn("_rank", expr("row_number() OVER (PARTITION BY station_idx ORDER BY last_seen_at DESC)"))
          .withColumn("first_seen_at", expr("min(first_seen_at) OVER (PARTITION BY station_idx)"))
          .where("_rank = 1").select(tableColumns.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
      default -> withKeys.dropDuplicates(keys.toArray(String[]::new))
          .select(tableColumns.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
    };
  }

  private void write(Map<String, Dataset<Row>> accepted, Dataset<Row> quarantined) {
    DeltaMerge.stations(spark, SilverTables.DIM_STATION, accepted.get(SilverTables.DIM_STATION));
    for (String table : List.of(SilverTables.AIR_QUALITY, SilverTables.CONCENTRATION, SilverTables.WEATHER)) {
      List<String> keys = KEYS.get(table);
      DeltaMerge.observations(spark, table, accepted.get(table), keys,
          LatestCapture.valueColumns(Arrays.asList(spark.table(table).columns()), keys), "observed_at");
    }
    DeltaMerge.latest(spark, SilverTables.FORECAST, accepted.get(SilverTables.FORECAST),
        KEYS.get(SilverTables.FORECAST), "issued_at", Map.of());
    DeltaMerge.insertNew(spark, SilverTables.INGESTION_LOG, accepted.get(SilverTables.INGESTION_LOG),
        KEYS.get(SilverTables.INGESTION_LOG), "scheduled_for");
    DeltaMerge.insertNew(spark, SilverTables.QUARANTINE, quarantined,
        List.of("bronze_object", "line_number", "target_table", "record_key", "rule"), null);
  }

  /** Rejected candidates → quarantine rows: the rule, the record as JSON, where it came from. */
  private static Dataset<Row> quarantineRows(String table, Dataset<Row> rejected, Instant at) {
    List<String> keys = KEYS.get(table);
    String recordKey = "concat_ws('|', " + String.join(", ",
        keys.stream().map(k -> "coalesce(CAST(" + k + " AS STRING), 'null')").toList()) + ")";
    String[] recordColumns = Arrays.stream(rejected.columns())
        .filter(c -> !List.of("rule", "detail").contains(c)).toArray(String[]::new);
    String source = switch (table) {
      case SilverTables.WEATHER -> "'owm_weather'";
      case SilverTables.CONCENTRATION -> "'owm_air'";
      case SilverTables.INGESTION_LOG -> "source";
      default -> "'aqicn'";
    };
    return rejected.select(
        lit(table).as("target_table"),
        col("rule"),
        col("bronze_object"),
        col("line_number"),
        expr(recordKey).as("record_key"),
        expr(source).as("source"),
        col("city_id"),
        expr("to_json(struct(" + String.join(", ", Arrays.stream(recordColumns).map(c -> "`" + c + "`").toList())
            + "))").as("record"),
        col("detail"),
        lit(java.sql.Timestamp.from(at)).as("quarantined_at"));
  }

  private static Dataset<Row> unreadable(Dataset<Row> lines, Instant at) {
    return lines.select(
        lit("bronze").as("target_table"),
        lit(UNREADABLE_ENVELOPE_RULE).as("rule"),
        col("bronze_object"),
        col("line_number"),
        lit("line").as("record_key"),
        col("source"),
        col("city_id"),
        expr("substring(line, 1, 10000)").as("record"),
        lit("not an envelope of version 1 with run_id, source, city_id, scheduled_for and outcome").as("detail"),
        lit(java.sql.Timestamp.from(at)).as("quarantined_at"));
  }

  private Dataset<Row> manifestRows(List<String> objects, Dataset<Row> envelopes, String batchId, Instant at) {
    Dataset<Row> counts = envelopes.groupBy("bronze_object").count();
    return spark.createDataset(objects, org.apache.spark.sql.Encoders.STRING()).toDF("object_key")
        .join(counts, col("object_key").equalTo(col("bronze_object")), "left")
        .select(
            col("object_key"),
            expr("regexp_extract(object_key, 'source=([a-z_]+)/', 1)").as("source"),
            expr("CAST(regexp_extract(object_key, 'ingest_date=([0-9-]+)/', 1) AS DATE)").as("ingest_date"),
            expr("CAST(regexp_extract(object_key, 'hour=([0-9]+)/', 1) AS INT)").as("hour"),
            expr("coalesce(count, 0)").as("envelopes"),
            lit(batchId).as("batch_id"),
            lit(java.sql.Timestamp.from(at)).as("promoted_at"));
  }

  private static String batchId(Instant at, List<String> objects) {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at);
    int hash = String.join("\n", objects).hashCode();
    return "silver-" + stamp + "-" + String.format("%08x", hash);
  }

  /** {@code spark-submit --class fr.goodair.silver.SilverPromotionJob}: one promotion with the environment's configuration. */
  public static void main(String[] args) {
    GoodairConfig config = GoodairConfig.load(args.length > 0 ? java.nio.file.Path.of(args[0]) : null);
    try (Lake lake = Lake.open(config, "goodair-silver")) {
      List<City> cities = config.value("cities.file").map(java.nio.file.Path::of).map(CityReference::load)
          .orElseGet(CityReference::loadDefault).cities();
      SilverPromotionJob job = new SilverPromotionJob(lake.spark(), lake.layout(), lake.qualityGate(), cities,
          Options.from(config), Clock.systemUTC());
      List<BatchReport> reports = job.run();
      reports.forEach(r -> System.out.println(describe(r)));
      if (reports.stream().anyMatch(BatchReport::heldBack)) {
        System.exit(2);
      }
    }
  }

  /** One line per batch for people. */
  public static String describe(BatchReport r) {
    long quarantined = r.quarantined().values().stream().mapToLong(Long::longValue).sum();
    return String.format("%s: %d objects, %d envelopes → %s; %d quarantined%s", r.batchId(), r.objects(),
        r.envelopes(), r.rows(), quarantined, r.heldBack() ? " — HELD BACK (stays in bronze)" : "");
  }
}
