package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.goodair.lake.TestLake;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Series built so that the exceedances of each threshold are known exactly. Every series but the clock-change one
 * covers 10 local days in Paris from 2026-01-05 00:00 (CET, 2026-01-04 23:00 UTC); hour index h is day h / 24,
 * local hour h % 24.
 */
class ThresholdExceedancesTest {

  private static final Instant START = Instant.parse("2026-01-04T23:00:00Z");
  private static final Instant UPDATED = Instant.parse("2026-02-01T00:00:00Z");
  private static final int HOURS = 24 * 10;
  private static final Set<Integer> NO2_ABOVE = Set.of(10, 11, 12, 20, 21, 22, 23, 46, 47, 48, 60, 61, 63);

  private static Dataset<Row> result;
  private static List<Row> rows;

  @BeforeAll
  static void compute() {
    SparkSession spark = TestLake.spark();
    Dataset<Row> hourly = HourlySeries.union(spark,
        // PM10 daily means of 55 on days 0-3, 20 after.
        series("pm10-four").with("pm10_ugm3", h -> h / 24 < 4 ? 55.0 : 20.0),
        // PM10 85 on day 5 only: above the French alert threshold.
        series("pm10-alert").with("pm10_ugm3", h -> h / 24 == 5 ? 85.0 : 20.0),
        // Day 0: 17 hours of 60 (too few for a daily mean); day 1: 18 hours of 60; day 2: exactly 50 all day.
        series("pm10-coverage").with("pm10_ugm3", h -> switch (h / 24) {
          case 0 -> h % 24 < 17 ? 60.0 : null;
          case 1 -> h % 24 < 18 ? 60.0 : null;
          case 2 -> 50.0;
          default -> 10.0;
        }),
        // NO2 410 for 3 hours (10-12), then 4 (20-23), then 3 across midnight (46-48), then 60, 61, 63 around a
        // missing hour 62; 20 otherwise.
        series("no2").with("no2_ugm3", h -> h == 62 ? null : NO2_ABOVE.contains(h) ? 410.0 : 20.0),
        // SO2 exactly 500 for 3 hours, nothing else: above the 1-h thresholds, not above the 3-hour alert.
        series("so2").with("so2_ugm3", h -> h >= 10 && h <= 12 ? 500.0 : null),
        // O3 50 with 8 hours of 130 on day 1 (12:00-19:00) and across midnight days 3-4 (20:00-03:00); day 6 has
        // only 5 hours of 130 and day 7 only 6, nothing else.
        series("o3").with("o3_ugm3", ThresholdExceedancesTest::o3),
        // Measured PM2.5 20 every hour; AQICN's PM2.5 sub-index 100 (35.4 µg/m³) on day 0, 50 (9.0 µg/m³) after.
        series("estimated").with("pm25_ugm3", h -> 20.0).with("aqi_pm25", h -> h / 24 == 0 ? 100.0 : 50.0),
        // Spring clock change: 2026-03-29 has 23 local hours.
        HourlySeries.of("dst", "Europe/Paris", Instant.parse("2026-03-28T23:00:00Z"), 48)
            .with("pm10_ugm3", h -> 60.0));
    result = ThresholdExceedances.compute(hourly, UPDATED);
    rows = result.collectAsList();
  }

  private static HourlySeries series(String city) {
    return HourlySeries.of(city, "Europe/Paris", START, HOURS);
  }

  private static Double o3(int h) {
    int day = h / 24;
    if (day == 6) {
      return h >= 156 && h <= 160 ? 130.0 : null;
    }
    if (day == 7) {
      return h >= 180 && h <= 185 ? 130.0 : null;
    }
    return (h >= 36 && h <= 43) || (h >= 92 && h <= 99) ? 130.0 : 50.0;
  }

  private static List<Row> rows(String city, String pollutant, String thresholdId) {
    return rows.stream()
        .filter(r -> r.getAs("city_id").equals(city) && r.getAs("pollutant").equals(pollutant)
            && r.getAs("threshold_id").equals(thresholdId))
        .sorted(Comparator.comparing(r -> r.<Instant>getAs("period_start")))
        .toList();
  }

  private static List<LocalDate> days(List<Row> rows) {
    return rows.stream().map(r -> r.<LocalDate>getAs("local_date")).toList();
  }

  private static Instant hour(int h) {
    return START.plusSeconds(3600L * h);
  }

