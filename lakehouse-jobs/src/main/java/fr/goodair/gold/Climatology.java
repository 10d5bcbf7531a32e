package fr.goodair.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code gold.climatology}: one row per city, {@link GoldVariables} variable, month and hour of day, both in the
 * city's time zone (from {@code local_date} and {@code local_hour}), with the statistics of every hourly value of
 * that slot over the whole history. It is the "normal" a value is compared with: the diurnal profile of each
 * month, so an anomaly is measured against the same hour of the same season, not against a yearly mean.
 *
 * <p>Percentiles are exact ({@code percentile}, linear interpolation between the closest ranks, as numpy's
 * default): the median of 1, 2, 3, 4 is 2.5. {@code stddev} is the sample standard deviation (null for one
 * value). Only values present count; a slot without any value has no row. On a DST day the local hours of the
 * change have one value fewer (the skipped hour) or one more (the repeated hour).
 */
public final class Climatology {

  private Climatology() {}

  /**
   * @param hourly {@code gold.city_hourly} rows: the whole history (the climatology is rebuilt, not updated)
   * @return rows of {@code gold.climatology}, in its column order
   */
  public static Dataset<Row> compute(Dataset<Row> hourly, Instant updatedAt) {
    return hourly
        .where("local_date IS NOT NULL AND local_hour IS NOT NULL")
        .select(col("city_id"), expr("month(local_date)").as("month"), col("local_hour").as("hour_of_day"),
            expr("year(local_date)").as("year"), longFormat())
        .where("value IS NOT NULL")
        .groupBy("city_id", "variable", "month", "hour_of_day")
        .agg(expr("count(value)").as("n"),
            // A set, not count(DISTINCT): a DISTINCT beside other aggregates makes Spark duplicate every row (Expand).
            expr("size(collect_set(year))").as("years"),
            expr("avg(value)").as("mean"),
            expr("stddev_samp(value)").as("stddev"),
            expr("percentile(value, array(0.5, 0.1, 0.9))").as("percentiles"))
        .select(col("city_id"), col("variable"), col("month"), col("hour_of_day"), unit().as("unit"), col("n"),
            col("years"), col("mean"), col("stddev"), expr("percentiles[0]").as("median"),
            expr("percentiles[1]").as("p10"), expr("percentiles[2]").as("p90"),
            lit(Timestamp.from(updatedAt)).as("updated_at"));
  }

  /** One (variable, value) pair per analysed column of the row. */
  private static Column longFormat() {
    String pairs = GoldVariables.columns().stream()
        .map(c -> "'" + c + "', CAST(" + c + " AS DOUBLE)")
        .collect(Collectors.joining(", "));
    return expr("stack(" + GoldVariables.ALL.size() + ", " + pairs + ") AS (variable, value)");
  }

  private static Column unit() {
    Column[] variableToUnit = GoldVariables.ALL.stream()
        .flatMap(v -> Stream.of(lit(v.column()), lit(v.unit())))
        .toArray(Column[]::new);
    return element_at(map(variableToUnit), col("variable"));
  }
}
