package fr.goodair.gold;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import fr.goodair.gold.Thresholds.Threshold;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;

/**
 * {@code gold.city_hourly} → {@code gold.threshold_exceedances}: one row per city, pollutant, {@link Thresholds
 * threshold}, basis and averaging period whose concentration is strictly above the threshold (equal is not an
 * exceedance). Concentrations only: the {@code measured} basis reads OWM's {@code *_ugm3} columns, the
 * {@code estimated} basis the AQICN sub-indices turned into µg/m³ by {@link AqiConcentration} (approximate).
 *
 * <p>Periods, by the threshold's averaging ({@code hours} = hours with a value in the period):
 * <ul>
 *   <li>{@code 1h}: each hour above;</li>
 *   <li>{@code 3h_consecutive}: each hour that ends three consecutive hours all above (a run of 4 hours gives 2
 *       rows); the period is those 3 hours and the value their mean;</li>
 *   <li>{@code 8h_daily_max}: the local day's highest 8-hour rolling mean, over the windows whose last hour is in
 *       that day (EU 2008/50/EC: the first window of a day starts at 17:00 the day before), each window needing
 *       6 of its 8 hours (EU's 75 %); the period is that window. A day with few valid windows still counts when
 *       one is above: its true maximum can only be higher;</li>
 *   <li>{@code 24h}: the mean over the city's local day, when at least 18 hours have a value (EU's 75 % rule
 *       for daily values, kept at 18 on the 23- and 25-hour days of the clock changes).</li>
 * </ul>
 * {@code local_date} is the local day the exceedance counts for: the day of the period's last hour (for 1-h and
 * 24-h periods, the day of its start too). WHO's 24-hour guidelines are 99th percentiles (3–4 days a year above
 * are compatible with them) and the EU limits allow a number of exceedances a year (see {@link Thresholds}):
 * every day above is a row here; comparing the yearly count with what a standard allows is the reader's query.
 *
 * <p>Incremental use: to recompute some local days, pass the hourly rows of those days and of the
 * {@link #LOOKBACK_HOURS} hours before their first hour (8-hour windows and 3-hour runs crossing midnight), then
 * keep only the output rows whose {@code local_date} is one of the recomputed days (the look-back hours give
 * partial periods of the day before).
 */
public final class ThresholdExceedances {

  /** Hours before a recomputed day the input must hold: the first 8-hour window of a day starts 7 hours before. */
  public static final int LOOKBACK_HOURS = 7;

  /** Hours an 8-hour mean needs (EU's 75 %). */
  private static final int MIN_HOURS_IN_8H = 6;
  /** Hours a daily mean needs (EU's 75 % of 24). */
  private static final int MIN_HOURS_IN_DAY = 18;

  private static final int SECONDS_PER_HOUR = 3600;
  private static final StructType THRESHOLD_SCHEMA = StructType.fromDDL(
      "pollutant STRING, threshold_id STRING, standard STRING, kind STRING, averaging STRING, threshold_ugm3 DOUBLE");

  private ThresholdExceedances() {}

  /** {@code hourly}: rows of {@code gold.city_hourly}; {@code updatedAt}: the run's time, in every row. */
  public static Dataset<Row> compute(Dataset<Row> hourly, Instant updatedAt) {
    Dataset<Row> values = concentrations(hourly);
    Dataset<Row> periods = hours(values)
        .unionByName(threeHourRuns(values))
        .unionByName(dailyMax8h(values))
        .unionByName(days(values));
    return periods.join(thresholds(hourly.sparkSession()), new String[] {"pollutant", "averaging"})
        .where(col("compared_ugm3").gt(col("threshold_ugm3")))
        .select(col("city_id"), col("pollutant"), col("threshold_id"), col("standard"), col("kind"),
            col("averaging"), col("threshold_ugm3"), col("basis"), col("basis").equalTo("measured").as("measured"),
            col("period_start"), col("period_end"), col("local_date"), col("value_ugm3"),
            col("value_ugm3").divide(col("threshold_ugm3")).as("ratio"), col("hours"),
            lit(Timestamp.from(updatedAt)).as("updated_at"));
  }

  /** One row per city, hour, pollutant and basis with a concentration: the hour's value in µg/m³. */
  private static Dataset<Row> concentrations(Dataset<Row> hourly) {
    List<Column> values = new ArrayList<>();
    for (String pollutant : Thresholds.ALL.stream().map(Threshold::pollutant).distinct().toList()) {
      values.add(struct(lit(pollutant).as("pollutant"), lit("measured").as("basis"),
          col(pollutant + "_ugm3").as("value")));
      values.add(struct(lit(pollutant).as("pollutant"), lit("estimated").as("basis"),
          AqiConcentration.ugm3(pollutant, col("aqi_" + pollutant)).as("value")));
    }
    return hourly.select(col("city_id"), col("hour_utc"), col("local_date"), col("local_hour"),
            explode(array(values.toArray(Column[]::new))).as("v"))
        .select(col("city_id"), col("hour_utc"), col("local_date"), col("local_hour"), col("v.*"))
        .where(col("value").isNotNull());
  }

