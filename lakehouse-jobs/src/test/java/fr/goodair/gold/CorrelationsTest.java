package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import fr.goodair.gold.Correlations.Period;
import fr.goodair.gold.Correlations.Period.Type;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Known answers: series whose Pearson r and Spearman rho are known exactly, lags, gaps and periods. */
class CorrelationsTest {

  private static final Instant JULY = Instant.parse("2026-07-01T00:00:00Z");
  private static final Instant UPDATED_AT = Instant.parse("2026-07-31T12:00:00Z");

  private final SparkSession spark = TestLake.spark();

  private static List<Row> compute(Dataset<Row> hourly, Period... periods) {
    return Correlations.compute(hourly, List.of(periods), UPDATED_AT).collectAsList();
  }

  private static Row find(List<Row> rows, String x, String y, int lag) {
    return rows.stream().filter(r -> r.getAs("variable_x").equals(x) && r.getAs("variable_y").equals(y)
        && r.<Integer>getAs("lag_hours") == lag).findFirst().orElseThrow();
  }

  /** Distinct values in -50 … 50, in a scrambled order (37 is invertible modulo 101). */
  private static double scrambled(int h) {
    return h * 37 % 101 - 50;
  }

  @Test
  void linearAndMonotoneSeriesHaveTheirExactCoefficients() {
    List<Row> rows = compute(HourlySeries.of("paris", "Europe/Paris", JULY, 101)
        .with("pm25_ugm3", CorrelationsTest::scrambled)
        .with("pm10_ugm3", h -> 2 * scrambled(h) + 3)
        .with("o3_ugm3", h -> -scrambled(h))
        .with("no2_ugm3", h -> Math.pow(scrambled(h), 3))
        .rows(spark), Period.of(Type.MONTH, JULY));

    Row linear = find(rows, "pm25_ugm3", "pm10_ugm3", 0);
    assertThat(linear.<Long>getAs("n")).isEqualTo(101);
    assertThat(linear.<Double>getAs("pearson")).isCloseTo(1.0, within(1e-12));
    assertThat(linear.<Double>getAs("spearman")).isCloseTo(1.0, within(1e-12));
    Row opposite = find(rows, "pm25_ugm3", "o3_ugm3", 0);
    assertThat(opposite.<Double>getAs("pearson")).isCloseTo(-1.0, within(1e-12));
    assertThat(opposite.<Double>getAs("spearman")).isCloseTo(-1.0, within(1e-12));

    // y = x³: same ranks, so rho is exactly 1, while r is below 1. Expected r by the textbook formula, exact in
    // longs up to the square root: (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)).
    long n = 101;
    long sx = 0;
    long sy = 0;
    long sxx = 0;
    long syy = 0;
    long sxy = 0;
    for (int h = 0; h < n; h++) {
      long x = (long) scrambled(h);
      long y = x * x * x;
      sx += x;
      sy += y;
      sxx += x * x;
      syy += y * y;
      sxy += x * y;
    }
    double expected = (n * sxy - sx * sy) / Math.sqrt((double) (n * sxx - sx * sx) * (n * syy - sy * sy));
    Row cube = find(rows, "pm25_ugm3", "no2_ugm3", 0);
    assertThat(cube.<Double>getAs("spearman")).isEqualTo(1.0);
    assertThat(cube.<Double>getAs("pearson")).isCloseTo(expected, within(1e-12)).isLessThan(0.95);
    assertThat(find(rows, "no2_ugm3", "pm25_ugm3", 0).<Double>getAs("spearman")).isEqualTo(1.0);
  }

