package fr.goodair.silver;

import fr.goodair.ingestion.city.City;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/** The two small reference dimensions: cities (from the versioned référentiel) and parameters (from here). */
final class ReferenceTables {

  private static final StructType CITY = (StructType) DataType.fromDDL("""
      city_id STRING NOT NULL, name STRING, insee_code STRING, departement_code STRING, departement_name STRING,
      latitude DOUBLE, longitude DOUBLE, timezone STRING, aqicn_station STRING, aqicn_fallback STRING,
      ibmn_threshold_c DOUBLE, ibmx_threshold_c DOUBLE, thresholds_verified BOOLEAN""");

  private static final StructType PARAMETER = (StructType) DataType.fromDDL(
      "parameter STRING NOT NULL, scale STRING NOT NULL, unit STRING, label STRING, source STRING, description STRING");

  /** (parameter, scale, unit, label, source, description): every parameter a silver fact may carry. */
  private static final List<Row> PARAMETERS = List.of(
      p("aqi", "us_epa_aqi", "AQI", "Air quality index", "aqicn", "overall WAQI index: the worst sub-index"),
      p("pm25", "us_epa_aqi", "AQI", "PM2.5 sub-index", "aqicn", "US-EPA AQI sub-index, not a concentration"),
      p("pm10", "us_epa_aqi", "AQI", "PM10 sub-index", "aqicn", "US-EPA AQI sub-index, not a concentration"),
      p("o3", "us_epa_aqi", "AQI", "O3 sub-index", "aqicn", "US-EPA AQI sub-index, not a concentration"),
      p("no2", "us_epa_aqi", "AQI", "NO2 sub-index", "aqicn", "US-EPA AQI sub-index, not a concentration"),
      p("so2", "us_epa_aqi", "AQI", "SO2 sub-index", "aqicn", "US-EPA AQI sub-index, not a concentration"),
      p("co", "us_epa_aqi", "AQI", "CO sub-index", "aqicn", "US-EPA AQI sub-index, not a concentration"),
      p("temperature", "measured", "°C", "Temperature", "aqicn", "station temperature (iaqi.t)"),
      p("humidity", "measured", "%", "Relative humidity", "aqicn", "iaqi.h"),
      p("pressure", "measured", "hPa", "Pressure", "aqicn", "iaqi.p"),
      p("wind_speed", "measured", "m/s", "Wind speed", "aqicn", "iaqi.w"),
      p("wind_gust", "measured", "m/s", "Wind gust", "aqicn", "iaqi.wg"),
      p("dew_point", "measured", "°C", "Dew point", "aqicn", "iaqi.dew"),
      p("uvi", "uv_index", "UV index", "UV index forecast", "aqicn", "forecast.daily.uvi"),
      p("pm25", "concentration", "µg/m³", "PM2.5", "owm_air", "OWM components.pm2_5"),
      p("pm10", "concentration", "µg/m³", "PM10", "owm_air", "OWM components.pm10"),
      p("o3", "concentration", "µg/m³", "Ozone", "owm_air", "OWM components.o3"),
      p("no2", "concentration", "µg/m³", "Nitrogen dioxide", "owm_air", "OWM components.no2"),
      p("no", "concentration", "µg/m³", "Nitrogen monoxide", "owm_air", "OWM components.no"),
      p("so2", "concentration", "µg/m³", "Sulphur dioxide", "owm_air", "OWM components.so2"),
      p("co", "concentration", "µg/m³", "Carbon monoxide", "owm_air", "OWM components.co (µg/m³, not mg/m³)"),
      p("nh3", "concentration", "µg/m³", "Ammonia", "owm_air", "OWM components.nh3"),
      p("owm_aqi", "index", "1-5", "OWM air quality index", "owm_air", "1 good … 5 very poor"),
      p("temperature_c", "measured", "°C", "Air temperature", "owm_weather", "main.temp in metric units"),
      p("humidity_pct", "measured", "%", "Relative humidity", "owm_weather", "main.humidity"),
      p("pressure_hpa", "measured", "hPa", "Sea-level pressure", "owm_weather", "main.pressure"),
      p("wind_speed_ms", "measured", "m/s", "Wind speed", "owm_weather", "wind.speed"),
      p("rain_1h_mm", "measured", "mm", "Rain, last hour", "owm_weather", "rain.1h"));

  private ReferenceTables() {}

  static Dataset<Row> cities(SparkSession spark, List<City> cities) {
    List<Row> rows = cities.stream().map(c -> RowFactory.create(c.id(), c.name(), c.inseeCode(),
        c.departementCode(), c.departementName(), c.latitude(), c.longitude(), c.timeZone().getId(),
        c.aqicnStation(), c.aqicnFallback(), c.ibmnThreshold(), c.ibmxThreshold(), c.thresholdsVerified()))
        .toList();
    return spark.createDataFrame(rows, CITY);
  }

  static Dataset<Row> parameters(SparkSession spark) {
    return spark.createDataFrame(PARAMETERS, PARAMETER);
  }

  private static Row p(String parameter, String scale, String unit, String label, String source, String description) {
    return RowFactory.create(parameter, scale, unit, label, source, description);
  }
}
