package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * OWM current-weather answers → {@code silver.weather_observation} candidates, in metric units whatever the
 * request asked: {@code units=standard} (or none) is Kelvin, {@code imperial} is °F and mph (DOMAIN.md §2).
 * The observation time is {@code dt} (UTC seconds).
 */
public final class OwmWeatherNormalizer {

  static final StructType PAYLOAD = (StructType) DataType.fromDDL("""
      weather ARRAY<STRUCT<id: INT, main: STRING, description: STRING>>,
      main STRUCT<temp: DOUBLE, feels_like: DOUBLE, temp_min: DOUBLE, temp_max: DOUBLE, pressure: DOUBLE,
        humidity: DOUBLE>,
      visibility DOUBLE, wind STRUCT<speed: DOUBLE, deg: DOUBLE, gust: DOUBLE>, clouds STRUCT<all: DOUBLE>,
      rain STRUCT<`1h`: DOUBLE>, snow STRUCT<`1h`: DOUBLE>, dt BIGINT,
      sys STRUCT<sunrise: BIGINT, sunset: BIGINT>, timezone INT""");

  private OwmWeatherNormalizer() {}

  /** Name of the parsed payload column {@link #observations} reads. */
  public static final String PARSED = "w";

  /** The answer parsed from {@code payload}. */
  public static Column payload() {
    return BronzeEnvelopes.payloadAs(PAYLOAD);
  }

  /** Adds {@code w}, the parsed payload: the input of {@link #observations}. */
  public static Dataset<Row> parse(Dataset<Row> okEnvelopes) {
    return okEnvelopes.withColumn(PARSED, payload());
  }

  /** One candidate per answer, from envelopes with their parsed payload ({@link #parse}). */
  public static Dataset<Row> observations(Dataset<Row> parsed) {
    Dataset<Row> w = parsed.withColumn("units", expr("lower(coalesce(request.params['units'], 'standard'))"));
    return w.select(CaptureLineage.with(
        col("city_id"),
        expr("timestamp_seconds(w.dt)").as("observed_at"),
        celsius("w.main.temp").as("temperature_c"),
        celsius("w.main.feels_like").as("feels_like_c"),
        celsius("w.main.temp_min").as("temp_min_c"),
        celsius("w.main.temp_max").as("temp_max_c"),
        expr("w.main.pressure").as("pressure_hpa"),
        expr("w.main.humidity").as("humidity_pct"),
        metersPerSecond("w.wind.speed").as("wind_speed_ms"),
        expr("w.wind.deg").as("wind_deg"),
        metersPerSecond("w.wind.gust").as("wind_gust_ms"),
        expr("w.clouds.all").as("clouds_pct"),
        expr("w.visibility").as("visibility_m"),
        expr("w.rain.`1h`").as("rain_1h_mm"),
        expr("w.snow.`1h`").as("snow_1h_mm"),
        expr("w.weather[0].id").as("weather_code"),
        expr("w.weather[0].main").as("weather_main"),
        expr("trim(w.weather[0].description)").as("weather_description"),
        expr("timestamp_seconds(w.sys.sunrise)").as("sunrise_at"),
        expr("timestamp_seconds(w.sys.sunset)").as("sunset_at"),
        expr("w.timezone").as("utc_offset_seconds")));
  }

  private static Column celsius(String field) {
    return expr("CASE units WHEN 'metric' THEN " + field + " WHEN 'imperial' THEN (" + field
        + " - 32) * 5 / 9 ELSE " + field + " - 273.15 END");
  }

  private static Column metersPerSecond(String field) {
    return expr("CASE units WHEN 'imperial' THEN " + field + " * 0.44704 ELSE " + field + " END");
  }
}
