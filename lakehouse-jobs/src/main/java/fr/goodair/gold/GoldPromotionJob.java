package fr.goodair.gold;

import fr.goodair.lake.LakeLayout;
import fr.goodair.silver.SilverTables;
import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silver → gold, incremental and exactly-once.
 *
 * <p>A run asks Delta's change data feed of the three silver observation tables which (city, hour) keys changed
 * since the versions the last run reflected ({@code gold.refresh_log}), turns them into a {@link DayScope}, and
 * recomputes only those days, each table with the look-back its windows need, replacing the scope's rows with
 * one MERGE per table. The refresh log is written last. Why that is exactly-once: every table's rows for a day are
 * a function of silver alone, so a run killed before its log entry leaves gold partly recomputed, and the next
 * run recomputes the same days (and any newer ones) from the same silver, reaching the same tables.
 *
 * <p>Aggregates over many days (the climatology, the correlations of every period) would make an hourly run grow
 * with the years, and one more hour hardly moves them: they are refreshed by the first run of each UTC day (and by
 * a rebuild), which also recomputes the features' anomalies against the new climatology;
 * {@code refresh_log.slow_refresh_date} says when.
 *
 * <p>Without a previous run, or when the change feed no longer covers the versions since it (a vacuumed or
 * re-created silver table), the run is a rebuild: every table is recomputed from all of silver.
 */
public final class GoldPromotionJob {

  private static final Logger LOG = LoggerFactory.getLogger(GoldPromotionJob.class);
  /** The silver tables gold is computed from, whose change feed tells what changed. */
  static final List<String> SOURCES = List.of(SilverTables.AIR_QUALITY, SilverTables.CONCENTRATION,
      SilverTables.WEATHER);

  /** What a run did: {@code rows} = rows written per table. */
  public record Report(String runId, boolean rebuild, boolean slowRefresh, int cities, long days,
      Map<String, Long> rows) {

    public boolean nothingNew() {
      return cities == 0 && !slowRefresh;
    }
  }

  /** Called after each table's commit: the crash test stops a run there. */
  interface CommitListener {
    void committed(String table);
  }

  private final SparkSession spark;
  private final Clock clock;
  private CommitListener listener = table -> {};

  public GoldPromotionJob(SparkSession spark, LakeLayout lake, Clock clock) {
    this.spark = spark;
    this.clock = clock;
    GoldTables.all(lake).forEach(table -> table.ensure(spark));
  }

  GoldPromotionJob onCommit(CommitListener listener) {
    this.listener = listener;
    return this;
  }

