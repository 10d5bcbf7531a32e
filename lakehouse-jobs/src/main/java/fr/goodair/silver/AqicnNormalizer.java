package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * AQICN feed answers → silver candidates (pure transforms, DOMAIN.md §1). Rules applied here:
 * <ul>
 *   <li>{@code iaqi} pollutant values are US-EPA AQI sub-indices, kept as {@code scale = 'us_epa_aqi'}, never
 *       called concentrations; the weather keys t/h/p/w/wg/dew are measured values with their units;</li>
 *   <li>the observation time is {@code time.iso}, else {@code time.s} + {@code time.tz}: never the fetch time,
 *       never {@code time.v} (it encodes local wall time as if it were UTC);</li>
 *   <li>{@code "-"} and blanks are missing (null), not zero;</li>
 *   <li>names lose HTML entities and stray spaces.</li>
 * </ul>
 * Input: envelopes of source {@code aqicn} with outcome {@code ok}.
 */
public final class AqicnNormalizer {

  /** Numbers are read as text so that {@code "-"} survives parsing and becomes null explicitly. */
  static final StructType PAYLOAD = (StructType) DataType.fromDDL("""
      status STRING,
      data STRUCT<aqi: STRING, idx: INT, dominentpol: STRING,
        attributions: ARRAY<STRUCT<url: STRING, name: STRING>>,
        city: STRUCT<geo: ARRAY<STRING>, name: STRING, url: STRING>,
        iaqi: MAP<STRING, STRUCT<v: STRING>>,
        time: STRUCT<s: STRING, tz: STRING, v: BIGINT, iso: STRING>,
        forecast: STRUCT<daily: MAP<STRING, ARRAY<STRUCT<avg: STRING, day: STRING, max: STRING, min: STRING>>>>>""");

  /** iaqi key → (parameter, scale, unit). Keys not listed keep their name with scale 'unknown' (quarantined). */
  static final String PARAMETER_OF_KEY = """
      CASE k
        WHEN 'pm25' THEN 'pm25' WHEN 'pm10' THEN 'pm10' WHEN 'o3' THEN 'o3' WHEN 'no2' THEN 'no2'
        WHEN 'so2' THEN 'so2' WHEN 'co' THEN 'co'
        WHEN 't' THEN 'temperature' WHEN 'h' THEN 'humidity' WHEN 'p' THEN 'pressure'
        WHEN 'w' THEN 'wind_speed' WHEN 'wg' THEN 'wind_gust' WHEN 'dew' THEN 'dew_point'
        ELSE k END""";

  static final String SCALE_OF_PARAMETER = """
      CASE WHEN parameter IN ('aqi', 'pm25', 'pm10', 'o3', 'no2', 'so2', 'co') THEN 'us_epa_aqi'
        WHEN parameter IN ('temperature', 'humidity', 'pressure', 'wind_speed', 'wind_gust', 'dew_point')
          THEN 'measured'
        ELSE 'unknown' END""";

  static final String UNIT_OF_PARAMETER = """
      CASE WHEN parameter IN ('aqi', 'pm25', 'pm10', 'o3', 'no2', 'so2', 'co') THEN 'AQI'
        WHEN parameter IN ('temperature', 'dew_point') THEN '°C' WHEN parameter = 'humidity' THEN '%'
        WHEN parameter = 'pressure' THEN 'hPa' WHEN parameter IN ('wind_speed', 'wind_gust') THEN 'm/s'
        ELSE NULL END""";

  private AqicnNormalizer() {}

  /** Name of the parsed payload column before {@link #flatten}. */
  public static final String PARSED = "d";

  /** The fields of the feed's {@code data} the candidates use, each a column {@code feed_<field>} after parsing. */
  private static final List<String> FIELDS =
      List.of("idx", "aqi", "dominentpol", "time", "iaqi", "city", "attributions", "forecast");

  /** The feed's {@code data} object parsed from {@code payload} (null fields where the payload is not that). */
  public static Column payload() {
    return BronzeEnvelopes.payloadAs(PAYLOAD).getField("data");
  }

  /** Adds the parsed payload as {@code feed_*} columns: the input of the candidate functions below. */
  public static Dataset<Row> parse(Dataset<Row> okEnvelopes) {
    return flatten(okEnvelopes.withColumn(PARSED, payload()));
  }

  /**
   * {@code d} (the parsed {@code data}) → one column per field. Kept apart, a cached batch gives each candidate
   * function only what it reads: the observations do not deserialize the forecasts, nor the forecasts the rest.
   */
  public static Dataset<Row> flatten(Dataset<Row> withParsed) {
    List<Column> columns = new ArrayList<>();
    for (String name : withParsed.columns()) {
      if (!name.equals(PARSED)) {
        columns.add(col(name));
      }
    }
    FIELDS.forEach(field -> columns.add(col(PARSED + "." + field).as("feed_" + field)));
    return withParsed.select(columns.toArray(Column[]::new));
  }

