package fr.goodair.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;

import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The metrics history: the Delta table {@code quality.metrics}, one row per measured value, only ever appended to
 * (each check is one commit), so that trends, the quality report and the anomaly series read the past as it was
 * recorded. Retention, if any, is the lifecycle job's business, not the gate's.
 */
final class MetricsStore {

  static final String TABLE = "quality.metrics";

  /** Metric name of the points of the hourly row-count series. */
  static final String ROWS_PER_HOUR = "rows_per_hour";

  private static final String COLUMNS = String.join(", ",
      "checked_at TIMESTAMP NOT NULL COMMENT 'when the check ran, UTC'",
      "batch_id STRING COMMENT 'the verified batch; NULL for scheduled checks'",
      "table_name STRING NOT NULL COMMENT 'checked table, e.g. silver.weather_observation'",
      "rule STRING NOT NULL COMMENT 'rule name in the table registry (rules/<table>.yaml)'",
      "kind STRING NOT NULL COMMENT 'rule kind: not_null, range, complete, unique, freshness, ...'",
      "subject STRING NOT NULL COMMENT 'group the value is about (city_id=paris); empty for the whole table'",
      "metric STRING NOT NULL COMMENT 'what value measures: rejected_rows, completeness, age_hours, rows_per_hour, ...'",
      "value DOUBLE COMMENT 'the measured value'",
      "metric_time TIMESTAMP COMMENT 'time the value describes: the UTC hour of a rows_per_hour point, a batch time'",
      "level STRING NOT NULL COMMENT 'ERROR (holds a batch back) or WARNING'",
      "passed BOOLEAN COMMENT 'the verdict; NULL for series points that are measurements only'",
      "message STRING COMMENT 'one human line: what was measured against what'");

  private static final StructType SCHEMA = new StructType()
      .add("checked_at", DataTypes.TimestampType, false)
      .add("batch_id", DataTypes.StringType, true)
      .add("table_name", DataTypes.StringType, false)
      .add("rule", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("subject", DataTypes.StringType, false)
      .add("metric", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("metric_time", DataTypes.TimestampType, true)
      .add("level", DataTypes.StringType, false)
      .add("passed", DataTypes.BooleanType, true)
      .add("message", DataTypes.StringType, true);

  private final SparkSession spark;
  private final LakeTable table;

  MetricsStore(SparkSession spark, LakeLayout lake) {
    this.spark = spark;
    this.table = table(lake);
    table.ensure(spark);
  }

  /** The table's definition under {@code lake}: {@code <root>/quality/metrics}. */
  static LakeTable table(LakeLayout lake) {
    return lake.table(TABLE, COLUMNS, "Data quality metrics history: one row per measured value");
  }

  /** Appends the records as one Delta commit; nothing is ever rewritten. */
  void append(List<MetricRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>(records.size());
    for (MetricRecord r : records) {
      rows.add(RowFactory.create(Timestamp.from(r.checkedAt()), r.batchId(), r.table(), r.rule(), r.kind(),
          r.subject(), r.metric(), r.value(), r.metricTime() == null ? null : Timestamp.from(r.metricTime()),
          r.level().name(), r.passed(), r.message()));
    }
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().format("delta").mode(SaveMode.Append)
        .save(table.location());
  }

  Dataset<Row> read() {
    return spark.read().format("delta").load(table.location());
  }

  /**
   * The recorded rows-per-hour series of one rule between two hours (inclusive): for each hour, the value recorded
   * last (a later count of the same hour, after late rows arrived, supersedes an earlier one).
   */
  NavigableMap<Instant, Double> hourlySeries(String tableName, String rule, Instant from, Instant to) {
    List<Row> rows = read()
        .where(col("table_name").equalTo(tableName).and(col("rule").equalTo(rule))
            .and(col("metric").equalTo(ROWS_PER_HOUR)).and(col("passed").isNull())
            .and(col("metric_time").geq(lit(Timestamp.from(from))))
            .and(col("metric_time").leq(lit(Timestamp.from(to)))))
        .groupBy(col("metric_time"))
        .agg(max_by(col("value"), col("checked_at")).as("value"))
        .collectAsList();
    NavigableMap<Instant, Double> series = new TreeMap<>();
    for (Row row : rows) {
      series.put(instant(row.get(0)), row.getDouble(1));
    }
    return series;
  }

  /** Spark hands back timestamps as {@code java.sql.Timestamp}, or {@code Instant} with the Java 8 time API on. */
  static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    return value instanceof Instant instant ? instant : ((Timestamp) value).toInstant();
  }
}