  public Report run() {
    Instant now = clock.instant();
    String runId = "gold-" + now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString().replace(":", "")
        + "-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Long> versions = new LinkedHashMap<>();
    SOURCES.forEach(t -> versions.put(t, DeltaTable.forName(spark, t).history(1).first().<Long>getAs("version")));
    RefreshState last = RefreshState.load(spark);
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

    Dataset<Row> cities = spark.table(SilverTables.DIM_CITY).cache();
    try {
      DayScope scope = last.versions().keySet().containsAll(SOURCES) ? changedDays(last.versions(), versions, cities)
          : null;
      boolean rebuild = scope == null;
      if (rebuild) {
        scope = allDays(cities);
        LOG.info("gold: rebuild ({} city-days)", scope.days());
      }
      boolean slowRefresh = rebuild || last.slowRefreshDate() == null || last.slowRefreshDate().isBefore(today);
      if (scope.isEmpty() && !slowRefresh) {
        return new Report(runId, false, false, 0, 0, Map.of());
      }
      Map<String, Long> rows = new LinkedHashMap<>();
      GoldWriter writer = new GoldWriter(spark, rebuild, listener);
      if (!scope.isEmpty()) {
        recomputeDays(scope, cities, now, writer, rows);
      }
      if (slowRefresh) {
        rows.put(GoldTables.CLIMATOLOGY, writer.replaceAll(GoldTables.CLIMATOLOGY,
            Climatology.compute(spark.table(GoldTables.CITY_HOURLY), now)));
        rows.put(GoldTables.CORRELATIONS, recomputeCorrelations(now, writer));
      }
      // After the climatology: features compare each hour with it, so a refreshed climatology gets all the
      // features recomputed against it; an ordinary run recomputes the scope's days and the next day (whose
      // first 24 hours lag and roll over the scope's last ones).
      if (slowRefresh) {
        rows.put(GoldTables.SEASONALITY_FEATURES, writer.replaceAll(GoldTables.SEASONALITY_FEATURES,
            SeasonalityFeatures.compute(spark.table(GoldTables.CITY_HOURLY), spark.table(GoldTables.CLIMATOLOGY), now)));
      } else {
        DayScope featureDays = scope.widen(0, 1);
        Dataset<Row> features = SeasonalityFeatures.compute(
            window(featureDays.widen(1, 0)), spark.table(GoldTables.CLIMATOLOGY), now)
            .where(featureDays.condition("", "local_date"));
        rows.put(GoldTables.SEASONALITY_FEATURES, writer.replace(GoldTables.SEASONALITY_FEATURES, features,
            List.of("city_id", "hour_utc"), featureDays, "local_date"));
      }
      appendRefreshLog(last, runId, versions, scope, slowRefresh ? today : last.slowRefreshDate(), now);
      LOG.info("gold {}: {} city-days recomputed{}, rows {}", runId, scope.days(),
          slowRefresh ? " and history aggregates refreshed" : "", rows);
      return new Report(runId, rebuild, slowRefresh, scope.cities().size(), scope.days(), rows);
    } finally {
      cities.unpersist();
    }
  }

  /** {@code spark-submit --class fr.goodair.gold.GoldPromotionJob}: one gold run with the environment's configuration. */
  public static void main(String[] args) {
    fr.goodair.ingestion.config.GoodairConfig config = fr.goodair.ingestion.config.GoodairConfig.load(
        args.length > 0 ? java.nio.file.Path.of(args[0]) : null);
    try (fr.goodair.lake.Lake lake = fr.goodair.lake.Lake.open(config, "goodair-gold")) {
      System.out.println(describe(new GoldPromotionJob(lake.spark(), lake.layout(), Clock.systemUTC()).run()));
    }
  }

  /** One line for people. */
  public static String describe(Report r) {
    return String.format("%s: %s%d city-days of %d cities recomputed%s; rows %s", r.runId(),
        r.rebuild() ? "rebuild, " : "", r.days(), r.cities(),
        r.slowRefresh() ? ", climatology and correlations refreshed" : "", r.rows());
  }

