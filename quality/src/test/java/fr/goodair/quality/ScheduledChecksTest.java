package fr.goodair.quality;

import static fr.goodair.quality.Fixtures.aq;
import static fr.goodair.quality.Fixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.lake.LakeLayout;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Freshness and error rate over whole tables, judged at an injected time. */
class ScheduledChecksTest {

  private static final Instant NOW = Instant.parse("2025-03-04T12:20:00Z");
  private static SparkSession spark;
  private static QualityGate gate;

  @BeforeAll
  static void gate() {
    spark = SparkTestSession.get();
    gate = new QualityGate(spark, RuleRegistry.load(),
        new LakeLayout(SparkTestSession.tempDir("scheduled").toUri().toString()));
  }

  @Test
  void freshnessIsJudgedPerCity() {
    // Paris and Marseille observed within 3 hours of NOW; Lyon's station stopped at 07:00.
    List<Fixtures.AirQuality> rows = List.of(
        aq(1, "pm25", 40.0).city("paris").observedAt(Instant.parse("2025-03-04T10:00:00Z")),
        aq(1, "pm25", 42.0).city("paris").observedAt(Instant.parse("2025-03-04T11:00:00Z")),
        aq(2, "pm25", 30.0).city("marseille").observedAt(Instant.parse("2025-03-04T10:00:00Z")),
        aq(3, "pm25", 25.0).city("lyon").observedAt(Instant.parse("2025-03-04T06:00:00Z")),
        aq(3, "o3", 25.0).city("lyon").observedAt(Instant.parse("2025-03-04T07:00:00Z")));

    List<RuleResult> results = gate.checkTables(
        Map.of("silver.air_quality_observation", Fixtures.airQuality(rows)), NOW);

    List<RuleResult> freshness = results.stream().filter(r -> r.rule().equals("fresh_per_city")).toList();
    assertThat(freshness).extracting(RuleResult::subject, RuleResult::passed, RuleResult::metric).containsExactly(
        org.assertj.core.groups.Tuple.tuple("city_id=lyon", false, 5.33),
        org.assertj.core.groups.Tuple.tuple("city_id=marseille", true, 2.33),
        org.assertj.core.groups.Tuple.tuple("city_id=paris", true, 1.33));
    assertThat(freshness.get(0).message())
        .isEqualTo("newest observed_at 2025-03-04T07:00:00Z is 5.3 h old (max 3 h)");
    assertThat(freshness).allSatisfy(r -> assertThat(r.checkedAt()).isEqualTo(NOW));
    // The table-level Deequ rules ran on the whole table too.
    assertThat(results).extracting(RuleResult::rule).contains("natural_key_unique", "value_mostly_present",
        "rows_per_hour");
  }

  @Test
  void errorRateIsJudgedPerSourceOverItsWindow() {
    List<Row> log = new ArrayList<>();
    Instant lastHour = NOW.truncatedTo(ChronoUnit.HOURS);
    for (int h = 0; h < 24; h++) {
      Instant hour = lastHour.minus(h, ChronoUnit.HOURS);
      // aqicn: 6 of its 24 envelopes of the day failed (25 % > 20 %).
      log.add(envelope("aqicn", hour, h % 4 == 0 ? "api_error" : "ok"));
      // owm_weather: one timeout (4 %).
      log.add(envelope("owm_weather", hour, h == 5 ? "timeout" : "ok"));
      // owm_air: healthy but silent since 08:00.
      if (h >= 4) {
        log.add(envelope("owm_air", hour, "ok"));
      }
    }
    // Failures older than the 24 h window do not count.
    for (int h = 30; h < 40; h++) {
      log.add(envelope("owm_weather", lastHour.minus(h, ChronoUnit.HOURS), "http_error"));
    }

    List<RuleResult> results = gate.checkTables(
        Map.of("silver.ingestion_log", spark.createDataFrame(log, Fixtures.INGESTION_LOG)), NOW);

    List<RuleResult> errorRate = results.stream().filter(r -> r.rule().equals("error_rate_per_source")).toList();
    assertThat(errorRate).extracting(RuleResult::subject, RuleResult::passed, RuleResult::metric).containsExactly(
        org.assertj.core.groups.Tuple.tuple("source=aqicn", false, 0.25),
        org.assertj.core.groups.Tuple.tuple("source=owm_air", true, 0.0),
        org.assertj.core.groups.Tuple.tuple("source=owm_weather", true, 0.0417));
    assertThat(errorRate.get(0).message())
        .isEqualTo("6 of 24 rows failed in the last 24 h (25%, max 20%) [outcome <> 'ok']");
    List<RuleResult> freshness = results.stream().filter(r -> r.rule().equals("fresh_per_source")).toList();
    assertThat(freshness).extracting(RuleResult::subject, RuleResult::passed).containsExactly(
        org.assertj.core.groups.Tuple.tuple("source=aqicn", true),
        org.assertj.core.groups.Tuple.tuple("source=owm_air", false),
        org.assertj.core.groups.Tuple.tuple("source=owm_weather", true));
  }

  @Test
  void anEmptyWindowIsNotHealth() {
    Row old = envelope("aqicn", NOW.minus(3, ChronoUnit.DAYS), "ok");

    List<RuleResult> results = gate.checkTables(
        Map.of("silver.ingestion_log", spark.createDataFrame(List.of(old), Fixtures.INGESTION_LOG)), NOW);

    RuleResult errorRate = results.stream().filter(r -> r.rule().equals("error_rate_per_source")).findFirst()
        .orElseThrow();
    assertThat(errorRate.passed()).isFalse();
    assertThat(errorRate.message()).isEqualTo("no rows in the last 24 h");
  }

  private static Row envelope(String source, Instant scheduledFor, String outcome) {
    return RowFactory.create(source, "paris", ts(scheduledFor), "run-" + scheduledFor.getEpochSecond(), outcome);
  }
}
