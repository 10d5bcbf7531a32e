package fr.goodair.gold;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataType;
import scala.collection.Seq;

/**
 * {@code gold.city_hourly} → {@code gold.extreme_variations}: the hours where a {@link GoldVariables variable}'s
 * value ({@code level}) or its change since the previous UTC hour ({@code jump}, only when that hour has a value)
 * is far from what the same local hour of day looked like over the previous {@value #BASELINE_DAYS} days. Only
 * flagged hours are rows; city_hourly keeps every value. Rain is not scored: most hours are dry, so against a
 * baseline of zeros every shower would be an outlier (half the flags on simulated data); daily rain totals are in
 * city_daily.
 *
 * <p>The baseline is the same local hour of the {@value #BASELINE_DAYS} days before the hour's local day (never the
 * day itself, so that a spike lasting some hours does not hide itself), with at least {@value #MIN_BASELINE_DAYS}
 * values: one a day, two from the day the clocks go back (its repeated hour). The score is Iglewicz and Hoaglin's modified z-score, {@code (x − median) / (1.4826 × MAD)}
 * (1.4826 × MAD estimates a standard deviation for normal data). When more than half the baseline is one value
 * (MAD = 0, e.g. no rain) the scale is {@code 1.2533 × mean absolute deviation from the median} instead (the same
 * normal-data estimate, as IBM Cognos Analytics' "modified z score" does). When that is 0 too (a constant baseline), a value equal
 * to it is not flagged and any other value scores ±Infinity, severity {@code extreme}.
 *
 * <p>Severity by |z|: {@code notable} from 3.5 (Iglewicz and Hoaglin's cut-off for a potential outlier, 1993),
 * {@code severe} from 5, {@code extreme} from 8 (our steps, so that a reader can keep only the rarest).
 *
 * <p>Incremental use: to recompute some local days, pass the hourly rows of those days and of the
 * {@value #LOOKBACK_DAYS} days before them (the baseline, and the hour before its first day for a jump), then keep
 * only the hours of the recomputed days ({@code scored}; look-back days have short baselines).
 */
public final class ExtremeVariations {

  public static final int BASELINE_DAYS = 28;
  public static final int MIN_BASELINE_DAYS = 14;
  /** Days before a recomputed day the input must hold. */
  public static final int LOOKBACK_DAYS = BASELINE_DAYS + 1;

  /** σ ≈ 1.4826 × MAD for normal data (1 / 0.6745, the inverse normal quantile at 0.75). */
  private static final double MAD_TO_SIGMA = 1.4826;
  /** σ ≈ 1.2533 × mean absolute deviation for normal data (√(π/2)). */
  private static final double MEAN_DEVIATION_TO_SIGMA = 1.2533;
  private static final double NOTABLE = 3.5;
  private static final double SEVERE = 5;
  private static final double EXTREME = 8;

  /**
   * Median, MAD and mean absolute deviation from the median of a baseline, exact; null for an empty one (Spark may
   * evaluate it before the filter on the baseline's size). Plain Java rather than Spark's array functions: with
   * sort_array, transform and aggregate a year of 20 cities took over 10 minutes on 2 cores, with this about 40 s
   * (Spark interprets those functions' lambdas, element by element).
   */
  private static final UserDefinedFunction BASELINE = udf((UDF1<Seq<Double>, Row>) baseline -> {
    if (baseline.isEmpty()) {
      return null;
    }
    double[] values = new double[baseline.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = baseline.apply(i);
    }
    double median = median(values);
    double[] deviations = new double[values.length];
    double sum = 0;
    for (int i = 0; i < values.length; i++) {
      deviations[i] = Math.abs(values[i] - median);
      sum += deviations[i];
    }
    return RowFactory.create(median, median(deviations), sum / values.length);
  }, DataType.fromDDL("median DOUBLE, mad DOUBLE, mean_deviation DOUBLE"));

  private ExtremeVariations() {}

