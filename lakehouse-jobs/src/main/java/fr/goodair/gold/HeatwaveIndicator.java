package fr.goodair.gold;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * {@code gold.heatwave_daily}: one row per city and Météo-France climatological day D, with the observed daily
 * extremes, the 3-day indicators IBMn/IBMx, the département thresholds, the canicule flag and a vigilance-like
 * level. It applies Météo-France's canicule method (DOMAIN.md §4) to observed hourly temperatures, so
 * researchers can label past heatwaves the way the forecasters define them.
 *
 * <h2>Climatological day (UTC, not the city's calendar)</h2>
 * Météo-France's day D takes its minimum over the night before and its maximum over the night after:
 * <ul>
 *   <li>Tn(D) = min of {@code temperature_c} over the hours starting D-1 18:00 UTC … D 17:00 UTC;</li>
 *   <li>Tx(D) = max over the hours starting D 06:00 UTC … D+1 05:00 UTC.</li>
 * </ul>
 * An hour is its UTC start ({@code hour_utc}), so the hour 17:00–18:00 UTC of D counts in Tn(D) and the hour
 * 18:00–19:00 in Tn(D+1). Each window has 24 hours; Tn or Tx is null when fewer than {@value #MIN_HOURS} of them
 * have a temperature ({@code tn_hours}/{@code tx_hours} always give the count, so a reader sees why).
 *
 * <h2>Indicators and canicule</h2>
 * IBMn(D) and IBMx(D) are the means of Tn and Tx over D, D+1, D+2 (null unless all three exist), rounded to
 * 0.01 °C so that a mean equal to a threshold reaches it despite binary floating point. A window [E, E+2] is hot
 * when IBMn(E) ≥ the IBMn threshold and IBMx(E) ≥ the IBMx threshold (reach or exceed). {@code canicule}(D) is
 * true when D lies in a hot window (E = D-2, D-1 or D), false when the data show that none of the three is, and
 * null when they cannot tell (a missing Tn or Tx, the first days of the history, the last two days of the data).
 *
 * <h2>Vigilance-like level (not Météo-France's official vigilance, which forecasters set on forecasts)</h2>
 * <ul>
 *   <li>rouge: canicule, and one of D's hot windows is extreme: IBMx ≥ its threshold + {@value #ROUGE_IBMX_MARGIN_C}
 *   °C or IBMn ≥ its threshold + {@value #ROUGE_IBMN_MARGIN_C} °C (by day or by night: hot nights weigh on health
 *   as much as hot days);</li>
 *   <li>orange: canicule;</li>
 *   <li>jaune: no canicule but heat: a pic de chaleur (Tx(D) ≥ the IBMx threshold) or a persistent episode (one of
 *   D's windows has IBMx within {@value #JAUNE_IBMX_MARGIN_C} °C of its threshold);</li>
 *   <li>vert: otherwise;</li>
 *   <li>null when canicule is null, and for cities without thresholds in {@code silver.dim_city}.</li>
 * </ul>
 *
 * <h2>Caller contract (incremental recompute)</h2>
 * Day D reads the hours from D-3 18:00 UTC to D+3 06:00 UTC. To recompute the days [first, last], pass the hourly
 * rows of the UTC dates first - {@value #MARGIN_DAYS} … last + {@value #MARGIN_DAYS} and keep only the output rows
 * of [first, last]: the other rows lack part of their windows. When an hour changes, recompute
 * {@link #affectedDays(Instant)}.
 */
public final class HeatwaveIndicator {

  /** UTC days of hourly data needed on each side of the days recomputed. */
  public static final int MARGIN_DAYS = 3;
  /** Hours with a temperature needed, out of 24, for Tn or Tx. */
  public static final int MIN_HOURS = 18;
  static final double ROUGE_IBMX_MARGIN_C = 4.0;
  static final double ROUGE_IBMN_MARGIN_C = 3.0;
  static final double JAUNE_IBMX_MARGIN_C = 1.0;

  private HeatwaveIndicator() {}

  /**
   * @param hourly {@code gold.city_hourly} rows (city_id, hour_utc, temperature_c are read)
   * @param dimCity {@code silver.dim_city} (city_id, departement_code, ibmn_threshold_c, ibmx_threshold_c,
   *     thresholds_verified are read)
   * @return rows of {@code gold.heatwave_daily}, in its column order, for every day one of whose windows holds
   *     an hour of {@code hourly}
   */
  public static Dataset<Row> compute(Dataset<Row> hourly, Dataset<Row> dimCity, Instant updatedAt) {
    Dataset<Row> thresholds = dimCity.select("city_id", "departement_code", "ibmn_threshold_c", "ibmx_threshold_c",
        "thresholds_verified");
    Dataset<Row> days = extremes(hourly).join(broadcast(thresholds), "city_id", "left");

    // Frames on the day number, so a day without a row is a gap, never the neighbour's value.
    WindowSpec byDay = Window.partitionBy("city_id").orderBy(expr("unix_date(day)"));
    WindowSpec windowFromDay = byDay.rangeBetween(0, 2);
    WindowSpec windowsOfDay = byDay.rangeBetween(-2, 0);
    Dataset<Row> indicators = days
        .withColumn("ibmn_c", threeDayMean("tn_c", windowFromDay))
        .withColumn("ibmx_c", threeDayMean("tx_c", windowFromDay))
        .withColumn("hot", expr("ibmn_c >= ibmn_threshold_c AND ibmx_c >= ibmx_threshold_c"))
        .withColumn("extreme", expr("hot AND (ibmx_c >= ibmx_threshold_c + " + ROUGE_IBMX_MARGIN_C
            + " OR ibmn_c >= ibmn_threshold_c + " + ROUGE_IBMN_MARGIN_C + ")"))
        .withColumn("near", expr("ibmx_c >= ibmx_threshold_c - " + JAUNE_IBMX_MARGIN_C))
        .withColumn("canicule", when(max("hot").over(windowsOfDay), true)
            .when(count("hot").over(windowsOfDay).equalTo(3), false))
        .withColumn("extreme_window", max("extreme").over(windowsOfDay))
        .withColumn("near_window", max("near").over(windowsOfDay));
    return indicators.select(
        col("city_id"), col("day"), col("departement_code"), col("tn_c"), col("tx_c"), col("tn_hours"),
        col("tx_hours"), col("ibmn_c"), col("ibmx_c"), col("ibmn_threshold_c"), col("ibmx_threshold_c"),
        col("thresholds_verified"), col("canicule"),
        expr("""
            CASE WHEN canicule IS NULL THEN NULL
                 WHEN canicule AND extreme_window THEN 'rouge'
                 WHEN canicule THEN 'orange'
                 WHEN tx_c >= ibmx_threshold_c OR near_window THEN 'jaune'
                 ELSE 'vert' END""").as("vigilance_level"),
        lit(Timestamp.from(updatedAt)).as("updated_at"));
  }

  /**
   * The climatological days whose row depends on {@code hour}: the hour is in Tn of one day and Tx of the same
   * or the previous day; each of those feeds the IBM of the two days before it, and the canicule flag of a day
   * looks at windows starting up to two days before. Five or six consecutive UTC days.
   */
  public static List<LocalDate> affectedDays(Instant hour) {
    LocalDate txDay = utcDate(hour.minus(6, ChronoUnit.HOURS));
    LocalDate tnDay = utcDate(hour.plus(6, ChronoUnit.HOURS));
    return Stream.iterate(txDay.minusDays(2), d -> !d.isAfter(tnDay.plusDays(2)), d -> d.plusDays(1)).toList();
  }

  /**
   * Tn and Tx per city and climatological day, with their hour counts. Every hour counts in two days: the Tn of
   * the UTC date of hour + 6 h and the Tx of the UTC date of hour - 6 h.
   */
  private static Dataset<Row> extremes(Dataset<Row> hourly) {
    return hourly
        .selectExpr("city_id", """
            stack(2, %s, temperature_c, CAST(NULL AS DOUBLE), %s, CAST(NULL AS DOUBLE), temperature_c)
              AS (day, tn_value, tx_value)""".formatted(utcDateOf("+ 6"), utcDateOf("- 6")))
        .groupBy("city_id", "day")
        .agg(expr("min(tn_value)").as("tn_min"), expr("count(tn_value)").cast("int").as("tn_hours"),
            expr("max(tx_value)").as("tx_max"), expr("count(tx_value)").cast("int").as("tx_hours"))
        .withColumn("tn_c", expr("CASE WHEN tn_hours >= " + MIN_HOURS + " THEN tn_min END"))
        .withColumn("tx_c", expr("CASE WHEN tx_hours >= " + MIN_HOURS + " THEN tx_max END"));
  }

  /** UTC date of {@code hour_utc} shifted by some hours, whatever the session time zone. */
  private static String utcDateOf(String shiftHours) {
    return "date_from_unix_date(CAST(floor((unix_seconds(hour_utc) " + shiftHours + " * 3600) / 86400) AS INT))";
  }

  private static Column threeDayMean(String column, WindowSpec window) {
    return when(count(column).over(window).equalTo(3), round(avg(column).over(window), 2));
  }

  private static LocalDate utcDate(Instant instant) {
    return instant.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
