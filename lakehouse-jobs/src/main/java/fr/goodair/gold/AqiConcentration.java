package fr.goodair.gold;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * An approximate concentration (µg/m³) from an AQICN sub-index, by the US-EPA inverse breakpoint formula
 * {@code C = (I − I_lo)(C_hi − C_lo) / (I_hi − I_lo) + C_lo} (DOMAIN.md §3, EPA-454/B-24-002) and the 25 °C
 * ppb → µg/m³ factors MW / 24.45: NO2 1.88, O3 1.96, SO2 2.62, CO 1.145 (DOMAIN rounds CO to 1.15).
 *
 * <p>The tables: PM2.5 24 h (µg/m³), PM10 24 h (µg/m³), O3 8 h (ppm), NO2 1 h (ppb), SO2 1 h (ppb), CO 8 h (ppm).
 * PM2.5 uses the 2024 breakpoints: they are EPA's table in force since May 2024, and which revision WAQI applies
 * is not known. Both revisions agree from AQI 100 to 151 (35.4–55.5 µg/m³); if WAQI still used the pre-2024
 * table, these estimates would be low by up to 3 µg/m³ below AQI 100, by 25 µg/m³ from AQI 200 to 300 and by more
 * above.
 *
 * <p>An approximation, hence the {@code estimated} basis of {@code gold.threshold_exceedances}: WAQI publishes
 * integer sub-indices (one step is about 0.54 µg/m³ of PM2.5 between AQI 51 and 100) computed hour by hour
 * ("instant-cast"), so a 24-h or 8-h table is applied to hourly values; its breakpoint revision and ppb factors
 * are not published; the factors are at 25 °C while EU directives are said to use 293 K (unverified; about 1.7 %
 * more µg/m³ per ppb).
 * Between two bands (e.g. AQI 50.5, from hourly means of integer AQIs) the estimate is interpolated between the
 * bands' ends. Outside a table (negative, above its top: O3 8 h and SO2 1 h stop at AQI 300 and 200, where EPA
 * switches to the 1-h O3 and 24-h SO2 tables) there is no estimate (null).
 */
public final class AqiConcentration {

  /** One row of an EPA table: AQI {@code iLo}–{@code iHi} ↔ concentration {@code cLo}–{@code cHi} in its unit. */
  private record Band(int iLo, int iHi, double cLo, double cHi) {}

  /** A pollutant's table and the factor from the table's unit to µg/m³. */
  private record Table(double ugm3PerUnit, List<Band> bands) {}

  private static final double PPM = 1000; // ppb per ppm

  private static final Map<String, Table> TABLES = Map.of(
      "pm25", new Table(1, List.of(new Band(0, 50, 0.0, 9.0), new Band(51, 100, 9.1, 35.4),
          new Band(101, 150, 35.5, 55.4), new Band(151, 200, 55.5, 125.4), new Band(201, 300, 125.5, 225.4),
          new Band(301, 500, 225.5, 325.4))),
      "pm10", new Table(1, List.of(new Band(0, 50, 0, 54), new Band(51, 100, 55, 154), new Band(101, 150, 155, 254),
          new Band(151, 200, 255, 354), new Band(201, 300, 355, 424), new Band(301, 500, 425, 604))),
      "o3", new Table(1.96 * PPM, List.of(new Band(0, 50, 0.0, 0.054), new Band(51, 100, 0.055, 0.070),
          new Band(101, 150, 0.071, 0.085), new Band(151, 200, 0.086, 0.105), new Band(201, 300, 0.106, 0.200))),
      "no2", new Table(1.88, List.of(new Band(0, 50, 0, 53), new Band(51, 100, 54, 100), new Band(101, 150, 101, 360),
          new Band(151, 200, 361, 649), new Band(201, 300, 650, 1249), new Band(301, 500, 1250, 2049))),
      // The first band (0-35 ppb) is marked unverified in DOMAIN.md §3.
      "so2", new Table(2.62, List.of(new Band(0, 50, 0, 35), new Band(51, 100, 36, 75), new Band(101, 150, 76, 185),
          new Band(151, 200, 186, 304))),
      "co", new Table(1.145 * PPM, List.of(new Band(0, 50, 0.0, 4.4), new Band(51, 100, 4.5, 9.4),
          new Band(101, 150, 9.5, 12.4), new Band(151, 200, 12.5, 15.4), new Band(201, 300, 15.5, 30.4),
          new Band(301, 500, 30.5, 50.4))));

  private AqiConcentration() {}

  /** {@code aqi}, a US-EPA sub-index of {@code pollutant}, as an approximate concentration in µg/m³ (or null). */
  public static Column ugm3(String pollutant, Column aqi) {
    Table table = TABLES.get(pollutant);
    if (table == null) {
      throw new IllegalArgumentException("no AQI table for " + pollutant);
    }
    // The bands' ends as one increasing list of (AQI, concentration) points: consecutive points are either a band
    // (the EPA formula) or the gap between two bands.
    List<double[]> points = new ArrayList<>();
    for (Band b : table.bands()) {
      points.add(new double[] {b.iLo(), b.cLo()});
      points.add(new double[] {b.iHi(), b.cHi()});
    }
    Column concentration = lit(null).cast("double");
    for (int k = points.size() - 1; k > 0; k--) {
      double[] lo = points.get(k - 1);
      double[] hi = points.get(k);
      Column value = aqi.minus(lo[0]).multiply((hi[1] - lo[1]) / (hi[0] - lo[0])).plus(lo[1]);
      concentration = when(aqi.between(lo[0], hi[0]), value).otherwise(concentration);
    }
    return concentration.multiply(table.ugm3PerUnit());
  }
}