  /** UTC observation time: {@code time.iso}, else {@code time.s} + {@code time.tz}. */
  private static Column observedAt() {
    return expr("""
        coalesce(CAST(feed_time.iso AS TIMESTAMP),
                 CASE WHEN feed_time.tz IS NOT NULL THEN CAST(concat(feed_time.s, feed_time.tz) AS TIMESTAMP) END)""");
  }

  /**
   * One candidate per (envelope, parameter): the overall {@code aqi} plus every {@code iaqi} key. An envelope
   * whose payload has no data still yields one {@code aqi} candidate, with null keys, so that it reaches the
   * quarantine instead of vanishing.
   */
  public static Dataset<Row> observations(Dataset<Row> parsed) {
    // One generator over [overall aqi] ++ iaqi entries: one pass over the envelopes.
    Dataset<Row> values = parsed.select(col("*"), observedAt().as("observed_at"), expr("""
        explode(concat(array(named_struct('k', 'aqi', 'raw_value', feed_aqi)),
                       coalesce(transform(map_entries(feed_iaqi), e -> named_struct('k', e.key, 'raw_value', e.value.v)),
                                array())))""").as("kv"))
        .withColumn("k", col("kv.k")).withColumn("raw_value", col("kv.raw_value"));
    return values
        .withColumn("parameter", expr(PARAMETER_OF_KEY))
        .select(CaptureLineage.with(
            expr("feed_idx").as("station_idx"),
            col("observed_at"),
            col("parameter"),
            expr("CASE WHEN trim(raw_value) IN ('-', '') THEN NULL ELSE CAST(trim(raw_value) AS DOUBLE) END")
                .as("value"),
            expr(SCALE_OF_PARAMETER).as("scale"),
            expr(UNIT_OF_PARAMETER).as("unit"),
            col("city_id"),
            expr("nullif(trim(feed_dominentpol), '')").as("dominant_pollutant"),
            col("raw_value")));
  }

  /** The station that answered, with its attributions (names cleaned), seen at fetch time. */
  public static Dataset<Row> stations(Dataset<Row> parsed) {
    return parsed.where("feed_idx IS NOT NULL").select(
        expr("feed_idx").as("station_idx"),
        expr("clean_name(feed_city.name)").as("station_name"),
        expr("CAST(trim(feed_city.geo[0]) AS DOUBLE)").as("latitude"),
        expr("CAST(trim(feed_city.geo[1]) AS DOUBLE)").as("longitude"),
        col("city_id"),
        expr("nullif(trim(feed_city.url), '')").as("station_url"),
        expr("transform(feed_attributions, a -> named_struct('name', clean_name(a.name), 'url', trim(a.url)))")
            .as("attributions"),
        col("fetched_at").as("first_seen_at"),
        col("fetched_at").as("last_seen_at"),
        col("bronze_object"),
        col("line_number"));
  }

  /** Daily forecasts carried by the feed (absent in older answers), issued on the observation's local date. */
  public static Dataset<Row> forecasts(Dataset<Row> parsed) {
    // The feed's fields are taken out before exploding: nested fields read across two generators trip Spark's
    // nested-column pruning ("Couldn't find _extract_s").
    return parsed.where("feed_forecast.daily IS NOT NULL AND feed_idx IS NOT NULL")
        .select(
            expr("feed_idx").as("station_idx"),
            col("city_id"),
            expr("CAST(substring(coalesce(feed_time.iso, feed_time.s), 1, 10) AS DATE)").as("issued_date"),
            observedAt().as("issued_at"),
            expr("feed_forecast.daily").as("daily"),
            col("bronze_object"),
            col("line_number"),
            col("fetched_at"))
        .select(col("*"), expr("explode(daily)").as(new String[] {"parameter", "days"}))
        .select(col("*"), expr("explode(days)").as("f"))
        .select(
            col("station_idx"),
            col("city_id"),
            col("parameter"),
            expr("CAST(f.day AS DATE)").as("forecast_date"),
            col("issued_date"),
            expr("CAST(nullif(trim(f.avg), '-') AS DOUBLE)").as("avg"),
            expr("CAST(nullif(trim(f.min), '-') AS DOUBLE)").as("min"),
            expr("CAST(nullif(trim(f.max), '-') AS DOUBLE)").as("max"),
            expr("CASE WHEN parameter = 'uvi' THEN 'uv_index' ELSE 'us_epa_aqi' END").as("scale"),
            col("issued_at"),
            col("bronze_object"),
            col("line_number"),
            col("fetched_at"));
  }

}