  private static LocalDate day(int d) {
    return LocalDate.of(2026, 1, 5).plusDays(d);
  }

  @Test
  void columnsAreThoseOfTheGoldTable() {
    assertThat(GoldSchemas.columnsAndTypes(result))
        .containsExactlyElementsOf(GoldSchemas.columnsAndTypesOf(GoldTables.THRESHOLD_EXCEEDANCES));
  }

  @Test
  void everyRowIsStrictlyAboveItsThreshold() {
    assertThat(rows).hasSize(86).allSatisfy(r -> {
      assertThat(r.<Double>getAs("value_ugm3")).isGreaterThan(r.<Double>getAs("threshold_ugm3"));
      assertThat(r.<Double>getAs("ratio")).isGreaterThan(1.0);
      assertThat(r.<Instant>getAs("updated_at")).isEqualTo(UPDATED);
    });
  }

  @Test
  void dailyMeansCountEachDayAbove() {
    assertThat(days(rows("pm10-four", "pm10", "eu2008_limit_24h"))).containsExactly(day(0), day(1), day(2), day(3));
    assertThat(rows("pm10-four", "pm10", "fr_information")).hasSize(4);
    assertThat(rows("pm10-four", "pm10", "who2021_24h")).hasSize(4);
    assertThat(rows("pm10-four", "pm10", "fr_alert")).isEmpty();
    assertThat(days(rows("pm10-alert", "pm10", "fr_alert"))).containsExactly(day(5));
    assertThat(rows("pm10-alert", "pm10", "eu2008_limit_24h")).hasSize(1);

    Row first = rows("pm10-four", "pm10", "eu2008_limit_24h").get(0);
    assertThat(first.<String>getAs("standard")).isEqualTo("EU 2008/50/EC");
    assertThat(first.<String>getAs("kind")).isEqualTo("limit");
    assertThat(first.<String>getAs("averaging")).isEqualTo("24h");
    assertThat(first.<Double>getAs("threshold_ugm3")).isEqualTo(50.0);
    assertThat(first.<String>getAs("basis")).isEqualTo("measured");
    assertThat(first.<Boolean>getAs("measured")).isTrue();
    assertThat(first.<Instant>getAs("period_start")).isEqualTo(hour(0));
    assertThat(first.<Instant>getAs("period_end")).isEqualTo(hour(24));
    assertThat(first.<Double>getAs("value_ugm3")).isEqualTo(55.0);
    assertThat(first.<Double>getAs("ratio")).isCloseTo(1.1, within(1e-12));
    assertThat(first.<Integer>getAs("hours")).isEqualTo(24);
  }

  @Test
  void aDailyMeanNeeds18HoursAndEqualIsNotAbove() {
    // Day 0 (17 hours) does not count; day 1 (18 hours) does; day 2 at exactly 50 is above WHO's 45 only.
    List<Row> eu = rows("pm10-coverage", "pm10", "eu2008_limit_24h");
    assertThat(days(eu)).containsExactly(day(1));
    assertThat(eu.get(0).<Integer>getAs("hours")).isEqualTo(18);
    assertThat(days(rows("pm10-coverage", "pm10", "who2021_24h"))).containsExactly(day(1), day(2));
  }