  @Test
  void smallHandComputedExamples() {
    // x = 1 … 6, y = 1 0 4 3 10 6. Deviations of x: -2.5 -1.5 -0.5 0.5 1.5 2.5 (Σ² = 17.5); y's mean is 4, its
    // deviations -3 -4 0 -1 6 2 (Σ² = 66); Σ products = 27, so r = 27 / √(17.5 × 66) = 27 / √1155. The ranks of
    // y are 2 1 4 3 6 5, deviations -1.5 -2.5 0.5 -0.5 2.5 1.5 (Σ² = 17.5, as x): Σ products 14.5, rho = 29/35.
    double[] y6 = {1, 0, 4, 3, 10, 6};
    List<Row> six = compute(HourlySeries.of("paris", "Europe/Paris", JULY, 6)
        .with("temperature_c", h -> h + 1.0)
        .with("pressure_hpa", h -> h == 2 ? null : h + 1.0)
        .with("humidity_pct", h -> y6[h])
        .rows(spark), Period.of(Type.MONTH, JULY));
    Row r6 = find(six, "temperature_c", "humidity_pct", 0);
    assertThat(r6.<Long>getAs("n")).isEqualTo(6);
    assertThat(r6.<Double>getAs("pearson")).isCloseTo(27 / Math.sqrt(1155), within(1e-12));
    assertThat(r6.<Double>getAs("spearman")).isCloseTo(29.0 / 35, within(1e-12));
    // The same with x missing at hour 2: x = 1 2 4 5 6 (mean 3.6, Σ dev² = 17.2), y = 1 0 3 10 6 (mean 4, Σ dev² =
    // 66), Σ products 27. Ranked within these five pairs, y is 2 1 3 5 4 against 1 … 5: Σd² = 4, rho = 1 - 24/120.
    // (Ranks taken over all six hours would give 2 1 3 6 5 against 1 2 4 5 6 instead.)
    Row gap = find(six, "pressure_hpa", "humidity_pct", 0);
    assertThat(gap.<Long>getAs("n")).isEqualTo(5);
    assertThat(gap.<Double>getAs("pearson")).isCloseTo(27 / Math.sqrt(17.2 * 66), within(1e-12));
    assertThat(gap.<Double>getAs("spearman")).isCloseTo(0.8, within(1e-12));

    // Ties: x = 1 … 5, y = 2 4 5 4 5. r: deviations -2 -1 0 1 2 and -2 0 1 0 1 → 6 / √(10 × 6) = √0.6. Average
    // ranks of y: 1 2.5 4.5 2.5 4.5 (mean 3), deviations -2 -0.5 1.5 -0.5 1.5 (Σ² = 9), Σ products with x's
    // rank deviations = 4 + 0.5 + 0 - 0.5 + 3 = 7 → rho = 7 / √90.
    double[] y5 = {2, 4, 5, 4, 5};
    List<Row> five = compute(HourlySeries.of("paris", "Europe/Paris", JULY, 5)
        .with("temperature_c", h -> h + 1.0)
        .with("humidity_pct", h -> y5[h])
        .rows(spark), Period.of(Type.MONTH, JULY));
    Row tied = find(five, "temperature_c", "humidity_pct", 0);
    assertThat(tied.<Double>getAs("pearson")).isCloseTo(Math.sqrt(0.6), within(1e-12));
    assertThat(tied.<Double>getAs("spearman")).isCloseTo(7 / Math.sqrt(90), within(1e-12));
    // Lag 1 pairs x = 1 2 3 4 with y = 4 5 4 5: deviations -1.5 -0.5 0.5 1.5 and ±0.5 → r = 1 / √(5 × 1); ranks
    // of y 1.5 3.5 1.5 3.5 → rho = 2 / √(5 × 4), the same.
    Row lagged = find(five, "temperature_c", "humidity_pct", 1);
    assertThat(lagged.<Long>getAs("n")).isEqualTo(4);
    assertThat(lagged.<Double>getAs("pearson")).isCloseTo(1 / Math.sqrt(5), within(1e-12));
    assertThat(lagged.<Double>getAs("spearman")).isCloseTo(1 / Math.sqrt(5), within(1e-12));
  }

  @Test
  void coefficientsAreNullBelowThreePairsOrOnAConstantButTheRowStays() {
    List<Row> rows = compute(HourlySeries.of("paris", "Europe/Paris", JULY, 10)
        .with("temperature_c", h -> h * 1.5)
        .with("pressure_hpa", h -> 0.1) // a constant whose computed mean is not exactly 0.1
        .with("humidity_pct", h -> h < 2 ? 50.0 + h : null)
        .rows(spark), Period.of(Type.MONTH, JULY));
    Row constant = find(rows, "temperature_c", "pressure_hpa", 0);
    assertThat(constant.<Long>getAs("n")).isEqualTo(10);
    assertThat(constant.<Double>getAs("pearson")).isNull();
    assertThat(constant.<Double>getAs("spearman")).isNull();
    Row two = find(rows, "temperature_c", "humidity_pct", 0);
    assertThat(two.<Long>getAs("n")).isEqualTo(2);
    assertThat(two.<Double>getAs("pearson")).isNull();
    Row none = find(rows, "temperature_c", "rain_1h_mm", 3);
    assertThat(none.<Long>getAs("n")).isZero();
    assertThat(none.<Double>getAs("spearman")).isNull();
    assertThat(find(rows, "temperature_c", "pm25_ugm3", 9).<Long>getAs("n")).isZero();
  }

