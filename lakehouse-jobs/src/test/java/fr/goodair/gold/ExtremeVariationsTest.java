package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import fr.goodair.lake.TestLake;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Series in Paris from 2026-01-05 00:00 local (CET, 2026-01-04 23:00 UTC): hour index h is day h / 24 and local
 * hour h % 24. The expected scores are computed here from the definition, on the values the series hold.
 */
class ExtremeVariationsTest {

  private static final Instant START = Instant.parse("2026-01-04T23:00:00Z");
  private static final Instant UPDATED = Instant.parse("2026-02-20T00:00:00Z");
  /** Day 35, 14:00: a spike of +20 °C on a daily temperature cycle. */
  private static final int SPIKE = 35 * 24 + 14;

  private static Dataset<Row> result;
  private static List<Row> rows;

  @BeforeAll
  static void compute() {
    Dataset<Row> hourly = HourlySeries.union(TestLake.spark(),
        HourlySeries.of("spike", "Europe/Paris", START, 40 * 24).with("temperature_c", h -> spiked(h, SPIKE)),
        // Spikes on day 13 (13 baseline days: too few) and day 14 (14 days: enough), both at 14:00.
        HourlySeries.of("young", "Europe/Paris", START, 15 * 24)
            .with("temperature_c", h -> spiked(h, 13 * 24 + 14) + (h == 14 * 24 + 14 ? 20 : 0)),
        // The same spike with the hour before it missing.
        HourlySeries.of("gap", "Europe/Paris", START, 40 * 24)
            .with("temperature_c", h -> h == SPIKE - 1 ? null : spiked(h, SPIKE)),
        // A pollutant at 0 µg/m³ most hours, and rain with the same steps (rain is not scored).
        HourlySeries.of("steps", "Europe/Paris", START, 22 * 24).with("so2_ugm3", ExtremeVariationsTest::steps)
            .with("rain_1h_mm", ExtremeVariationsTest::steps));
    result = ExtremeVariations.compute(hourly, UPDATED);
    rows = result.collectAsList();
  }

  /**
   * A daily cycle whose amplitude varies a little from day to day (4.5 to 5.5 °C), so that every hour's level and
   * jump spread over a bounded range without tails: nothing but the spikes is far from its baseline.
   */
  private static double temperature(int h) {
    double amplitude = 5 + 0.5 * Math.sin(1.3 * (h / 24));
    return 10 + amplitude * Math.sin(2 * Math.PI * (h % 24 + 0.5) / 24);
  }

  private static double spiked(int h, int spike) {
    return temperature(h) + (h == spike ? 20 : 0);
  }

  /**
   * Zero but: 1 at 14:00 on days 2, 5, 8, 11 and 20; 1 at 10:00 on days 2, 5, 8 and 20; 0.5 at 03:00 on day 21.
   */
  private static double steps(int h) {
    int day = h / 24;
    int hour = h % 24;
    if (hour == 14 && List.of(2, 5, 8, 11, 20).contains(day) || hour == 10 && List.of(2, 5, 8, 20).contains(day)) {
      return 1;
    }
    return hour == 3 && day == 21 ? 0.5 : 0;
  }

