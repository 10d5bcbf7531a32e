package fr.goodair.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Silver → {@code gold.city_hourly}: the three sources side by side, one row per city and UTC hour.
 *
 * <p>An observation stands for the whole hour nearest to its observation time: AQICN stations report on the hour,
 * but OWM's {@code dt} is when its model last ran, up to ten minutes before the capture, so an observation of
 * 10:52 belongs with the others of 11:00 (truncating would leave 11:00 empty and 10:00 doubled). Several
 * observations of one city for one hour (two AQICN stations, two OWM computations) are averaged. AQICN
 * values stay AQI; concentrations come from OWM only. Pure: the caller reads silver and writes the result.
 */
public final class CityHourly {

  /** AQICN parameters kept, with their city_hourly column. */
  private static final List<String[]> AQI = List.of(new String[] {"aqi", "aqi"}, new String[] {"pm25", "aqi_pm25"},
      new String[] {"pm10", "aqi_pm10"}, new String[] {"o3", "aqi_o3"}, new String[] {"no2", "aqi_no2"},
      new String[] {"so2", "aqi_so2"}, new String[] {"co", "aqi_co"});
  private static final List<String> POLLUTANTS = List.of("pm25", "pm10", "o3", "no2", "so2", "co", "no", "nh3");
  private static final List<String> WEATHER = List.of("temperature_c", "feels_like_c", "humidity_pct",
      "pressure_hpa", "wind_speed_ms", "wind_gust_ms", "rain_1h_mm", "clouds_pct");

  /** The hour an observation stands for (see the class comment), as a SQL expression on {@code observed_at}. */
  public static final String HOUR_OF_OBSERVATION = "date_trunc('HOUR', observed_at + INTERVAL 30 MINUTES)";

  private CityHourly() {}

  /**
   * @param airQuality rows of silver.air_quality_observation
   * @param concentrations rows of silver.pollutant_concentration
   * @param weather rows of silver.weather_observation
   * @param cities silver.dim_city (for each city's time zone)
   */
  public static Dataset<Row> compute(Dataset<Row> airQuality, Dataset<Row> concentrations, Dataset<Row> weather,
      Dataset<Row> cities, Instant updatedAt) {
    List<Column> aqi = new ArrayList<>();
    for (String[] p : AQI) {
      aqi.add(expr("avg(CASE WHEN parameter = '" + p[0] + "' THEN value END)").as(p[1]));
    }
    Dataset<Row> aqicn = byHour(airQuality.where("scale = 'us_epa_aqi' AND city_id IS NOT NULL"), aqi);

    List<Column> ugm3 = new ArrayList<>();
    for (String p : POLLUTANTS) {
      ugm3.add(expr("avg(CASE WHEN parameter = '" + p + "' THEN value END)").as(p + "_ugm3"));
    }
    ugm3.add(expr("CAST(max(owm_aqi) AS INT)").as("owm_aqi"));
    Dataset<Row> air = byHour(concentrations, ugm3);

    List<Column> metric = new ArrayList<>();
    for (String w : WEATHER) {
      metric.add(expr("avg(" + w + ")").as(w));
    }
    Dataset<Row> meteo = byHour(weather, metric);

    Dataset<Row> joined = aqicn.withColumn("has_aqicn", lit(true))
        .join(air.withColumn("has_owm_air", lit(true)), new String[] {"city_id", "hour_utc"}, "full_outer")
        .join(meteo.withColumn("has_owm_weather", lit(true)), new String[] {"city_id", "hour_utc"}, "full_outer")
        .join(cities.select("city_id", "timezone"), new String[] {"city_id"}, "inner");
    List<Column> out = new ArrayList<>();
    for (String field : HourlySchema.FIELDS) {
      out.add(switch (field) {
        case "local_date" -> expr("to_date(from_utc_timestamp(hour_utc, timezone))").as(field);
        case "local_hour" -> expr("hour(from_utc_timestamp(hour_utc, timezone))").as(field);
        case "has_aqicn", "has_owm_air", "has_owm_weather" -> expr("coalesce(" + field + ", false)").as(field);
        case "updated_at" -> lit(Timestamp.from(updatedAt)).as(field);
        default -> col(field);
      });
    }
    return joined.select(out.toArray(Column[]::new));
  }

  private static Dataset<Row> byHour(Dataset<Row> rows, List<Column> aggregates) {
    return rows.groupBy(col("city_id"), expr(HOUR_OF_OBSERVATION).as("hour_utc"))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
  }

  /** The column names of city_hourly, in order. */
  static final class HourlySchema {
    static final List<String> FIELDS = List.of(
        org.apache.spark.sql.types.StructType.fromDDL(GoldTables.CITY_HOURLY_COLUMNS).fieldNames());

    private HourlySchema() {}
  }
}
