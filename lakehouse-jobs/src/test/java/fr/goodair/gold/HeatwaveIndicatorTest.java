package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import fr.goodair.silver.SilverTables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Météo-France's climatological day, IBMn/IBMx and canicule on constructed Paris series (thresholds 21/31). */
class HeatwaveIndicatorTest {

  private static final Instant JULY_1 = Instant.parse("2026-07-01T00:00:00Z");
  private static final Instant UPDATED = Instant.parse("2026-08-01T00:00:00Z");

  private final SparkSession spark = TestLake.spark();

  /**
   * Twenty UTC days from 1 July 2026. Each day's night (00:00–05:59 UTC) and afternoon (12:00–17:59 UTC) take the
   * values of {@code nightAndDay} (default 15 and 25 °C), every other hour 24 °C: then Tn(D) is D's night and
   * Tx(D) D's afternoon, whichever way the windows are cut.
   */
  private static IntFunction<Double> profile(Map<Integer, double[]> nightAndDay) {
    return h -> {
      double[] day = nightAndDay.getOrDefault(h / 24, new double[] {15, 25});
      int hour = h % 24;
      return hour < 6 ? day[0] : hour >= 12 && hour < 18 ? day[1] : 24.0;
    };
  }

  /** Four hot days and nights (5-8 July: 23/34) and a two-day pic of day heat only (14-15 July: 15/32). */
  private static Map<Integer, double[]> heatwaveAndPic(double heatwaveDay) {
    Map<Integer, double[]> days = new LinkedHashMap<>();
    for (int d = 4; d <= 7; d++) {
      days.put(d, new double[] {23, heatwaveDay});
    }
    days.put(13, new double[] {15, 32});
    days.put(14, new double[] {15, 32});
    return days;
  }

  private static HourlySeries paris(String cityId, Map<Integer, double[]> nightAndDay) {
    return HourlySeries.of(cityId, "Europe/Paris", JULY_1, 24 * 20).with("temperature_c", profile(nightAndDay));
  }

  /** silver.dim_city rows: city_id, departement_code, ibmn_threshold_c, ibmx_threshold_c, thresholds_verified. */
  private Dataset<Row> dimCity(Object[]... cities) {
    StructType schema = StructType.fromDDL(SilverTables.all(new LakeLayout("s3a://unused")).stream()
        .filter(t -> t.name().equals(SilverTables.DIM_CITY)).findFirst().orElseThrow().columns());
    List<Row> rows = Arrays.stream(cities).map(c -> {
      Object[] values = new Object[schema.size()];
      values[schema.fieldIndex("city_id")] = c[0];
      values[schema.fieldIndex("departement_code")] = c[1];
      values[schema.fieldIndex("ibmn_threshold_c")] = c[2];
      values[schema.fieldIndex("ibmx_threshold_c")] = c[3];
      values[schema.fieldIndex("thresholds_verified")] = c[4];
      values[schema.fieldIndex("timezone")] = "Europe/Paris";
      return RowFactory.create(values);
    }).toList();
    return spark.createDataFrame(rows, schema);
  }

  private Dataset<Row> parisDim() {
    return dimCity(new Object[] {"paris", "75", 21.0, 31.0, true});
  }