  private static Dataset<Row> hours(Dataset<Row> values) {
    return withAveraging(values, Thresholds.HOUR)
        .select(period(Thresholds.HOUR, col("hour_utc"), expr("hour_utc + INTERVAL 1 HOUR"), col("value"),
            col("value"), lit(1)));
  }

  /** Each hour ending three present hours; compared by the lowest of the three, so that all three are above. */
  private static Dataset<Row> threeHourRuns(Dataset<Row> values) {
    WindowSpec lastThree = hourOrder().rangeBetween(-2L * SECONDS_PER_HOUR, 0);
    return withAveraging(values, Thresholds.THREE_CONSECUTIVE_HOURS)
        .select(col("*"), count("value").over(lastThree).as("n"), avg("value").over(lastThree).as("mean"),
            min("value").over(lastThree).as("lowest"))
        .where(col("n").equalTo(3))
        .select(period(Thresholds.THREE_CONSECUTIVE_HOURS, expr("hour_utc - INTERVAL 2 HOURS"),
            expr("hour_utc + INTERVAL 1 HOUR"), col("mean"), col("lowest"), col("n")));
  }

  /** The highest valid 8-hour mean of each local day, a window counting for the day of its last hour. */
  private static Dataset<Row> dailyMax8h(Dataset<Row> values) {
    WindowSpec lastEight = hourOrder().rangeBetween(-7L * SECONDS_PER_HOUR, 0);
    return withAveraging(values, Thresholds.DAILY_MAX_8H)
        .select(col("*"), count("value").over(lastEight).as("n"), avg("value").over(lastEight).as("mean"))
        .where(col("n").geq(MIN_HOURS_IN_8H))
        .groupBy("city_id", "pollutant", "basis", "local_date")
        .agg(max(struct(col("mean"), col("hour_utc"), col("n"))).as("w"))
        .select(period(Thresholds.DAILY_MAX_8H, expr("w.hour_utc - INTERVAL 7 HOURS"),
            expr("w.hour_utc + INTERVAL 1 HOUR"), col("w.mean"), col("w.mean"), col("w.n")));
  }

  /**
   * Daily means over the local day. Its bounds come from the UTC offset of the day's first and last hours with a
   * value (the input has no time zone): exact unless a clock-change day misses its hours before the change.
   */
  private static Dataset<Row> days(Dataset<Row> values) {
    return withAveraging(values, Thresholds.DAY)
        .groupBy("city_id", "pollutant", "basis", "local_date")
        .agg(avg("value").as("mean"), count("value").as("n"),
            min(struct(col("hour_utc"), col("local_hour"))).as("first"),
            max(struct(col("hour_utc"), col("local_hour"))).as("last"))
        .where(col("n").geq(MIN_HOURS_IN_DAY))
        .select(period(Thresholds.DAY,
            expr("timestamp_seconds(unix_seconds(first.hour_utc) - first.local_hour * 3600)"),
            expr("timestamp_seconds(unix_seconds(last.hour_utc) + (24 - last.local_hour) * 3600)"),
            col("mean"), col("mean"), col("n")));
  }

  /**
   * The columns of one averaging period of a city, pollutant and basis: its bounds, its value, the value compared
   * with the thresholds and the hours with a value.
   */
  private static Column[] period(String averaging, Column start, Column end, Column value, Column compared,
      Column hours) {
    return new Column[] {col("city_id"), col("pollutant"), col("basis"), lit(averaging).as("averaging"),
        start.as("period_start"), end.as("period_end"), col("local_date"), value.as("value_ugm3"),
        compared.as("compared_ugm3"), hours.cast("int").as("hours")};
  }

  /** The values of the pollutants that have a threshold with this averaging. */
  private static Dataset<Row> withAveraging(Dataset<Row> values, String averaging) {
    Object[] pollutants = Thresholds.ALL.stream().filter(t -> t.averaging().equals(averaging))
        .map(Threshold::pollutant).distinct().toArray();
    return values.where(col("pollutant").isin(pollutants));
  }

  /** Consecutive hours of one city, pollutant and basis, ordered by time in seconds (range frames in hours). */
  private static WindowSpec hourOrder() {
    return Window.partitionBy("city_id", "pollutant", "basis").orderBy(expr("unix_seconds(hour_utc)"));
  }

  private static Dataset<Row> thresholds(SparkSession spark) {
    List<Row> rows = Thresholds.ALL.stream()
        .map(t -> RowFactory.create(t.pollutant(), t.id(), t.standard(), t.kind(), t.averaging(), t.ugm3()))
        .toList();
    return spark.createDataFrame(rows, THRESHOLD_SCHEMA);
  }
}
