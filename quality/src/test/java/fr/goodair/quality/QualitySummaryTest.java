package fr.goodair.quality;

import static fr.goodair.quality.Fixtures.aq;
import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.lake.LakeLayout;
import fr.goodair.quality.QualitySummary.Point;
import fr.goodair.quality.QualitySummary.RuleHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class QualitySummaryTest {

  private static final Instant T0 = Instant.parse("2025-03-04T08:05:00Z");

  /** Values oldest first, the last one failing or not. */
  private static RuleHistory history(String table, String rule, String subject, Level level, String metric,
      boolean lastPassed, String message, double... oldestFirst) {
    List<Point> points = new ArrayList<>();
    for (int i = oldestFirst.length - 1; i >= 0; i--) {
      boolean newest = i == oldestFirst.length - 1;
      points.add(new Point(T0.plusSeconds(3600L * i), oldestFirst[i], !newest || lastPassed,
          newest ? message : "earlier"));
    }
    return new RuleHistory(table, rule, subject, level, metric, points);
  }

  @Test
  void failingRulesComeFirstWithTheirCountsAndTrend() {
    String weather = "silver.weather_observation";
    List<RuleHistory> histories = List.of(
        history(weather, "humidity_range", "", Level.WARNING, "rejected_rows", false,
            "12 of 120 candidate rows rejected to quarantine", 0, 0, 2, 12),
        history(weather, "natural_key_unique", "", Level.ERROR, "uniqueness", true, "all 120 rows have their own key",
            1, 1, 1, 1),
        history(weather, "rejected_share", "", Level.ERROR, "rejected_share", false,
            "62 of 100 candidate rows rejected (62%, max 20%)", 0.01, 0.02, 0.62),
        history(weather, "fresh_per_city", "city_id=lyon", Level.WARNING, "age_hours", false,
            "newest observed_at 2025-03-04T07:00:00Z is 5.3 h old (max 3 h)", 1.3, 4.3, 5.33),
        history(weather, "fresh_per_city", "city_id=paris", Level.WARNING, "age_hours", true, "fresh", 1.3, 1.3),
        history(weather, "fresh_per_city", "city_id=nice", Level.WARNING, "age_hours", true, "fresh", 1.3, 2.1),
        history("silver.ingestion_log", "error_rate_per_source", "source=aqicn", Level.WARNING, "error_share", true,
            "0 of 24 rows failed", 0));

    String text = QualitySummary.format(histories);

    assertThat(text).startsWith("Data quality: 3 failing (1 error, 2 warnings), 4 passing. Last check "
        + "2025-03-04 11:05 UTC.\n");
    List<String> weatherLines = text.lines().dropWhile(line -> !line.equals(weather)).skip(1)
        .takeWhile(line -> !line.isBlank()).toList();
    assertThat(weatherLines).hasSize(5);
    assertThat(weatherLines.get(0)).startsWith("  FAIL  error    rejected_share ").contains("0.62", "↑ +0.60", "▁▁█",
        "62 of 100 candidate rows rejected (62%, max 20%)");
    assertThat(weatherLines.get(1)).startsWith("  FAIL  warning  fresh_per_city [city_id=lyon] ")
        .contains("5.33 h", "↑ +1.03", "5.3 h old");
    assertThat(weatherLines.get(2)).startsWith("  FAIL  warning  humidity_range ").contains("12 rows", "↑ +10",
        "▁▁▂█", "12 of 120 candidate rows rejected");
    assertThat(weatherLines.get(3)).startsWith("  ok    warning  fresh_per_city (2 subjects) ")
        .contains("2 other subjects pass; highest city_id=nice");
    assertThat(weatherLines.get(4)).startsWith("  ok    error    natural_key_unique ").contains("= 0", "▁▁▁▁");
    assertThat(text).contains("silver.ingestion_log\n  ok    warning  error_rate_per_source [source=aqicn] ");
    assertThat(text.indexOf("silver.ingestion_log")).isLessThan(text.indexOf(weather));
  }

  @Test
  void nothingRecordedYet() {
    assertThat(QualitySummary.format(List.of())).isEqualTo("Data quality: no checks recorded yet.\n");
  }

  @Test
  void trendAndSparklineOfNumbers() {
    List<Point> newestFirst = List.of(new Point(T0, 3.0, true, ""), new Point(T0, 7.5, true, ""),
        new Point(T0, 0.0, true, ""));
    assertThat(QualitySummary.trend(newestFirst)).isEqualTo("↓ -4.50");
    assertThat(QualitySummary.sparkline(newestFirst)).isEqualTo("▁█▄");
    assertThat(QualitySummary.trend(newestFirst.subList(0, 1))).isEqualTo("new");
  }

  @Test
  void loadsTheLastChecksFromTheMetricsTable() {
    SparkSession spark = SparkTestSession.get();
    LakeLayout lake = new LakeLayout(SparkTestSession.tempDir("summary").toUri().toString());
    String table = "silver.air_quality_observation";
    Instant first = Instant.parse("2025-03-04T09:05:00Z");
    // Two batches an hour apart: the second brings two humidity readings above 100 %.
    List<Fixtures.AirQuality> clean = List.of(aq(1, "pm25", 20.0), aq(1, "humidity", 80.0));
    List<Fixtures.AirQuality> wet = List.of(aq(1, "pm25", 20.0), aq(1, "humidity", 130.0), aq(2, "humidity", 101.0),
        aq(3, "o3", 40.0), aq(4, "o3", 41.0), aq(5, "o3", 42.0), aq(6, "o3", 43.0), aq(7, "o3", 44.0),
        aq(8, "o3", 45.0), aq(9, "o3", 46.0), aq(10, "o3", 47.0));
    int hour = 0;
    for (List<Fixtures.AirQuality> batch : List.of(clean, wet)) {
      Instant at = first.plusSeconds(3600L * hour++);
      QualityGate gate = new QualityGate(spark, RuleRegistry.load(), lake, Clock.fixed(at, ZoneOffset.UTC));
      try (RowSplit split = gate.splitRows(table, Fixtures.airQuality(batch))) {
        gate.verifyBatch(table, split, new BatchKey("run-" + hour, at));
      }
    }

    QualitySummary summary = QualitySummary.load(spark, lake);

    assertThat(summary.histories()).filteredOn(h -> h.rule().equals("humidity_range")).singleElement()
        .satisfies(h -> {
          assertThat(h.recent()).extracting(Point::value).containsExactly(2.0, 0.0);
          assertThat(h.failing()).isTrue();
        });
    List<String> lines = summary.text().lines().toList();
    assertThat(lines.get(0)).startsWith("Data quality: 1 failing (0 errors, 1 warning), ")
        .endsWith("Last check 2025-03-04 10:05 UTC.");
    assertThat(lines.get(2)).isEqualTo(table);
    assertThat(lines.get(3)).startsWith("  FAIL  warning  humidity_range").contains("2 rows", "↑ +2", "▁█",
        "2 of 11 candidate rows rejected to quarantine");
  }
}
