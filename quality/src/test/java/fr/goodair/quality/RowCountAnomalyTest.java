package fr.goodair.quality;

import static fr.goodair.quality.Fixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.lake.LakeLayout;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The weather table's rows_per_hour rule (history 14 days, lag 1 hour, tolerance 10 %) on synthetic hours. */
class RowCountAnomalyTest {

  private static final String TABLE = "silver.weather_observation";
  private static final StructType WEATHER = new StructType()
      .add("city_id", DataTypes.StringType)
      .add("observed_at", DataTypes.TimestampType)
      .add("temperature_c", DataTypes.DoubleType);
  /** The last hour of data; with a lag of 1 hour it is the hour checked at {@link #NOW}. */
  private static final Instant LAST_HOUR = Instant.parse("2025-03-05T14:00:00Z");
  private static final Instant NOW = LAST_HOUR.plus(2, ChronoUnit.HOURS).plus(20, ChronoUnit.MINUTES);
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private static QualityGate newGate(String name) {
    return new QualityGate(spark, RuleRegistry.load(),
        new LakeLayout(SparkTestSession.tempDir(name).toUri().toString()));
  }

  /**
   * Rows per hour with a daily cycle: about 60, highest mid-afternoon, lowest at night (±25), plus a small
   * deterministic wobble of ±2 rows.
   */
  private static int daily(int hoursBeforeLast) {
    Instant hour = LAST_HOUR.minus(hoursBeforeLast, ChronoUnit.HOURS);
    int hourOfDay = (int) ((hour.getEpochSecond() / 3600) % 24);
    double cycle = 60 + 25 * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24.0);
    return (int) Math.round(cycle) + (hoursBeforeLast * 7 % 5) - 2;
  }

  /** {@code hours} consecutive hours ending at LAST_HOUR, with {@code rows.applyAsInt(hoursBeforeLast)} rows each. */
  private static Dataset<Row> hours(int hours, IntUnaryOperator rows) {
    List<Row> data = new ArrayList<>();
    for (int back = hours - 1; back >= 0; back--) {
      Instant observed = LAST_HOUR.minus(back, ChronoUnit.HOURS).plus(10, ChronoUnit.MINUTES);
      for (int city = 0; city < rows.applyAsInt(back); city++) {
        data.add(RowFactory.create("city-" + city, ts(observed), 12.0));
      }
    }
    return spark.createDataFrame(data, WEATHER);
  }

  private static RuleResult rowsPerHour(List<RuleResult> results) {
    return results.stream().filter(r -> r.rule().equals("rows_per_hour")).findFirst().orElseThrow();
  }

  @Test
  void theUsualDailyPatternIsNotFlagged() {
    RuleResult result = rowsPerHour(newGate("anomaly-normal").checkTables(Map.of(TABLE, hours(4 * 24, h -> daily(h))),
        NOW));

    assertThat(result.passed()).as(result.message()).isTrue();
    assertThat(result.metric()).isEqualTo((double) daily(0));
    // Muting Holt-Winters' chatter must not leave Scala's console muted (Dataset.show() prints through it).
    assertThat(scala.Console$.MODULE$.out()).isSameAs(System.out);
    assertThat(result.message()).contains("in hour 2025-03-05T14:00:00Z").contains("Holt-Winters, daily season, 95 h");
  }

  @Test
  void aDropBelowThePatternIsFlagged() {
    // The last hour has 40 % of its usual rows: cities fell out.
    Dataset<Row> table = hours(4 * 24, h -> h == 0 ? (int) Math.round(daily(0) * 0.4) : daily(h));

    RuleResult result = rowsPerHour(newGate("anomaly-drop").checkTables(Map.of(TABLE, table), NOW));

    assertThat(result.passed()).isFalse();
    assertThat(result.level()).isEqualTo(Level.WARNING);
    assertThat(result.message()).startsWith(Math.round(daily(0) * 0.4) + " rows with observed_at in hour "
        + "2025-03-05T14:00:00Z: expected about ").contains("Holt-Winters");
  }

  @Test
  void laterChecksReadTheHistoryFromTheMetricsTable() {
    LakeLayout lake = new LakeLayout(SparkTestSession.tempDir("anomaly-history").toUri().toString());
    QualityGate gate = new QualityGate(spark, RuleRegistry.load(), lake);
    gate.checkTables(Map.of(TABLE, hours(4 * 24, h -> daily(h))), NOW);
    long points = spark.read().format("delta").load(MetricsStore.table(lake).location())
        .where("metric = 'rows_per_hour' AND passed IS NULL").count();
    assertThat(points).isEqualTo(4 * 24);

    // An hour later only the last 2.5 days are passed (as after retention): the older hours come from the
    // metrics table, enough for Holt-Winters, which sees the new hour's drop.
    Instant nextHour = LAST_HOUR.plus(1, ChronoUnit.HOURS);
    List<Row> recent = new ArrayList<>(hours(60, h -> daily(h)).collectAsList());
    for (int city = 0; city < 10; city++) {
      recent.add(RowFactory.create("city-" + city, ts(nextHour.plus(10, ChronoUnit.MINUTES)), 12.0));
    }
    RuleResult result = rowsPerHour(gate.checkTables(Map.of(TABLE, spark.createDataFrame(recent, WEATHER)),
        NOW.plus(1, ChronoUnit.HOURS)));

    assertThat(result.passed()).isFalse();
    assertThat(result.message()).startsWith("10 rows with observed_at in hour 2025-03-05T15:00:00Z")
        .contains("Holt-Winters, daily season, 96 h of history");
    // Only the new hour was appended: the recount found the recent hours unchanged, and did not reach back before
    // the series' first hour.
    assertThat(spark.read().format("delta").load(MetricsStore.table(lake).location())
        .where("metric = 'rows_per_hour' AND passed IS NULL").count()).isEqualTo(4 * 24 + 1);
  }

  @Test
  void withLittleHistoryASimplerStrategyDecides() {
    // Ten hours of about 50 rows, then 15: under two days, the rate of change against the previous hour judges.
    RuleResult drop = rowsPerHour(newGate("anomaly-short").checkTables(
        Map.of(TABLE, hours(11, h -> h == 0 ? 15 : 50 + h % 3)), NOW));
    assertThat(drop.passed()).isFalse();
    assertThat(drop.message()).contains("the previous hour had 51, more than halved or doubled since")
        .contains("(rate of change vs previous hour, 10 h of history");

    RuleResult first = rowsPerHour(newGate("anomaly-first").checkTables(Map.of(TABLE, hours(1, h -> 50)), NOW));
    assertThat(first.passed()).isTrue();
    assertThat(first.message()).isEqualTo("50 rows with observed_at in hour 2025-03-05T14:00:00Z: not enough history "
        + "to compare yet");
  }
}