  @Test
  void aClockChangeDayIsItsLocalHours() {
    List<Row> eu = rows("dst", "pm10", "eu2008_limit_24h");
    assertThat(days(eu)).containsExactly(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 30));
    assertThat(eu.get(0).<Integer>getAs("hours")).isEqualTo(23);
    assertThat(eu.get(0).<Instant>getAs("period_start")).isEqualTo(Instant.parse("2026-03-28T23:00:00Z"));
    assertThat(eu.get(0).<Instant>getAs("period_end")).isEqualTo(Instant.parse("2026-03-29T22:00:00Z"));
    assertThat(eu.get(1).<Instant>getAs("period_end")).isEqualTo(Instant.parse("2026-03-30T22:00:00Z"));
  }

  @Test
  void hourlyThresholdsCountEachHourAbove() {
    List<Row> eu = rows("no2", "no2", "eu2008_limit_1h");
    assertThat(eu).extracting(r -> r.<Instant>getAs("period_start"))
        .containsExactlyElementsOf(NO2_ABOVE.stream().sorted().map(ThresholdExceedancesTest::hour).toList());
    assertThat(eu.get(0).<Instant>getAs("period_end")).isEqualTo(hour(11));
    assertThat(eu.get(0).<Integer>getAs("hours")).isEqualTo(1);
    assertThat(rows("no2", "no2", "fr_information")).hasSize(13);
    assertThat(rows("so2", "so2", "eu2008_limit_1h")).hasSize(3);
    assertThat(rows("so2", "so2", "fr_information")).hasSize(3);
  }

  @Test
  void alertsNeedThreeConsecutiveHoursAbove() {
    // Runs of 3, 4 and 3 hours give 1 + 2 + 1 rows; the run broken by a missing hour gives none.
    List<Row> eu = rows("no2", "no2", "eu2008_alert_3h");
    assertThat(eu).extracting(r -> r.<Instant>getAs("period_end"))
        .containsExactly(hour(13), hour(23), hour(24), hour(49));
    assertThat(eu.get(0).<Instant>getAs("period_start")).isEqualTo(hour(10));
    assertThat(eu.get(0).<Double>getAs("value_ugm3")).isEqualTo(410.0);
    assertThat(eu.get(0).<Integer>getAs("hours")).isEqualTo(3);
    // The run from 22:00 to 00:59 counts for the day it ends in.
    assertThat(eu.get(3).<Instant>getAs("period_start")).isEqualTo(hour(46));
    assertThat(days(eu)).containsExactly(day(0), day(0), day(0), day(2));
    assertThat(rows("no2", "no2", "fr_alert")).hasSize(4);
    // SO2 at exactly 500 for 3 hours is not above the 500 alert.
    assertThat(rows("so2", "so2", "eu2008_alert_3h")).isEmpty();
    assertThat(rows("so2", "so2", "fr_alert")).isEmpty();
    // Daily NO2 means above WHO's 25 on days 0 (133.75), 1 (52.5) and 2 (2020 / 23 over the 23 hours present).
    assertThat(rows("no2", "no2", "who2021_24h")).extracting(r -> r.<Double>getAs("value_ugm3"))
        .containsExactly(133.75, 52.5, 2020.0 / 23);
  }

  @Test
  void ozoneCountsTheDailyMaximumOfThe8HourMean() {
    // Days 1, 4 (window 20:00-03:00 ending on day 4) and 7 (6 of 8 hours); not day 3 (max 90) nor 6 (5 hours).
    List<Row> who = rows("o3", "o3", "who2021_8h");
    assertThat(days(who)).containsExactly(day(1), day(4), day(7));
    assertThat(who).extracting(r -> r.<Double>getAs("value_ugm3")).containsExactly(130.0, 130.0, 130.0);
    assertThat(who).extracting(r -> r.<Integer>getAs("hours")).containsExactly(8, 8, 6);
    assertThat(who.get(0).<Instant>getAs("period_start")).isEqualTo(hour(36));
    assertThat(who.get(0).<Instant>getAs("period_end")).isEqualTo(hour(44));
    assertThat(who.get(1).<Instant>getAs("period_start")).isEqualTo(hour(92));
    assertThat(who.get(1).<Instant>getAs("period_end")).isEqualTo(hour(100));
    assertThat(days(rows("o3", "o3", "eu2008_target_8h"))).containsExactly(day(1), day(4), day(7));
    assertThat(rows("o3", "o3", "eu2008_information_1h")).isEmpty();
  }

  @Test
  void estimatedRowsComeFromTheAqiAndMeasuredRowsFromOwm() {
    List<Row> who = rows("estimated", "pm25", "who2021_24h");
    assertThat(who.stream().filter(r -> r.getAs("basis").equals("measured")))
        .hasSize(10).allSatisfy(r -> assertThat(r.<Boolean>getAs("measured")).isTrue());
    List<Row> estimated = who.stream().filter(r -> r.getAs("basis").equals("estimated")).toList();
    assertThat(days(estimated)).containsExactly(day(0));
    assertThat(estimated.get(0).<Boolean>getAs("measured")).isFalse();
    assertThat(estimated.get(0).<Double>getAs("value_ugm3")).isCloseTo(35.4, within(1e-9));
    assertThat(estimated.get(0).<Double>getAs("ratio")).isCloseTo(35.4 / 15, within(1e-9));
    assertThat(rows).filteredOn(r -> r.getAs("basis").equals("estimated")).hasSize(1);
  }
}
