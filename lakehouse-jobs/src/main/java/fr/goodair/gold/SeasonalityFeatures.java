package fr.goodair.gold;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code gold.seasonality_features}: one row per city and UTC hour of {@code gold.city_hourly}, ready for a
 * forecasting model: the local calendar (city time zone), its cyclical encodings, and for O3, PM2.5, NO2 and
 * temperature the value, its lags, its rolling 24-hour mean and max and its anomaly against {@link Climatology}.
 *
 * <ul>
 *   <li>Calendar from {@code local_date}/{@code local_hour}: ISO day of week (1 = Monday), weekend = Saturday or
 *   Sunday, public holiday = {@link FrenchPublicHolidays} (metropolitan list).</li>
 *   <li>Cyclical: hour_sin = sin(2π·local_hour/24), dow_sin = sin(2π·(day_of_week-1)/7), doy_sin =
 *   sin(2π·(day_of_year-1)/365.25), and the cosines alike.</li>
 *   <li>Lags by time, never by row: {@code x_lag_1h} is the value at hour_utc - 1 h, {@code x_lag_24h} at
 *   hour_utc - 24 h, null when that hour has no row or no value.</li>
 *   <li>Rolling: mean and max over the 24 hours ending with this one (hour_utc - 23 h … hour_utc), of the hours
 *   present. {@code rain_24h_mm} sums the same hours; an hour with an OWM weather observation but no rain field
 *   counts as 0 mm (OWM leaves {@code rain} out when it does not rain), an hour without one is left out.</li>
 *   <li>Anomaly: value minus the climatology mean of the same city, variable, local month and local hour; null
 *   when the climatology has no such row.</li>
 * </ul>
 *
 * <p>Caller contract (incremental recompute): an hour reads the {@value #LOOKBACK_HOURS} hours before it, so
 * pass the hourly rows of the hours recomputed plus the {@value #LOOKBACK_HOURS} before the first, and keep only
 * the output rows of the hours recomputed. A changed hour h changes the rows of h … h + 24 h; a new climatology
 * changes every anomaly.
 */
public final class SeasonalityFeatures {

  /** Hours of history an hour's features read. */
  public static final int LOOKBACK_HOURS = 24;

  /** A city_hourly column with the full set of features, and the prefix of their names. */
  private record Feature(String column, String prefix) {}

  private static final List<Feature> FEATURES = List.of(
      new Feature("o3_ugm3", "o3"),
      new Feature("pm25_ugm3", "pm25"),
      new Feature("no2_ugm3", "no2"),
      new Feature("temperature_c", "temperature"));

  private static final UserDefinedFunction PUBLIC_HOLIDAY = udf(
      (UDF1<Integer, Boolean>) epochDay ->
          epochDay == null ? null : FrenchPublicHolidays.contains(LocalDate.ofEpochDay(epochDay)),
      DataTypes.BooleanType);

  private SeasonalityFeatures() {}

  /**
   * @param hourly {@code gold.city_hourly} rows: the hours recomputed and the {@value #LOOKBACK_HOURS} before
   * @param climatology {@code gold.climatology} rows (city_id, variable, month, hour_of_day, mean are read)
   * @return rows of {@code gold.seasonality_features}, in its column order, one per row of {@code hourly}
   */
  public static Dataset<Row> compute(Dataset<Row> hourly, Dataset<Row> climatology, Instant updatedAt) {
    // Frames on the hour number: a missing hour is a gap in the frame, not a shift of the neighbours.
    WindowSpec byHour = Window.partitionBy("city_id").orderBy(expr("unix_seconds(hour_utc) DIV 3600"));
    WindowSpec hourBefore = byHour.rangeBetween(-1, -1);
    WindowSpec dayBefore = byHour.rangeBetween(-24, -24);
    WindowSpec last24Hours = byHour.rangeBetween(-(LOOKBACK_HOURS - 1), 0);

    List<Column> columns = new ArrayList<>(calendar());
    for (Feature f : FEATURES) {
      columns.add(col(f.column()));
      columns.add(first(f.column()).over(hourBefore).as(f.prefix() + "_lag_1h"));
      columns.add(first(f.column()).over(dayBefore).as(f.prefix() + "_lag_24h"));
      columns.add(avg(f.column()).over(last24Hours).as(f.prefix() + "_mean_24h"));
      columns.add(max(f.column()).over(last24Hours).as(f.prefix() + "_max_24h"));
      columns.add(col(f.column()).minus(col(f.column() + "_normal")).as(f.prefix() + "_anomaly"));
    }
    columns.add(col("wind_speed_ms"));
    columns.add(avg("wind_speed_ms").over(last24Hours).as("wind_speed_mean_24h"));
    columns.add(col("humidity_pct"));
    columns.add(sum(expr("CASE WHEN has_owm_weather THEN coalesce(rain_1h_mm, 0) END")).over(last24Hours)
        .as("rain_24h_mm"));
    columns.add(lit(Timestamp.from(updatedAt)).as("updated_at"));

    return hourly
        .withColumn("month", expr("month(local_date)"))
        .join(broadcast(normals(climatology)), new String[] {"city_id", "month", "local_hour"}, "left")
        .select(columns.toArray(Column[]::new));
  }

  private static List<Column> calendar() {
    return List.of(col("city_id"), col("hour_utc"), col("local_date"), col("local_hour"),
        expr("year(local_date)").as("year"), col("month"),
        expr("dayofyear(local_date)").as("day_of_year"),
        expr("weekday(local_date) + 1").as("day_of_week"),
        expr("weekday(local_date) >= 5").as("is_weekend"),
        PUBLIC_HOLIDAY.apply(expr("unix_date(local_date)")).as("is_public_holiday"),
        expr("sin(2 * pi() * local_hour / 24)").as("hour_sin"),
        expr("cos(2 * pi() * local_hour / 24)").as("hour_cos"),
        // weekday() is 0 = Monday … 6 = Sunday: day_of_week - 1.
        expr("sin(2 * pi() * weekday(local_date) / 7)").as("dow_sin"),
        expr("cos(2 * pi() * weekday(local_date) / 7)").as("dow_cos"),
        expr("sin(2 * pi() * (dayofyear(local_date) - 1) / 365.25)").as("doy_sin"),
        expr("cos(2 * pi() * (dayofyear(local_date) - 1) / 365.25)").as("doy_cos"));
  }

  /** The climatology means of the featured variables, one row per city, month and local hour. */
  private static Dataset<Row> normals(Dataset<Row> climatology) {
    Column[] means = FEATURES.stream()
        .map(f -> max(when(col("variable").equalTo(f.column()), col("mean"))).as(f.column() + "_normal"))
        .toArray(Column[]::new);
    return climatology
        .withColumnRenamed("hour_of_day", "local_hour")
        .groupBy("city_id", "month", "local_hour")
        .agg(means[0], Arrays.copyOfRange(means, 1, means.length));
  }
}