  /** The modified z-score of x against these baseline values, from the definition (finite baselines only). */
  private static double robustZ(double x, double[] baseline) {
    double median = median(baseline);
    double mad = median(Arrays.stream(baseline).map(b -> Math.abs(b - median)).toArray());
    return (x - median) / (1.4826 * mad);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The values of {@code value} at the hour of {@code h} on days {@code from} to {@code to} (inclusive). */
  private static double[] sameHour(IntToDoubleFunction value, int h, int from, int to) {
    return IntStream.rangeClosed(from, to).mapToDouble(d -> value.applyAsDouble(d * 24 + h % 24)).toArray();
  }

  private static List<Row> rows(String city) {
    return rows.stream().filter(r -> r.getAs("city_id").equals(city))
        .sorted(Comparator.comparing((Row r) -> r.<Instant>getAs("hour_utc"))
            .thenComparing(r -> r.<String>getAs("kind")))
        .toList();
  }

  private static Instant hour(int h) {
    return START.plusSeconds(3600L * h);
  }

  private static String severity(double z) {
    double a = Math.abs(z);
    return a >= 8 ? "extreme" : a >= 5 ? "severe" : a >= 3.5 ? "notable" : null;
  }

  @Test
  void columnsAreThoseOfTheGoldTable() {
    assertThat(GoldSchemas.columnsAndTypes(result))
        .containsExactlyElementsOf(GoldSchemas.columnsAndTypesOf(GoldTables.EXTREME_VARIATIONS));
  }

  @Test
  void aSpikeFlagsItsLevelAndTheJumpsInAndOut() {
    List<Row> spike = rows("spike");
    assertThat(spike).extracting(r -> r.<Instant>getAs("hour_utc"), r -> r.<String>getAs("kind"))
        .containsExactly(tuple(hour(SPIKE), "jump"), tuple(hour(SPIKE), "level"), tuple(hour(SPIKE + 1), "jump"));

    IntToDoubleFunction level = h -> spiked(h, SPIKE);
    IntToDoubleFunction jump = h -> spiked(h, SPIKE) - spiked(h - 1, SPIKE);
    double[] levels = sameHour(level, SPIKE, 7, 34);
    Row levelRow = spike.get(1);
    double z = robustZ(level.applyAsDouble(SPIKE), levels);
    assertThat(levelRow.<Double>getAs("value")).isEqualTo(level.applyAsDouble(SPIKE));
    assertThat(levelRow.<Double>getAs("baseline_median")).isCloseTo(median(levels), within(1e-12));
    assertThat(levelRow.<Integer>getAs("baseline_n")).isEqualTo(28);
    assertThat(levelRow.<Double>getAs("robust_z")).isCloseTo(z, within(1e-9));
    assertThat(levelRow.<String>getAs("severity")).isEqualTo(severity(z)).isEqualTo("extreme");
    assertThat(levelRow.<String>getAs("variable")).isEqualTo("temperature_c");
    assertThat(levelRow.<String>getAs("unit")).isEqualTo("°C");
    assertThat(levelRow.<LocalDate>getAs("local_date")).isEqualTo(LocalDate.of(2026, 2, 9));
    assertThat(levelRow.<Integer>getAs("local_hour")).isEqualTo(14);
    assertThat(levelRow.<Instant>getAs("updated_at")).isEqualTo(UPDATED);

    Row up = spike.get(0);
    double zUp = robustZ(jump.applyAsDouble(SPIKE), sameHour(jump, SPIKE, 7, 34));
    assertThat(up.<Double>getAs("value")).isCloseTo(jump.applyAsDouble(SPIKE), within(1e-12));
    assertThat(up.<Double>getAs("robust_z")).isCloseTo(zUp, within(1e-9)).isPositive();
    assertThat(up.<String>getAs("severity")).isEqualTo(severity(zUp));
    Row down = spike.get(2);
    double zDown = robustZ(jump.applyAsDouble(SPIKE + 1), sameHour(jump, SPIKE + 1, 7, 34));
    assertThat(down.<Double>getAs("robust_z")).isCloseTo(zDown, within(1e-9)).isNegative();
    assertThat(down.<String>getAs("severity")).isEqualTo(severity(zDown));
  }

  @Test
  void aJumpNeedsThePreviousHour() {
    assertThat(rows("gap")).extracting(r -> r.<Instant>getAs("hour_utc"), r -> r.<String>getAs("kind"))
        .containsExactly(tuple(hour(SPIKE), "level"), tuple(hour(SPIKE + 1), "jump"));
  }

  @Test
  void aBaselineNeeds14Days() {
    // The day-13 spike (13 baseline days) is not flagged, the day-14 one (14 days) is: level and both jumps.
    assertThat(rows("young")).extracting(r -> r.<Instant>getAs("hour_utc"), r -> r.<Integer>getAs("baseline_n"))
        .containsExactly(tuple(hour(14 * 24 + 14), 14), tuple(hour(14 * 24 + 14), 14), tuple(hour(14 * 24 + 15), 14));
  }

  @Test
  void whenMostOfTheBaselineIsOneValueTheMeanAbsoluteDeviationScales() {
    // Day 20 at 14:00, 1 µg/m³: the baseline (days 0-19) is 0 but 4 days of 1. Median 0, MAD 0, mean absolute
    // deviation 4/20 → z = 1 / (1.2533 × 0.2) = 3.99, notable. At 10:00, 3 such days: z = 5.32, severe.
    Row at14 = find("steps", 20 * 24 + 14, "level");
    assertThat(at14.<Double>getAs("baseline_median")).isZero();
    assertThat(at14.<Double>getAs("baseline_mad")).isZero();
    assertThat(at14.<Integer>getAs("baseline_n")).isEqualTo(20);
    assertThat(at14.<Double>getAs("robust_z")).isCloseTo(1 / (1.2533 * 4 / 20), within(1e-9));
    assertThat(at14.<String>getAs("severity")).isEqualTo("notable");
    Row at10 = find("steps", 20 * 24 + 10, "level");
    assertThat(at10.<Double>getAs("robust_z")).isCloseTo(1 / (1.2533 * 3 / 20), within(1e-9));
    assertThat(at10.<String>getAs("severity")).isEqualTo("severe");
    // The jumps back to 0 an hour later score the same, negative.
    assertThat(find("steps", 20 * 24 + 15, "jump").<Double>getAs("robust_z"))
        .isCloseTo(-1 / (1.2533 * 4 / 20), within(1e-9));
    assertThat(find("steps", 20 * 24 + 11, "jump").<Double>getAs("robust_z"))
        .isCloseTo(-1 / (1.2533 * 3 / 20), within(1e-9));
  }

  @Test
  void againstAConstantBaselineAnyOtherValueIsInfinitelyFar() {
    // 03:00 was 0 every day before day 21: 0.5 scores +Infinity (extreme); the jump back an hour later -Infinity.
    Row level = find("steps", 21 * 24 + 3, "level");
    assertThat(level.<Double>getAs("robust_z")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(level.<String>getAs("severity")).isEqualTo("extreme");
    assertThat(find("steps", 21 * 24 + 3, "jump").<Double>getAs("robust_z")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(find("steps", 21 * 24 + 4, "jump").<Double>getAs("robust_z")).isEqualTo(Double.NEGATIVE_INFINITY);
    // Nothing else: the zero hours equal their constant baseline, day 21 at 14:00 (zero) is at the median, and
    // the same steps of rain are not scored at all.
    assertThat(rows("steps")).hasSize(9);
    assertThat(rows("steps")).extracting(r -> r.<String>getAs("variable")).containsOnly("so2_ugm3");
  }

  private static Row find(String city, int h, String kind) {
    return rows(city).stream().filter(r -> r.getAs("hour_utc").equals(hour(h)) && r.getAs("kind").equals(kind))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " row at hour " + h + " in " + city));
  }
}