  /** {@code hourly}: rows of {@code gold.city_hourly}; {@code updatedAt}: the run's time, in every row. */
  public static Dataset<Row> compute(Dataset<Row> hourly, Instant updatedAt) {
    return compute(hourly, updatedAt, lit(true));
  }

  /**
   * Scores only the hours matching {@code scored} (a predicate on the hourly columns): the others are the baseline
   * of those. Sorting baselines is the costly part, so an hourly run sorts one day's, not its whole look-back's.
   */
  public static Dataset<Row> compute(Dataset<Row> hourly, Instant updatedAt, Column scored) {
    WindowSpec sameHourBefore = Window.partitionBy("city_id", "variable", "kind", "local_hour")
        .orderBy(expr("unix_date(local_date)"))
        .rangeBetween(-BASELINE_DAYS, -1);
    Column z = col("value").minus(col("b.median")).divide(col("scale"));
    return levelsAndJumps(hourly)
        .withColumn("baseline", collect_list("value").over(sameHourBefore))
        .where(scored.and(size(col("baseline")).geq(MIN_BASELINE_DAYS)))
        .withColumn("b", BASELINE.apply(col("baseline")))
        .withColumn("scale", when(col("b.mad").gt(0), col("b.mad").multiply(MAD_TO_SIGMA))
            .when(col("b.mean_deviation").gt(0), col("b.mean_deviation").multiply(MEAN_DEVIATION_TO_SIGMA)))
        .withColumn("robust_z", when(col("scale").isNotNull(), z)
            .when(col("value").gt(col("b.median")), Double.POSITIVE_INFINITY)
            .when(col("value").lt(col("b.median")), Double.NEGATIVE_INFINITY))
        .withColumn("severity", severity(abs(col("robust_z"))))
        .where(col("severity").isNotNull())
        .select(col("city_id"), col("hour_utc"), col("variable"), col("kind"), col("local_date"), col("local_hour"),
            col("unit"), col("value"), col("b.median").as("baseline_median"), col("b.mad").as("baseline_mad"),
            size(col("baseline")).as("baseline_n"), col("robust_z"), col("severity"),
            lit(Timestamp.from(updatedAt)).as("updated_at"));
  }

  /** One row per city, hour, variable and kind with a value: the level, and the jump when the hour before has one. */
  private static Dataset<Row> levelsAndJumps(Dataset<Row> hourly) {
    Column[] variables = GoldVariables.ALL.stream().filter(v -> !v.column().equals("rain_1h_mm"))
        .map(v -> struct(lit(v.column()).as("variable"), lit(v.unit()).as("unit"), col(v.column()).as("value")))
        .toArray(Column[]::new);
    WindowSpec previousHour = Window.partitionBy("city_id", "variable").orderBy("hour_utc");
    Column jump = when(lag("hour_utc", 1).over(previousHour).equalTo(expr("hour_utc - INTERVAL 1 HOUR")),
        col("value").minus(lag("value", 1).over(previousHour)));
    return hourly.select(col("city_id"), col("hour_utc"), col("local_date"), col("local_hour"),
            explode(array(variables)).as("v"))
        .select(col("city_id"), col("hour_utc"), col("local_date"), col("local_hour"), col("v.*"))
        .where(col("value").isNotNull())
        .withColumn("jump", jump)
        .select(col("city_id"), col("hour_utc"), col("local_date"), col("local_hour"), col("variable"), col("unit"),
            explode(array(struct(lit("level").as("kind"), col("value")), struct(lit("jump").as("kind"),
                col("jump").as("value")))).as("k"))
        .select(col("city_id"), col("hour_utc"), col("local_date"), col("local_hour"), col("variable"), col("unit"),
            col("k.kind"), col("k.value"))
        .where(col("value").isNotNull());
  }

  /** The median of non-empty values (sorts them). */
  private static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private static Column severity(Column absZ) {
    return when(absZ.geq(EXTREME), "extreme").when(absZ.geq(SEVERE), "severe").when(absZ.geq(NOTABLE), "notable");
  }
}
