package fr.goodair.quality;

import static fr.goodair.quality.Fixtures.aq;
import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.lake.LakeLayout;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batch rules of the shipped air-quality registry, and the metrics they leave in quality.metrics. */
class VerifyBatchTest {

  private static final String TABLE = "silver.air_quality_observation";
  private static final Instant NOW = Instant.parse("2025-03-04T10:20:00Z");
  private static SparkSession spark;
  private static RuleRegistry registry;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
    registry = RuleRegistry.load();
  }

  private static QualityGate newGate(String name) {
    return new QualityGate(spark, registry, lake(name), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static LakeLayout lake(String name) {
    return new LakeLayout(SparkTestSession.tempDir(name).toUri().toString());
  }

  /** Ten valid observations of one station, one per parameter. */
  private static List<Fixtures.AirQuality> goodRows() {
    List<Fixtures.AirQuality> rows = new ArrayList<>();
    for (String parameter : List.of("aqi", "pm25", "pm10", "o3", "no2", "so2", "co", "temperature", "humidity",
        "pressure")) {
      rows.add(aq(1, parameter, parameter.equals("pressure") ? 1013.0 : 20.0));
    }
    return rows;
  }

  @Test
  void aCleanBatchPassesAndReportsEveryRule() {
    QualityGate gate = newGate("clean");
    try (RowSplit split = gate.splitRows(TABLE, Fixtures.airQuality(goodRows()))) {
      BatchVerdict verdict = gate.verifyBatch(TABLE, split, new BatchKey("run-1", Instant.parse("2025-03-04T10:00:00Z")));

      assertThat(verdict.holdsBack()).isFalse();
      assertThat(verdict.acceptedRows()).isEqualTo(10);
      assertThat(verdict.failures()).isEmpty();
      assertThat(verdict.results()).extracting(RuleResult::rule)
          .startsWith("natural_key_unique", "value_mostly_present", "rejected_share")
          .contains("temperature_range", "observed_not_after_fetch");
      assertThat(verdict.results()).allSatisfy(result -> assertThat(result.checkedAt()).isEqualTo(NOW));
    }
  }

  @Test
  void aBatchRejectingMoreThanItsShareIsHeldBack() {
    QualityGate gate = newGate("share");
    List<Fixtures.AirQuality> rows = new ArrayList<>(goodRows().subList(0, 6));
    // Four rows out of ten in AQI "units" the normalizer did not expect: an upstream change, not bad rows.
    for (int i = 0; i < 4; i++) {
      rows.add(aq(2 + i, "pm25", -1.0));
    }
    try (RowSplit split = gate.splitRows(TABLE, Fixtures.airQuality(rows))) {
      BatchVerdict verdict = gate.verifyBatch(TABLE, split, new BatchKey("run-2", NOW));

      assertThat(verdict.holdsBack()).isTrue();
      RuleResult share = result(verdict, "rejected_share");
      assertThat(share.passed()).isFalse();
      assertThat(share.level()).isEqualTo(Level.ERROR);
      assertThat(share.metric()).isEqualTo(0.4);
      assertThat(share.message()).isEqualTo("4 of 10 candidate rows rejected (40%, max 20%)");
      // The row-level rule is reported with its count, as a warning: the quarantine took the rows.
      RuleResult range = result(verdict, "aqi_subindex_range");
      assertThat(range.passed()).isFalse();
      assertThat(range.level()).isEqualTo(Level.WARNING);
      assertThat(range.metric()).isEqualTo(4.0);
      assertThat(verdict.describe()).startsWith(TABLE + " batch run-2: held back, 6 rows accepted, 4 rejected");
    }
  }

  @Test
  void aDuplicateNaturalKeyHoldsTheBatchBack() {
    QualityGate gate = newGate("unique");
    List<Fixtures.AirQuality> rows = new ArrayList<>(goodRows());
    rows.add(aq(1, "pm25", 21.0)); // same station, time and parameter as the second row
    Dataset<Row> accepted = Fixtures.airQuality(rows);

    BatchVerdict verdict = gate.verifyBatch(TABLE, accepted, 0, new BatchKey("run-3", NOW));

    assertThat(verdict.holdsBack()).isTrue();
    RuleResult unique = result(verdict, "natural_key_unique");
    assertThat(unique.passed()).isFalse();
    assertThat(unique.message()).isEqualTo("2 of 11 rows share their (station_idx, observed_at, parameter) with "
        + "another row");
    assertThat(result(verdict, "rejected_share").passed()).isTrue();
    // Without a RowSplit the per-rule rejected counts are unknown and not reported.
    assertThat(verdict.results()).extracting(RuleResult::rule).doesNotContain("aqi_subindex_range");
  }

  @Test
  void metricsHistoryIsAppendedAcrossRuns() {
    LakeLayout lake = lake("history");
    QualityGate first = new QualityGate(spark, registry, lake, Clock.fixed(NOW, ZoneOffset.UTC));
    BatchVerdict one;
    try (RowSplit split = first.splitRows(TABLE, Fixtures.airQuality(goodRows()))) {
      one = first.verifyBatch(TABLE, split, new BatchKey("run-1", NOW));
    }
    // A later process: a new gate on the same lake.
    Instant later = NOW.plusSeconds(3600);
    QualityGate second = new QualityGate(spark, registry, lake, Clock.fixed(later, ZoneOffset.UTC));
    List<Fixtures.AirQuality> rows = new ArrayList<>(goodRows());
    rows.add(aq(2, "humidity", 130.0));
    BatchVerdict two;
    try (RowSplit split = second.splitRows(TABLE, Fixtures.airQuality(rows))) {
      two = second.verifyBatch(TABLE, split, new BatchKey("run-2", later));
    }

    String path = MetricsStore.table(lake).location();
    Dataset<Row> metrics = spark.read().format("delta").load(path);
    assertThat(metrics.where("batch_id = 'run-1'").count()).isEqualTo(one.results().size());
    assertThat(metrics.where("batch_id = 'run-2'").count()).isEqualTo(two.results().size());
    Row humidity = metrics.where("batch_id = 'run-2' AND rule = 'humidity_range'").first();
    assertThat(humidity.<Double>getAs("value")).isEqualTo(1.0);
    assertThat(humidity.<String>getAs("metric")).isEqualTo("rejected_rows");
    assertThat(humidity.<String>getAs("kind")).isEqualTo("range");
    assertThat(humidity.<String>getAs("level")).isEqualTo("WARNING");
    assertThat(humidity.<Boolean>getAs("passed")).isFalse();
    assertThat(MetricsStore.instant(humidity.getAs("metric_time"))).isEqualTo(later);
    // The table was created, then only appended to: nothing rewritten.
    List<Row> history = spark.sql("DESCRIBE HISTORY delta.`" + path + "`").orderBy("version").collectAsList();
    assertThat(history).extracting(commit -> commit.<String>getAs("operation"))
        .containsExactly("CREATE TABLE", "WRITE", "WRITE");
    assertThat(history.subList(1, 3)).allSatisfy(commit -> assertThat(
        commit.<scala.collection.Map<String, String>>getAs("operationParameters").get("mode").get())
        .isEqualTo("Append"));
    assertThat(spark.sql("SELECT count(*) FROM delta.`" + path + "` VERSION AS OF 1").first().getLong(0))
        .isEqualTo(one.results().size());
  }

  private static RuleResult result(BatchVerdict verdict, String rule) {
    return verdict.results().stream().filter(r -> r.rule().equals(rule)).findFirst().orElseThrow();
  }
}