  @Test
  void yFollowingXSevenHoursLaterPeaksAtLagSeven() {
    Random random = new Random(7);
    double[] x = random.doubles(720, 0, 100).toArray();
    double[] noise = random.doubles(720, -1, 1).toArray();
    List<Row> rows = compute(HourlySeries.of("paris", "Europe/Paris", JULY, 720)
        .with("pm25_ugm3", h -> x[h])
        .with("temperature_c", h -> h >= 7 ? x[h - 7] + noise[h] : null)
        .rows(spark), Period.of(Type.MONTH, JULY));

    int best = IntStream.rangeClosed(0, Correlations.MAX_LAG_HOURS).boxed()
        .max((a, b) -> Double.compare(find(rows, "pm25_ugm3", "temperature_c", a).getAs("pearson"),
            find(rows, "pm25_ugm3", "temperature_c", b).getAs("pearson"))).orElseThrow();
    assertThat(best).isEqualTo(7);
    assertThat(find(rows, "pm25_ugm3", "temperature_c", 7).<Double>getAs("pearson")).isGreaterThan(0.99);
    assertThat(find(rows, "pm25_ugm3", "temperature_c", 7).<Double>getAs("spearman")).isGreaterThan(0.99);
    // Taken the other way round, y at t is x at t - 7 against x at t + lag: unrelated at every lag.
    for (int lag = 0; lag <= Correlations.MAX_LAG_HOURS; lag++) {
      assertThat(Math.abs(find(rows, "temperature_c", "pm25_ugm3", lag).<Double>getAs("pearson"))).isLessThan(0.2);
    }
  }

  @Test
  void aGapInTheHoursDoesNotShiftThePairing() {
    Random random = new Random(3);
    double[] x = random.doubles(720, 0, 100).toArray();
    Dataset<Row> hourly = HourlySeries.of("paris", "Europe/Paris", JULY, 720)
        .with("no2_ugm3", h -> x[h])
        .with("o3_ugm3", h -> h >= 3 ? x[h - 3] : null)
        .rows(spark)
        // Hours 100 … 140 are missing altogether.
        .where("hour_utc < TIMESTAMP '2026-07-05 04:00:00' OR hour_utc > TIMESTAMP '2026-07-06 20:00:00'");
    List<Row> rows = compute(hourly, Period.of(Type.MONTH, JULY));

    Row lag3 = find(rows, "no2_ugm3", "o3_ugm3", 3);
    // t in 0 … 716 with neither t nor t + 3 in 100 … 140: 717 - 44.
    assertThat(lag3.<Long>getAs("n")).isEqualTo(673);
    assertThat(lag3.<Double>getAs("pearson")).isCloseTo(1.0, within(1e-12));
    assertThat(lag3.<Double>getAs("spearman")).isCloseTo(1.0, within(1e-12));
    // Lag 0: t in 3 … 719 outside the gap, 717 - 41.
    assertThat(find(rows, "no2_ugm3", "o3_ugm3", 0).<Long>getAs("n")).isEqualTo(676);
  }