  /** The day-keyed tables of {@code scope}, from city_hourly outwards. */
  private void recomputeDays(DayScope scope, Dataset<Row> cities, Instant now, GoldWriter writer,
      Map<String, Long> rows) {
    // Silver observations of the scope's days, with a day either side (local days straddle UTC days).
    DayScope silverDays = scope.widen(1, 1);
    Dataset<Row> hourly = CityHourly.compute(
        spark.table(SilverTables.AIR_QUALITY).where(silverDays.hourCondition("", "observed_at")),
        spark.table(SilverTables.CONCENTRATION).where(silverDays.hourCondition("", "observed_at")),
        spark.table(SilverTables.WEATHER).where(silverDays.hourCondition("", "observed_at")),
        cities, now).where(scope.condition("", "local_date"));
    rows.put(GoldTables.CITY_HOURLY, writer.replace(GoldTables.CITY_HOURLY, hourly, List.of("city_id", "hour_utc"),
        scope, "local_date"));

    // Everything else reads city_hourly, over the scope and the look-back/ahead of the widest window.
    // A day's values are in the baselines of the days after it (none yet after an hourly run's newest day).
    DayScope extremes = scope.widen(0, ExtremeVariations.LOOKBACK_DAYS);
    // An hour of local day L is in the UTC days L-1 … L, whose Tn/Tx days reach L-2 … L+1, and a Tn/Tx day X
    // changes the heatwave rows X-2 … X+2 (HeatwaveIndicator.affectedDays).
    DayScope heat = scope.widen(4, 3);
    Dataset<Row> window = window(scope.widen(ExtremeVariations.LOOKBACK_DAYS + 1,
        ExtremeVariations.LOOKBACK_DAYS + 1)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      rows.put(GoldTables.CITY_DAILY, writer.replace(GoldTables.CITY_DAILY,
          CityDaily.compute(window.where(scope.condition("", "local_date")), cities, now),
          List.of("city_id", "local_date", "variable"), scope, "local_date"));
      // An exceedance counts for the day its period ends in: windows crossing midnight reach the next day.
      DayScope exceedances = scope.widen(0, 1);
      rows.put(GoldTables.THRESHOLD_EXCEEDANCES, writer.replace(GoldTables.THRESHOLD_EXCEEDANCES,
          ThresholdExceedances.compute(window.where(exceedances.widen(1, 0).condition("", "local_date")), now)
              .where(exceedances.condition("", "local_date")),
          List.of("city_id", "pollutant", "threshold_id", "basis", "period_start"), exceedances, "local_date"));
      rows.put(GoldTables.EXTREME_VARIATIONS, writer.replace(GoldTables.EXTREME_VARIATIONS,
          ExtremeVariations.compute(window.where(
              extremes.widen(ExtremeVariations.LOOKBACK_DAYS + 1, 0).condition("", "local_date")), now,
              org.apache.spark.sql.functions.expr(extremes.condition("", "local_date"))),
          List.of("city_id", "hour_utc", "variable", "kind"), extremes, "local_date"));
      rows.put(GoldTables.HEATWAVE_DAILY, writer.replace(GoldTables.HEATWAVE_DAILY,
          HeatwaveIndicator.compute(window.where(heat.widen(HeatwaveIndicator.MARGIN_DAYS + 1,
              HeatwaveIndicator.MARGIN_DAYS + 1).condition("", "local_date")), cities, now).where(heat.condition("", "day")),
          List.of("city_id", "day"), heat, "day"));
    } finally {
      window.unpersist();
    }
  }

  /** Every period of every city: one write, so that a rebuild's overwrite holds them all. */
  private long recomputeCorrelations(Instant now, GoldWriter writer) {
    Dataset<Row> hourly = spark.table(GoldTables.CITY_HOURLY);
    Row span = hourly.agg(org.apache.spark.sql.functions.min("hour_utc"),
        org.apache.spark.sql.functions.max("hour_utc")).first();
    if (span.isNullAt(0)) {
      return 0;
    }
    List<Correlations.Period> periods = Correlations.Period.overlapping(span.getInstant(0),
        span.getInstant(1).plusSeconds(3600), Correlations.Period.Type.values());
    return writer.replaceAll(GoldTables.CORRELATIONS, Correlations.compute(hourly, periods, now));
  }

  private Dataset<Row> window(DayScope days) {
    return spark.table(GoldTables.CITY_HOURLY).where(days.condition("", "local_date"));
  }

