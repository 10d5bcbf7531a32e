package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.cli.SimulatedHistory;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import fr.goodair.quality.QualityGate;
import fr.goodair.quality.RuleRegistry;
import fr.goodair.silver.SilverPromotionJob;
import fr.goodair.silver.SilverTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The silver → gold job on simulated bronze (the API simulator's models, as the benchmarks use them) for Paris
 * and Marseille over a winter month and a summer month, promoted through the real silver job into the real S3
 * store: a rebuild fills every gold table and shows the simulator's couplings; hourly runs and a crashed run
 * then converge to exactly the tables a rebuild gives.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GoldPromotionJobTest {

  private static final Instant WINTER = Instant.parse("2026-01-05T00:00:00Z");
  private static final Instant SUMMER = Instant.parse("2026-07-01T00:00:00Z");
  /** The summer history ends three hours before this; the hourly runs bring it here, the crashed run one hour on. */
  private static final Instant END = Instant.parse("2026-08-01T00:00:00Z");
  /** All runs happen on one UTC day: the history-wide aggregates are refreshed by rebuilds only. */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-08-01T03:00:00Z"), ZoneOffset.UTC);

  private static final SparkSession spark = TestLake.spark();
  private static LakeLayout lake;
  private static List<City> cities;

  @BeforeAll
  static void simulatedSilver() {
    lake = TestLake.newLake();
    cities = CityReference.loadDefault().cities().stream()
        .filter(c -> List.of("paris", "marseille").contains(c.id())).toList();
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      SimulatedHistory.write(store, cities, WINTER, WINTER.plus(30, ChronoUnit.DAYS), 42, 2);
      SimulatedHistory.write(store, cities, SUMMER, END.minus(3, ChronoUnit.HOURS), 42, 2);
    }
    promoteSilver();
  }

  private static void promoteSilver() {
    new SilverPromotionJob(spark, lake, new QualityGate(spark, RuleRegistry.load(), lake), cities,
        new SilverPromotionJob.Options(100_000, 3, false), Clock.systemUTC()).run();
  }

  private static void captureAndPromote(Instant hour) {
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      SimulatedHistory.write(store, cities, hour, hour.plus(1, ChronoUnit.HOURS), 42, 1);
    }
    promoteSilver();
  }

  private static GoldPromotionJob gold() {
    return new GoldPromotionJob(spark, lake, CLOCK);
  }

  private static double scalar(String sql) {
    return ((Number) spark.sql(sql).first().get(0)).doubleValue();
  }

  private static double correlation(String city, String period, String x, String y) {
    return scalar("SELECT pearson FROM gold.correlations WHERE city_id = '" + city + "' AND period = '" + period
        + "' AND variable_x = '" + x + "' AND variable_y = '" + y + "' AND lag_hours = 0");
  }

  @Test
  @Order(1)
  void aRebuildFillsEveryGoldTableAndShowsTheSimulatorsCouplings() {
    GoldPromotionJob.Report report = gold().run();

    assertThat(report.rebuild()).isTrue();
    assertThat(report.slowRefresh()).isTrue();
    assertThat(report.cities()).isEqualTo(2);
    // One city_hourly row per city and hour that any source observed.
    double silverHours = scalar("SELECT count(DISTINCT city_id, " + CityHourly.HOUR_OF_OBSERVATION + ") FROM ("
        + "SELECT city_id, observed_at FROM " + SilverTables.WEATHER + " UNION ALL SELECT city_id, observed_at FROM "
        + SilverTables.CONCENTRATION + " UNION ALL SELECT city_id, observed_at FROM " + SilverTables.AIR_QUALITY
        + " WHERE city_id IS NOT NULL)");
    assertThat(scalar("SELECT count(*) FROM gold.city_hourly")).isEqualTo(silverHours);
    for (String table : List.of(GoldTables.CITY_DAILY, GoldTables.THRESHOLD_EXCEEDANCES,
        GoldTables.EXTREME_VARIATIONS, GoldTables.CORRELATIONS, GoldTables.CLIMATOLOGY,
        GoldTables.SEASONALITY_FEATURES, GoldTables.HEATWAVE_DAILY)) {
      assertThat(scalar("SELECT count(*) FROM " + table)).as(table).isPositive();
    }
    // Plausible values: Paris daily mean temperatures of January and July, full coverage on whole days.
    assertThat(scalar("SELECT avg(mean) FROM gold.city_daily WHERE city_id = 'paris' AND variable = 'temperature_c'"
        + " AND month(local_date) = 1")).isBetween(-5.0, 12.0);
    assertThat(scalar("SELECT avg(mean) FROM gold.city_daily WHERE city_id = 'paris' AND variable = 'temperature_c'"
        + " AND month(local_date) = 7")).isBetween(15.0, 30.0);
    assertThat(scalar("SELECT min(coverage) FROM gold.city_daily WHERE variable = 'temperature_c' AND local_date"
        + " BETWEEN DATE '2026-07-02' AND DATE '2026-07-30'")).isEqualTo(1.0);
    assertThat(scalar("SELECT count(*) FROM gold.heatwave_daily WHERE city_id = 'paris' AND tx_c IS NOT NULL"
        + " AND day BETWEEN DATE '2026-07-02' AND DATE '2026-07-29'")).isEqualTo(28);
    // The simulator's couplings, with the right sign: ozone rises with temperature in summer, particles fall
    // as the wind disperses them.
    assertThat(correlation("paris", "2026-07", "temperature_c", "o3_ugm3")).isGreaterThan(0.2);
    assertThat(correlation("marseille", "2026-07", "temperature_c", "o3_ugm3")).isGreaterThan(0.2);
    assertThat(correlation("paris", "2026-01", "wind_speed_ms", "pm10_ugm3")).isLessThan(-0.1);
    assertThat(correlation("paris", "2026-01", "wind_speed_ms", "pm25_ugm3")).isLessThan(-0.1);
  }

  @Test
  @Order(2)
  void hourlyRunsAndACrashedRunReachTheTablesOfARebuild() {
    for (int i = 3; i >= 1; i--) {
      captureAndPromote(END.minus(i, ChronoUnit.HOURS));
      GoldPromotionJob.Report hourly = gold().run();
      assertThat(hourly.rebuild()).isFalse();
      assertThat(hourly.slowRefresh()).isFalse();
      assertThat(hourly.cities()).isEqualTo(2);
      // One local day per city, or two when a lagging AQICN station's observation of the day before is captured again.
      assertThat(hourly.days()).isBetween(2L, 4L);
    }
    assertThat(gold().run().nothingNew()).isTrue();

    // The next hour opens a new local day and a new month; the run dies after its third commit.
    captureAndPromote(END);
    int[] commits = {0};
    GoldPromotionJob crashing = gold().onCommit(table -> {
      if (++commits[0] == 3) {
        throw new IllegalStateException("simulated crash after committing " + table);
      }
    });
    assertThatThrownBy(crashing::run).hasMessageContaining("simulated crash");
    GoldPromotionJob.Report rerun = gold().run();
    assertThat(rerun.rebuild()).isFalse();
    Map<String, Dataset<Row>> incremental = snapshot(false);
    // The first run of the next UTC day refreshes what hourly runs leave alone: climatology, correlations, and
    // the features' anomalies against the new climatology.
    GoldPromotionJob.Report nextDay = new GoldPromotionJob(spark, lake, Clock.offset(CLOCK, Duration.ofDays(1))).run();
    assertThat(nextDay.slowRefresh()).isTrue();
    assertThat(nextDay.days()).isZero();
    Map<String, Dataset<Row>> refreshed = snapshot(true);

    spark.sql("DELETE FROM " + GoldTables.REFRESH_LOG);
    assertThat(gold().run().rebuild()).isTrue();
    assertSameRows(incremental, snapshot(false), "the hourly runs");
    assertSameRows(refreshed, snapshot(true), "the next day's refresh");
  }

  private static void assertSameRows(Map<String, Dataset<Row>> runs, Map<String, Dataset<Row>> rebuilt, String by) {
    for (String table : runs.keySet()) {
      Dataset<Row> a = runs.get(table);
      Dataset<Row> b = rebuilt.get(table);
      assertThat(a.count()).as(table + " rows after " + by).isEqualTo(b.count()).isPositive();
      assertThat(a.exceptAll(b).count()).as(table + " rows of " + by + " not in the rebuild").isZero();
      assertThat(b.exceptAll(a).count()).as(table + " rows of the rebuild not in " + by).isZero();
    }
  }

  /**
   * The gold tables as values (collected, so later writes do not change them): run times dropped, doubles rounded
   * (sums in another order differ in the last bits). Without {@code withAggregates}, only what an hourly run keeps
   * current: the history-wide aggregates (climatology, correlations, the features' anomalies against the
   * climatology) reflect the history as of the last daily refresh.
   */
  private static Map<String, Dataset<Row>> snapshot(boolean withAggregates) {
    Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(List.of(GoldTables.CITY_HOURLY, GoldTables.CITY_DAILY,
        GoldTables.THRESHOLD_EXCEEDANCES, GoldTables.EXTREME_VARIATIONS, GoldTables.SEASONALITY_FEATURES,
        GoldTables.HEATWAVE_DAILY));
    if (withAggregates) {
      names.addAll(List.of(GoldTables.CLIMATOLOGY, GoldTables.CORRELATIONS));
    }
    for (String table : names) {
      Dataset<Row> rows = spark.table(table);
      List<Column> columns = new ArrayList<>();
      for (StructField f : rows.schema().fields()) {
        if (f.name().equals("updated_at") || (!withAggregates && f.name().endsWith("_anomaly"))) {
          continue;
        }
        columns.add(f.dataType() instanceof DoubleType ? org.apache.spark.sql.functions.round(rows.col(f.name()), 9)
            .as(f.name()) : rows.col(f.name()));
      }
      Dataset<Row> values = rows.select(columns.toArray(Column[]::new));
      tables.put(table, spark.createDataFrame(values.collectAsList(), values.schema()));
    }
    return tables;
  }
}