  private static Map<LocalDate, Row> byDay(Dataset<Row> heatwave, String cityId) {
    return heatwave.where(org.apache.spark.sql.functions.col("city_id").equalTo(cityId)).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<LocalDate>getAs("day"), r -> r));
  }

  private static Map<String, String> levelsOfJuly(Map<LocalDate, Row> rows) {
    Map<String, String> levels = new LinkedHashMap<>();
    for (int d = 1; d <= 20; d++) {
      levels.put("07-%02d".formatted(d), rows.get(LocalDate.of(2026, 7, d)).getAs("vigilance_level"));
    }
    return levels;
  }

  @Test
  void fourHotDaysAndNightsAreFourCaniculeDaysInOrangeAndATwoDayPicIsYellow() {
    Map<LocalDate, Row> rows = byDay(HeatwaveIndicator.compute(paris("paris", heatwaveAndPic(34)).rows(spark),
        parisDim(), UPDATED), "paris");

    Row july5 = rows.get(LocalDate.of(2026, 7, 5));
    assertThat(july5.<Double>getAs("tn_c")).isEqualTo(23.0);
    assertThat(july5.<Double>getAs("tx_c")).isEqualTo(34.0);
    assertThat(july5.<Integer>getAs("tn_hours")).isEqualTo(24);
    assertThat(july5.<Double>getAs("ibmn_c")).isEqualTo(23.0);
    assertThat(july5.<String>getAs("departement_code")).isEqualTo("75");
    assertThat(july5.<Instant>getAs("updated_at")).isEqualTo(UPDATED);
    // 4 July: IBMn = (15 + 23 + 23) / 3 below 21 although IBMx = 31 reaches its threshold.
    assertThat(rows.get(LocalDate.of(2026, 7, 4)).<Double>getAs("ibmn_c")).isEqualTo(20.33);
    assertThat(rows.get(LocalDate.of(2026, 7, 4)).<Double>getAs("ibmx_c")).isEqualTo(31.0);

    assertThat(rows.values().stream().filter(r -> Boolean.TRUE.equals(r.getAs("canicule")))
        .map(r -> r.<LocalDate>getAs("day").toString()).sorted())
        .containsExactly("2026-07-05", "2026-07-06", "2026-07-07", "2026-07-08");
    // The first two days lack the windows starting before them, the last two their D+1 and D+2: undecided.
    assertThat(levelsOfJuly(rows)).containsExactly(
        entry("07-01", null), entry("07-02", null), entry("07-03", "vert"),
        entry("07-04", "jaune"), // IBMx within 1 °C of the threshold (31 ≥ 30) on the way in
        entry("07-05", "orange"), entry("07-06", "orange"), entry("07-07", "orange"), entry("07-08", "orange"),
        entry("07-09", "jaune"), // IBMx(7 July) = 31 on the way out
        entry("07-10", "vert"), entry("07-11", "vert"), entry("07-12", "vert"), entry("07-13", "vert"),
        entry("07-14", "jaune"), entry("07-15", "jaune"), // Tx 32 ≥ 31 but IBMx 29.67: a pic, no canicule
        entry("07-16", "vert"), entry("07-17", "vert"), entry("07-18", "vert"),
        entry("07-19", null), entry("07-20", null));
    assertThat(rows.get(LocalDate.of(2026, 7, 14)).<Boolean>getAs("canicule")).isFalse();
    assertThat(rows.get(LocalDate.of(2026, 7, 19)).<Boolean>getAs("canicule")).isNull();
  }

  @Test
  void daysOfAnExtremeWindowAreRedAndCitiesWithoutThresholdsHaveNoLevel() {
    Dataset<Row> hourly = HourlySeries.union(spark, paris("paris", heatwaveAndPic(36)),
        paris("nowhere", heatwaveAndPic(36)));
    Dataset<Row> heatwave = HeatwaveIndicator.compute(hourly,
        dimCity(new Object[] {"paris", "75", 21.0, 31.0, true}, new Object[] {"nowhere", null, null, null, false}),
        UPDATED);

    // IBMx 36 ≥ 31 + 4.
    assertThat(levelsOfJuly(byDay(heatwave, "paris"))).contains(
        entry("07-04", "jaune"), entry("07-05", "rouge"), entry("07-06", "rouge"), entry("07-07", "rouge"),
        entry("07-08", "rouge"), entry("07-09", "jaune"));
    Map<LocalDate, Row> nowhere = byDay(heatwave, "nowhere");
    assertThat(nowhere.get(LocalDate.of(2026, 7, 5)).<Double>getAs("ibmx_c")).isEqualTo(36.0);
    assertThat(nowhere.values()).allSatisfy(r -> {
      assertThat(r.<String>getAs("vigilance_level")).isNull();
      assertThat(r.<Boolean>getAs("canicule")).isNull();
    });
  }

  @Test
  void tnAndTxFollowTheUtcWindowsOfTheClimatologicalDay() {
    Map<Integer, Double> spikes = Map.of(
        24 + 17, 10.0, // 2 July 17:00 UTC: last hour of Tn(2 July)
        24 + 19, 12.0, // 2 July 19:00 UTC: already in Tn(3 July)
        48 + 5, 30.0, // 3 July 05:00 UTC: last hour of Tx(2 July)
        48 + 6, 28.0); // 3 July 06:00 UTC: first hour of Tx(3 July)
    Dataset<Row> hourly = HourlySeries.of("paris", "Europe/Paris", JULY_1, 72)
        .with("temperature_c", h -> spikes.getOrDefault(h, 20.0)).rows(spark);
    Map<LocalDate, Row> rows = byDay(HeatwaveIndicator.compute(hourly, parisDim(), UPDATED), "paris");

    Row july2 = rows.get(LocalDate.of(2026, 7, 2));
    Row july3 = rows.get(LocalDate.of(2026, 7, 3));
    assertThat(july2.<Double>getAs("tn_c")).isEqualTo(10.0);
    assertThat(july3.<Double>getAs("tn_c")).isEqualTo(12.0);
    assertThat(july2.<Double>getAs("tx_c")).isEqualTo(30.0);
    assertThat(july3.<Double>getAs("tx_c")).isEqualTo(28.0);
    // Tx(3 July) runs to 4 July 06:00 UTC; the series ends at 3 July 23:00, so 18 of 24 hours: just enough.
    assertThat(july3.<Integer>getAs("tx_hours")).isEqualTo(18);
    // 1 July's Tn window starts on 30 June 18:00 UTC, before the series.
    assertThat(rows.get(LocalDate.of(2026, 7, 1)).<Integer>getAs("tn_hours")).isEqualTo(18);
  }

  @Test
  void aWindowWithFewerThan18HoursGivesNoExtremeAndNoIndicator() {
    // 3 July 00:00–06:59 UTC missing: 17 hours left in Tn(3 July), 18 in Tx(2 July) (00:00–05:59 are in it).
    Dataset<Row> hourly = HourlySeries.of("paris", "Europe/Paris", JULY_1, 24 * 6)
        .with("temperature_c", h -> h >= 48 && h < 55 ? null : 20.0).rows(spark);
    Map<LocalDate, Row> rows = byDay(HeatwaveIndicator.compute(hourly, parisDim(), UPDATED), "paris");

    Row july3 = rows.get(LocalDate.of(2026, 7, 3));
    assertThat(july3.<Integer>getAs("tn_hours")).isEqualTo(17);
    assertThat(july3.<Double>getAs("tn_c")).isNull();
    assertThat(rows.get(LocalDate.of(2026, 7, 2)).<Integer>getAs("tx_hours")).isEqualTo(18);
    assertThat(rows.get(LocalDate.of(2026, 7, 2)).<Double>getAs("tx_c")).isEqualTo(20.0);
    for (int d = 1; d <= 3; d++) {
      assertThat(rows.get(LocalDate.of(2026, 7, d)).<Double>getAs("ibmn_c")).as("IBMn of July %d", d).isNull();
    }
    assertThat(rows.get(LocalDate.of(2026, 7, 4)).<Double>getAs("ibmn_c")).isEqualTo(20.0);
  }

  @Test
  void recomputingDaysFromTheirMarginGivesTheSameRows() {
    Dataset<Row> all = paris("paris", heatwaveAndPic(34)).rows(spark);
    Dataset<Row> full = HeatwaveIndicator.compute(all, parisDim(), UPDATED);
    // Days 7-9 July recomputed from UTC dates 4-12 July only.
    Dataset<Row> margin = all.where("to_date(hour_utc) BETWEEN DATE'2026-07-04' AND DATE'2026-07-12'");
    Dataset<Row> part = HeatwaveIndicator.compute(margin, parisDim(), UPDATED);
    String days = "day BETWEEN DATE'2026-07-07' AND DATE'2026-07-09'";

    assertThat(HeatwaveIndicator.MARGIN_DAYS).isEqualTo(3);
    assertThat(part.where(days).collectAsList()).hasSize(3)
        .containsExactlyInAnyOrderElementsOf(full.where(days).collectAsList());
  }

  @Test
  void aChangedHourChangesOnlyItsAffectedDays() {
    Instant changed = Instant.parse("2026-07-09T20:00:00Z"); // in Tn(10 July) and Tx(9 July)
    int index = (int) java.time.Duration.between(JULY_1, changed).toHours();
    IntFunction<Double> base = profile(heatwaveAndPic(34));
    Map<LocalDate, Row> before = byDay(HeatwaveIndicator.compute(paris("paris", heatwaveAndPic(34)).rows(spark),
        parisDim(), UPDATED), "paris");
    Map<LocalDate, Row> after = byDay(HeatwaveIndicator.compute(HourlySeries.of("paris", "Europe/Paris", JULY_1,
        24 * 20).with("temperature_c", h -> h == index ? 40.0 : base.apply(h)).rows(spark), parisDim(), UPDATED),
        "paris");

    List<LocalDate> affected = HeatwaveIndicator.affectedDays(changed);
    assertThat(affected).extracting(LocalDate::toString).containsExactly(
        "2026-07-07", "2026-07-08", "2026-07-09", "2026-07-10", "2026-07-11", "2026-07-12");
    List<LocalDate> differing = before.keySet().stream().filter(d -> !before.get(d).equals(after.get(d))).toList();
    assertThat(differing).isNotEmpty();
    assertThat(affected).containsAll(differing);
    assertThat(HeatwaveIndicator.affectedDays(Instant.parse("2026-07-09T12:00:00Z"))).hasSize(5);
  }

  @Test
  void rowsHaveTheColumnsOfTheTable() {
    Dataset<Row> heatwave = HeatwaveIndicator.compute(paris("paris", Map.of()).rows(spark), parisDim(), UPDATED);
    assertThat(GoldSchemas.columnsAndTypes(heatwave))
        .containsExactlyElementsOf(GoldSchemas.columnsAndTypesOf(GoldTables.HEATWAVE_DAILY));
  }
}
