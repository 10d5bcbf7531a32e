package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Reads bronze through its contract only (DESIGN.md §3): JSON Lines objects of envelopes. One row per line with
 * its lineage ({@code bronze_object}, {@code line_number}) and the envelope's fields, timestamps parsed to UTC.
 */
public final class BronzeEnvelopes {

  /** The envelope contract, version 1. Fields are only ever added. */
  static final StructType ENVELOPE = (StructType) DataType.fromDDL("""
      envelope_version INT, run_id STRING, source STRING, city_id STRING, simulated BOOLEAN,
      scheduled_for STRING, request STRUCT<method: STRING, url: STRING, params: MAP<STRING, STRING>>,
      fetched_at STRING, http_status INT, latency_ms BIGINT, attempts INT, outcome STRING, error STRING,
      payload_sha256 STRING, payload_encoding STRING, payload STRING""");

  private BronzeEnvelopes() {}

  /** Objects a reading task takes: enough to keep its reads in flight, few enough to spread over the cores. */
  private static final int OBJECTS_PER_TASK = 512;

  static final StructType LINES = (StructType) DataType.fromDDL(
      "bronze_object STRING, line_number INT, line STRING");

  /**
   * Reads the given objects into lines: {@code bronze_object} (the object key relative to the lake root, as
   * ingestion names it), {@code line_number} (1-based) and {@code line}. Whole objects are read at once, each task
   * with {@code concurrency} reads in flight ({@link BronzeObjectReader}): they are small (one per source and
   * hour) and reading them whole keeps line numbers exact.
   */
  public static Dataset<Row> readLines(SparkSession spark, String lakeRoot, List<BronzeObject> objects,
      int concurrency) {
    Map<String, String> hadoopConf = new HashMap<>();
    spark.sparkContext().hadoopConfiguration().forEach(e -> hadoopConf.put(e.getKey(), e.getValue()));
    int tasks = Math.max(1, (objects.size() + OBJECTS_PER_TASK - 1) / OBJECTS_PER_TASK);
    JavaRDD<Row> lines = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(objects, tasks)
        .mapPartitions(new BronzeObjectReader(lakeRoot, hadoopConf, concurrency));
    return spark.createDataFrame(lines, LINES);
  }

  /**
   * Lines → envelopes: every field of {@link #ENVELOPE} as a column, {@code scheduled_for}/{@code fetched_at} as
   * UTC timestamps, {@code readable} false when the line is not an envelope this job understands.
   */
  public static Dataset<Row> parse(Dataset<Row> lines) {
    Dataset<Row> parsed = lines.withColumn("e", from_json(col("line"), ENVELOPE, Map.of("mode", "PERMISSIVE")));
    return parsed.select(col("bronze_object"), col("line_number"), col("line"),
        col("e.envelope_version"), col("e.run_id"), col("e.source"), col("e.city_id"),
        expr("coalesce(e.simulated, false)").as("simulated"),
        timestamp("e.scheduled_for").as("scheduled_for"), col("e.request"),
        timestamp("e.fetched_at").as("fetched_at"), col("e.http_status"), col("e.latency_ms"),
        col("e.attempts"), col("e.outcome"), col("e.error"), col("e.payload_sha256"),
        col("e.payload_encoding"), col("e.payload"))
        .withColumn("readable", expr("""
            envelope_version = 1 AND run_id IS NOT NULL AND source IN ('aqicn', 'owm_weather', 'owm_air')
            AND city_id IS NOT NULL AND scheduled_for IS NOT NULL AND outcome IS NOT NULL"""));
  }

  /** The {@code payload} parsed as {@code schema}; a field that does not fit is null, the others are kept. */
  static Column payloadAs(StructType schema) {
    return from_json(col("payload"), schema, Map.of("mode", "PERMISSIVE"));
  }

  static Column timestamp(String column) {
    return expr("CAST(" + column + " AS TIMESTAMP)");
  }
}
