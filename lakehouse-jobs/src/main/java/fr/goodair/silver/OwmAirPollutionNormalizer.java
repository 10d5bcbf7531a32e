package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * OWM Air Pollution answers → {@code silver.pollutant_concentration} candidates: one row per pollutant of
 * {@code components}, in µg/m³ (the API's unit for every component, CO included), {@code pm2_5} named
 * {@code pm25} like everywhere else in the lake.
 */
public final class OwmAirPollutionNormalizer {

  static final StructType PAYLOAD = (StructType) DataType.fromDDL(
      "list ARRAY<STRUCT<main: STRUCT<aqi: INT>, components: MAP<STRING, DOUBLE>, dt: BIGINT>>");

  private OwmAirPollutionNormalizer() {}

  /** Name of the parsed payload column {@link #concentrations} reads. */
  public static final String PARSED = "a";

  /** The answer parsed from {@code payload}. */
  public static Column payload() {
    return BronzeEnvelopes.payloadAs(PAYLOAD);
  }

  /** Adds {@code a}, the parsed payload: the input of {@link #concentrations}. */
  public static Dataset<Row> parse(Dataset<Row> okEnvelopes) {
    return okEnvelopes.withColumn(PARSED, payload());
  }

  /** One candidate per pollutant and entry, from envelopes with their parsed payload ({@link #parse}). */
  public static Dataset<Row> concentrations(Dataset<Row> parsed) {
    Dataset<Row> entries = parsed
        // explode_outer: an answer without entries still yields a (null) candidate, which the rules quarantine.
        .select(col("*"), expr("explode_outer(a.list)").as("entry"))
        .select(col("*"), expr("explode_outer(entry.components)").as(new String[] {"component", "value"}));
    return entries.select(CaptureLineage.with(
        col("city_id"),
        expr("timestamp_seconds(entry.dt)").as("observed_at"),
        expr("CASE component WHEN 'pm2_5' THEN 'pm25' ELSE component END").as("parameter"),
        col("value"),
        expr("'µg/m³'").as("unit"),
        expr("entry.main.aqi").as("owm_aqi")));
  }
}
