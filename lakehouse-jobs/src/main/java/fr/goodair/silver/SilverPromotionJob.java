package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import fr.goodair.quality.BatchKey;
import fr.goodair.quality.BatchVerdict;
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
import org.apache.hadoop.fs.Path;
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
   * @param readConcurrency bronze objects each reading task keeps in flight
   */
  public record Options(int maxObjectsPerBatch, int lookbackDays, boolean fullScan, int readConcurrency) {

    public Options(int maxObjectsPerBatch, int lookbackDays, boolean fullScan) {
      this(maxObjectsPerBatch, lookbackDays, fullScan, 16);
    }

    public static Options from(GoodairConfig config) {
      return new Options(config.integer("silver.max-objects-per-batch", 30_000),
          config.integer("silver.lookback-days", 3), false, config.integer("silver.read-concurrency", 16));
    }

    public Options withFullScan() {
      return new Options(maxObjectsPerBatch, lookbackDays, true, readConcurrency);
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
  private final Map<String, LakeTable> tables = new LinkedHashMap<>();

  public SilverPromotionJob(SparkSession spark, LakeLayout lake, QualityGate gate, List<City> cities,
      Options options, Clock clock) {
    this.spark = spark;
    this.lake = lake;
    this.gate = gate;
    this.cities = cities;
    this.options = options;
    this.clock = clock;
    SilverFunctions.register(spark);
    for (LakeTable table : SilverTables.all(lake)) {
      table.ensure(spark);
      tables.put(table.name(), table);
    }
  }

  /** Promotes every pending bronze object; stops at the first held-back batch (later ones would wait anyway). */
  public List<BatchReport> run() {
    long started = System.nanoTime();
    DeltaMerge.replaceIfChanged(spark, SilverTables.DIM_CITY, ReferenceTables.cities(spark, cities),
        List.of("city_id"));
    DeltaMerge.replaceIfChanged(spark, SilverTables.DIM_PARAMETER, ReferenceTables.parameters(spark),
        List.of("parameter", "scale"));
    long listing = System.nanoTime();
    List<BronzeObject> pending = pendingObjects();
    LOG.info("silver: {} bronze object(s) to promote (reference tables {} ms, listing {} ms)", pending.size(),
        (listing - started) / 1_000_000, (System.nanoTime() - listing) / 1_000_000);
    List<BatchReport> reports = new ArrayList<>();
    for (int from = 0; from < pending.size(); from += options.maxObjectsPerBatch()) {
      List<BronzeObject> batch = pending.subList(from, Math.min(pending.size(), from + options.maxObjectsPerBatch()));
      BatchReport report = promote(batch);
      reports.add(report);
      if (report.heldBack()) {
        break;
      }
    }
    return reports;
  }

  /** Bronze objects (keys relative to the lake root) not in the manifest, oldest hour first. */
  List<BronzeObject> pendingObjects() {
    Map<String, LocalDate> newest = new TreeMap<>();
    for (Row row : spark.sql("SELECT source, max(ingest_date) FROM " + SilverTables.MANIFEST + " GROUP BY source")
        .collectAsList()) {
      newest.put(row.getString(0), row.getLocalDate(1));
    }
    Map<String, LocalDate> firstDates = new LinkedHashMap<>();
    LocalDate oldestCutoff = null;
    for (String source : SOURCES) {
      LocalDate cutoff = options.fullScan() || !newest.containsKey(source) ? null
          : newest.get(source).minusDays(options.lookbackDays());
      firstDates.put(source, cutoff);
      if (cutoff != null && (oldestCutoff == null || cutoff.isBefore(oldestCutoff))) {
        oldestCutoff = cutoff;
      }
    }
    List<BronzeObject> listed;
    try {
      Path bronze = new Path(lake.bronzeRoot());
      listed = new BronzeListing(bronze.getFileSystem(spark.sparkContext().hadoopConfiguration()), bronze,
          options.readConcurrency()).list(firstDates);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list bronze under " + lake.bronzeRoot() + ": " + e.getMessage(), e);
    }
    String since = oldestCutoff == null || options.fullScan() || newest.size() < SOURCES.size() ? ""
        : " WHERE ingest_date >= DATE '" + oldestCutoff + "'";
    Set<String> done = new HashSet<>(spark.sql("SELECT object_key FROM " + SilverTables.MANIFEST + since)
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    // Hour order (the key's date/hour) so that a capped batch promotes the oldest hours first.
    return listed.stream().filter(o -> !done.contains(o.key()))
        .sorted(java.util.Comparator.comparing(BronzeObject::hour).thenComparing(BronzeObject::key))
        .toList();
  }

  BatchReport promote(List<BronzeObject> objects) {
    Instant started = clock.instant();
    String batchId = batchId(started, objects);
    Dataset<Row> envelopes = parsedEnvelopes(objects).persist(StorageLevel.MEMORY_AND_DISK());
    List<Dataset<?>> cached = new ArrayList<>(List.of(envelopes));
    List<RowSplit> splits = new ArrayList<>();
    try {
      long reading = System.nanoTime();
      // The one read of bronze: it fills the cache every table's candidates are cut from.
      Row counts = envelopes.agg(expr("count(*)"), expr("count_if(NOT coalesce(readable, false))")).first();
      long envelopeCount = counts.getLong(0);
      long unreadableCount = counts.getLong(1);
      LOG.info("silver batch {}: {} envelopes read from {} objects in {} ms", batchId, envelopeCount, objects.size(),
          (System.nanoTime() - reading) / 1_000_000);

      Dataset<Row> readable = envelopes.where("readable");
      Dataset<Row> aqicn = readable.where("outcome = 'ok' AND source = 'aqicn'");
      Map<String, Dataset<Row>> candidates = new LinkedHashMap<>();
      candidates.put(SilverTables.AIR_QUALITY, AqicnNormalizer.observations(aqicn));
      candidates.put(SilverTables.FORECAST, AqicnNormalizer.forecasts(aqicn));
      candidates.put(SilverTables.DIM_STATION, AqicnNormalizer.stations(aqicn));
      candidates.put(SilverTables.WEATHER,
          OwmWeatherNormalizer.observations(readable.where("outcome = 'ok' AND source = 'owm_weather'")));
      candidates.put(SilverTables.CONCENTRATION,
          OwmAirPollutionNormalizer.concentrations(readable.where("outcome = 'ok' AND source = 'owm_air'")));
      candidates.put(SilverTables.INGESTION_LOG, IngestionLogNormalizer.entries(readable));

      Map<String, Dataset<Row>> accepted = new LinkedHashMap<>();
      List<Dataset<Row>> quarantine = new ArrayList<>();
      if (unreadableCount > 0) {
        quarantine.add(unreadable(envelopes.where("NOT readable OR readable IS NULL"), started));
      }
      List<RuleResult> results = new ArrayList<>();
      Map<String, Long> rows = new LinkedHashMap<>();
      try (QualityGate.MetricsCommit metrics = gate.metricsInOneCommit()) {
        for (Map.Entry<String, Dataset<Row>> entry : candidates.entrySet()) {
          String table = entry.getKey();
          RowSplit split = gate.splitRows(table, entry.getValue());
          splits.add(split);
          Dataset<Row> kept = collapse(table, split.accepted()).persist(StorageLevel.MEMORY_AND_DISK());
          cached.add(kept);
          BatchVerdict verdict = gate.verifyBatch(table, kept, split, new BatchKey(batchId, started));
          results.addAll(verdict.results());
          rows.put(table, verdict.acceptedRows());
          accepted.put(table, kept);
          if (split.rejectedRows() > 0) {
            quarantine.add(quarantineRows(table, split.rejected(), started));
          }
        }
      }
      Dataset<Row> quarantined = quarantine.isEmpty() ? null : quarantine.stream().reduce(Dataset::unionByName)
          .orElseThrow().dropDuplicates("bronze_object", "line_number", "target_table", "record_key", "rule")
          .persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Long> byRule = new TreeMap<>();
      if (quarantined != null) {
        cached.add(quarantined);
        for (Row r : quarantined.groupBy("target_table", "rule").count().collectAsList()) {
          byRule.put(r.getString(0) + "/" + r.getString(1), r.getLong(2));
        }
      }
      boolean heldBack = results.stream().anyMatch(RuleResult::failedAtError);
      if (heldBack) {
        LOG.warn("silver batch {} held back ({} objects stay pending in bronze): {}", batchId, objects.size(),
            results.stream().filter(RuleResult::failedAtError).map(r -> r.table() + "/" + r.rule() + ": "
                + r.message()).toList());
        return new BatchReport(batchId, objects.size(), envelopeCount, rows, byRule, true, results);
      }

      long writing = System.nanoTime();
      write(accepted, rows, quarantined);
      DeltaMerge.insertNew(spark, SilverTables.MANIFEST, manifestRows(objects, envelopes, batchId, started),
          List.of("object_key"), null);
      LOG.info("silver batch {}: {} objects, {} envelopes, rows {}, quarantined {}; written in {} ms", batchId,
          objects.size(), envelopeCount, rows, byRule, (System.nanoTime() - writing) / 1_000_000);
      return new BatchReport(batchId, objects.size(), envelopeCount, rows, byRule, false, results);
    } finally {
      splits.forEach(RowSplit::close);
      cached.forEach(Dataset::unpersist);
    }
  }

  /**
   * The batch's envelopes, read and parsed once: envelope fields, each answer's payload parsed by its source's
   * normalizer (AQICN's as {@code feed_*} columns, OWM's as {@code w} and {@code a}), and the raw line kept only where it is not a readable envelope
   * (for the quarantine). Cached by the caller: every table's candidates are cut from it, the raw payloads are
   * not kept.
   */
  private Dataset<Row> parsedEnvelopes(List<BronzeObject> objects) {
    Dataset<Row> envelopes = BronzeEnvelopes.parse(
        BronzeEnvelopes.readLines(spark, lake.root(), objects, options.readConcurrency()));
    return AqicnNormalizer.flatten(envelopes.select(col("*"),
            when(answered("aqicn"), AqicnNormalizer.payload()).as(AqicnNormalizer.PARSED),
            when(answered("owm_weather"), OwmWeatherNormalizer.payload()).as(OwmWeatherNormalizer.PARSED),
            when(answered("owm_air"), OwmAirPollutionNormalizer.payload()).as(OwmAirPollutionNormalizer.PARSED))
        .withColumn("line", when(expr("readable"), lit(null).cast("string")).otherwise(col("line")))
        .drop("payload"));
  }

  private static org.apache.spark.sql.Column answered(String source) {
    return expr("readable AND outcome = 'ok' AND source = '" + source + "'");
  }

  private Dataset<Row> collapse(String table, Dataset<Row> rows) {
    List<String> tableColumns = columns(table);
    List<String> keys = KEYS.get(table);
    Dataset<Row> withKeys = rows.where(String.join(" AND ", keys.stream().map(k -> k + " IS NOT NULL").toList()));
    return switch (table) {
      case SilverTables.AIR_QUALITY, SilverTables.CONCENTRATION, SilverTables.WEATHER ->
          LatestCapture.collapse(withKeys, keys, tableColumns);
      case SilverTables.FORECAST -> LatestCapture.newest(withKeys, keys,
          "struct(issued_at, bronze_object, line_number)", tableColumns, Map.of());
      case SilverTables.DIM_STATION -> LatestCapture.newest(withKeys, keys,
          "struct(last_seen_at, bronze_object, line_number)", tableColumns,
          Map.of("first_seen_at", "min(first_seen_at)"));
      default -> withKeys.dropDuplicates(keys.toArray(String[]::new))
          .select(tableColumns.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
    };
  }

  /** MERGEs every table that has rows in this batch, then the quarantine (when something was rejected). */
  private void write(Map<String, Dataset<Row>> accepted, Map<String, Long> rows, Dataset<Row> quarantined) {
    java.util.function.Predicate<String> has = table -> rows.getOrDefault(table, 0L) > 0;
    if (has.test(SilverTables.DIM_STATION)) {
      DeltaMerge.stations(spark, SilverTables.DIM_STATION, accepted.get(SilverTables.DIM_STATION));
    }
    for (String table : List.of(SilverTables.AIR_QUALITY, SilverTables.CONCENTRATION, SilverTables.WEATHER)) {
      if (has.test(table)) {
        List<String> keys = KEYS.get(table);
        DeltaMerge.observations(spark, table, accepted.get(table), keys,
            LatestCapture.valueColumns(columns(table), keys), "observed_at");
      }
    }
    if (has.test(SilverTables.FORECAST)) {
      DeltaMerge.latest(spark, SilverTables.FORECAST, accepted.get(SilverTables.FORECAST),
          KEYS.get(SilverTables.FORECAST), "issued_at", Map.of());
    }
    if (has.test(SilverTables.INGESTION_LOG)) {
      DeltaMerge.insertNew(spark, SilverTables.INGESTION_LOG, accepted.get(SilverTables.INGESTION_LOG),
          KEYS.get(SilverTables.INGESTION_LOG), "scheduled_for");
    }
    if (quarantined != null) {
      DeltaMerge.insertNew(spark, SilverTables.QUARANTINE, quarantined,
          List.of("bronze_object", "line_number", "target_table", "record_key", "rule"), null);
    }
  }

  /** A silver table's columns, from its definition (no snapshot to load). */
  private List<String> columns(String table) {
    return tables.get(table).columnNames();
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

  private Dataset<Row> manifestRows(List<BronzeObject> objects, Dataset<Row> envelopes, String batchId,
      Instant at) {
    Dataset<Row> counts = envelopes.groupBy("bronze_object").count();
    return spark.createDataset(objects.stream().map(BronzeObject::key).toList(),
            org.apache.spark.sql.Encoders.STRING()).toDF("object_key")
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

  private static String batchId(Instant at, List<BronzeObject> objects) {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(at);
    int hash = String.join("\n", objects.stream().map(BronzeObject::key).toList()).hashCode();
    return "silver-" + stamp + "-" + String.format("%08x", hash);
  }

  /** {@code spark-submit --class fr.goodair.silver.SilverPromotionJob}: one promotion with the environment's configuration. */
  public static void main(String[] args) {
    GoodairConfig config = GoodairConfig.load(args.length > 0 ? java.nio.file.Path.of(args[0]) : null);
    try (Lake lake = Lake.open(config, "goodair-silver")) {
      List<City> cities = CityReference.fromConfig(config).cities();
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