  /** Local days touched by the silver changes between the two sets of versions; null when the feed cannot say. */
  private DayScope changedDays(Map<String, Long> from, Map<String, Long> to, Dataset<Row> cities) {
    List<Dataset<Row>> changes = new ArrayList<>();
    for (String table : SOURCES) {
      if (to.get(table) <= from.get(table)) {
        continue;
      }
      changes.add(spark.read().format("delta").option("readChangeFeed", "true")
          .option("startingVersion", from.get(table) + 1).option("endingVersion", to.get(table)).table(table)
          // Deletes are skipped: the observation tables' MERGEs never delete, only the retention does, and gold
          // keeps its own retention (city_daily, heatwave_daily forever): expired silver rows change no gold day.
          .where("_change_type NOT IN ('update_preimage', 'delete') AND city_id IS NOT NULL")
          .selectExpr("city_id", CityHourly.HOUR_OF_OBSERVATION + " AS hour_utc"));
    }
    if (changes.isEmpty()) {
      return new DayScope(Map.of());
    }
    try {
      return scopeOf(changes.stream().reduce(Dataset::union).orElseThrow().distinct(), cities);
    } catch (Exception e) {
      // Scala throws Delta's AnalysisException unchecked: caught here as what Java sees it, an Exception.
      if (!String.valueOf(e.getMessage()).contains("change data")) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
      }
      // The feed does not cover these versions (enabled later, or its files vacuumed): recompute everything.
      LOG.warn("gold: change feed unavailable since the last run ({}): rebuilding", e.getMessage());
      return null;
    }
  }

  private DayScope allDays(Dataset<Row> cities) {
    List<Dataset<Row>> hours = SOURCES.stream().map(t -> spark.table(t).where("city_id IS NOT NULL")
        .selectExpr("city_id", CityHourly.HOUR_OF_OBSERVATION + " AS hour_utc")).toList();
    return scopeOf(hours.stream().reduce(Dataset::union).orElseThrow(), cities);
  }

  /** Per city, the range of local days of {@code hours} (city_id, hour_utc). */
  private static DayScope scopeOf(Dataset<Row> hours, Dataset<Row> cities) {
    return rangesOf(hours.join(cities.select("city_id", "timezone"), "city_id")
        .selectExpr("city_id", "to_date(from_utc_timestamp(hour_utc, timezone)) AS day"));
  }

  /** Per city, the first and last {@code day} of {@code days} (city_id, day). */
  private static DayScope rangesOf(Dataset<Row> days) {
    Map<String, DayScope.Range> ranges = new TreeMap<>();
    for (Row r : days.groupBy("city_id")
        .agg(org.apache.spark.sql.functions.min("day"), org.apache.spark.sql.functions.max("day")).collectAsList()) {
      ranges.put(r.getString(0), new DayScope.Range(r.getLocalDate(1), r.getLocalDate(2)));
    }
    return new DayScope(ranges);
  }

  private void appendRefreshLog(RefreshState state, String runId, Map<String, Long> versions, DayScope scope,
      LocalDate slowRefresh, Instant at) {
    List<Row> log = new ArrayList<>();
    long runNumber = state.runNumber() + 1;
    versions.forEach((table, version) -> log.add(RowFactory.create(runNumber, runId, table, version, scope.cities().size(),
        (int) scope.days(), slowRefresh == null ? null : java.sql.Date.valueOf(slowRefresh), Timestamp.from(at))));
    try {
      spark.createDataFrame(log, spark.table(GoldTables.REFRESH_LOG).schema()).writeTo(GoldTables.REFRESH_LOG)
          .append();
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException(e);
    }
    listener.committed(GoldTables.REFRESH_LOG);
  }

  /** What the last completed run left: its number, the silver versions reflected, the last slow refresh. */
  record RefreshState(long runNumber, Map<String, Long> versions, LocalDate slowRefreshDate) {

    static RefreshState load(SparkSession spark) {
      List<Row> lastRun = spark.sql("SELECT run_number, silver_table, silver_version, slow_refresh_date FROM "
          + GoldTables.REFRESH_LOG + " WHERE run_number = (SELECT max(run_number) FROM " + GoldTables.REFRESH_LOG
          + ")").collectAsList();
      long number = 0;
      Map<String, Long> versions = new TreeMap<>();
      LocalDate slow = null;
      for (Row r : lastRun) {
        number = r.getLong(0);
        versions.put(r.getString(1), r.getLong(2));
        slow = r.isNullAt(3) ? slow : r.getLocalDate(3);
      }
      return new RefreshState(number, versions, slow);
    }
  }
}