  @Test
  void periodsAreUtcMonthsSeasonsWithDecemberInTheNextYearYearsAndAll() {
    assertThat(Period.of(Type.SEASON, Instant.parse("2025-12-01T00:00:00Z")).label()).isEqualTo("2026-DJF");
    assertThat(Period.of(Type.SEASON, Instant.parse("2026-02-28T23:00:00Z")).label()).isEqualTo("2026-DJF");
    assertThat(Period.of(Type.SEASON, Instant.parse("2025-11-30T23:00:00Z")).label()).isEqualTo("2025-SON");
    assertThat(Period.of(Type.SEASON, Instant.parse("2026-03-01T00:00:00Z")).label()).isEqualTo("2026-MAM");
    assertThat(Period.of(Type.SEASON, JULY).label()).isEqualTo("2026-JJA");
    // 30 June 23:00 UTC is already 1 July in Paris: periods follow UTC.
    assertThat(Period.of(Type.MONTH, Instant.parse("2026-06-30T23:00:00Z")).label()).isEqualTo("2026-06");
    assertThat(Period.of(Type.YEAR, Instant.parse("2025-12-31T23:00:00Z")).label()).isEqualTo("2025");
    assertThat(Period.of(Type.ALL, JULY).label()).isEqualTo("all");

    Period djf = new Period(Type.SEASON, "2026-DJF");
    assertThat(djf.start()).isEqualTo(Instant.parse("2025-12-01T00:00:00Z"));
    assertThat(djf.end()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(new Period(Type.MONTH, "2026-02").end()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(new Period(Type.YEAR, "2026").end()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThatThrownBy(() -> new Period(Type.MONTH, "2026-13")).isInstanceOf(RuntimeException.class);
    assertThatThrownBy(() -> new Period(Type.SEASON, "2026-DFJ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Period(Type.YEAR, "+2026")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Period(Type.ALL, "2026")).isInstanceOf(IllegalArgumentException.class);

    assertThat(Period.overlapping(Instant.parse("2026-02-27T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"),
        Type.MONTH, Type.SEASON)).containsExactly(new Period(Type.MONTH, "2026-02"), new Period(Type.MONTH, "2026-03"),
        new Period(Type.SEASON, "2026-DJF"), new Period(Type.SEASON, "2026-MAM"));
    assertThat(Period.overlapping(Instant.parse("2026-02-27T00:00:00Z"), Instant.parse("2026-03-01T00:00:00Z"),
        Type.MONTH, Type.YEAR, Type.ALL)).containsExactly(new Period(Type.MONTH, "2026-02"),
        new Period(Type.YEAR, "2026"), new Period(Type.ALL, "all"));
  }

  @Test
  void onlyTheRequestedPeriodsAreComputedOverTheirHours() {
    Instant paris = Instant.parse("2025-11-20T00:00:00Z"); // to 2026-03-09 23:00
    Instant lyon = Instant.parse("2026-01-10T00:00:00Z"); // to 2026-03-09 23:00
    Dataset<Row> hourly = HourlySeries.union(spark,
        HourlySeries.of("paris", "Europe/Paris", paris, 110 * 24)
            .with("temperature_c", h -> h % 24 + h / 1000.0).with("humidity_pct", h -> (h * 7 % 24) + 40.0),
        HourlySeries.of("lyon", "Europe/Paris", lyon, 59 * 24)
            .with("temperature_c", h -> h % 24 + 1.0).with("humidity_pct", h -> h % 10 + 40.0));
    Period djf = new Period(Type.SEASON, "2026-DJF");
    Dataset<Row> result =
        Correlations.compute(hourly, List.of(djf, new Period(Type.MONTH, "2026-01"), djf), UPDATED_AT);
    List<Row> rows = result.collectAsList();

    LakeLayout anyLake = new LakeLayout("s3a://any");
    assertThat(result.columns()).containsExactlyElementsOf(GoldTables.all(anyLake).stream()
        .filter(t -> t.name().equals(GoldTables.CORRELATIONS)).findFirst().orElseThrow().columnNames());
    assertThat(rows.stream().map(r -> r.getAs("city_id") + " " + r.getAs("period_type") + " " + r.getAs("period"))
        .distinct()).containsExactlyInAnyOrder("paris season 2026-DJF", "paris month 2026-01",
        "lyon season 2026-DJF", "lyon month 2026-01");
    assertThat(rows).hasSize(2 * 2 * 12 * 11 * 25); // DJF given twice counts once
    assertThat(rows).allSatisfy(r -> assertThat(r.<Instant>getAs("updated_at")).isEqualTo(UPDATED_AT));

    List<Row> parisDjf = rows.stream().filter(r -> r.getAs("city_id").equals("paris")
        && r.getAs("period").equals("2026-DJF")).toList();
    Row lag0 = find(parisDjf, "temperature_c", "humidity_pct", 0);
    assertThat(lag0.<Long>getAs("n")).isEqualTo((31 + 31 + 28) * 24);
    assertThat(find(parisDjf, "temperature_c", "humidity_pct", 24).<Long>getAs("n")).isEqualTo((31 + 31 + 28 - 1) * 24);
    assertThat(lag0.<Instant>getAs("period_start")).isEqualTo(Instant.parse("2025-12-01T00:00:00Z"));
    assertThat(lag0.<Instant>getAs("period_end")).isEqualTo(Instant.parse("2026-02-28T23:00:00Z"));

    List<Row> lyonDjf = rows.stream().filter(r -> r.getAs("city_id").equals("lyon")
        && r.getAs("period").equals("2026-DJF")).toList();
    Row lyon0 = find(lyonDjf, "temperature_c", "humidity_pct", 0);
    assertThat(lyon0.<Long>getAs("n")).isEqualTo((22 + 28) * 24);
    assertThat(lyon0.<Instant>getAs("period_start")).isEqualTo(lyon);
    List<Row> lyonJanuary = rows.stream().filter(r -> r.getAs("city_id").equals("lyon")
        && r.getAs("period").equals("2026-01")).toList();
    assertThat(find(lyonJanuary, "humidity_pct", "temperature_c", 1).<Long>getAs("n")).isEqualTo(22 * 24 - 1);
    assertThat(find(lyonJanuary, "humidity_pct", "temperature_c", 1).<Instant>getAs("period_end"))
        .isEqualTo(Instant.parse("2026-01-31T23:00:00Z"));
  }
}
