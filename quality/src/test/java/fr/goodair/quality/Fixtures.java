package fr.goodair.quality;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Candidate rows shaped like the silver job's, built row by row so each one can say why it is there. */
final class Fixtures {

  static final Instant FETCHED = Instant.parse("2025-03-04T10:05:00Z");

  /** silver.air_quality_observation columns, plus the candidates' bronze_object and line_number. */
  static final StructType AIR_QUALITY = new StructType()
      .add("station_idx", DataTypes.IntegerType)
      .add("observed_at", DataTypes.TimestampType)
      .add("parameter", DataTypes.StringType)
      .add("value", DataTypes.DoubleType)
      .add("scale", DataTypes.StringType)
      .add("unit", DataTypes.StringType)
      .add("city_id", DataTypes.StringType)
      .add("dominant_pollutant", DataTypes.StringType)
      .add("first_fetched_at", DataTypes.TimestampType)
      .add("last_fetched_at", DataTypes.TimestampType)
      .add("bronze_object", DataTypes.StringType)
      .add("simulated", DataTypes.BooleanType)
      .add("line_number", DataTypes.IntegerType);

  /** silver.ingestion_log columns used by its rules. */
  static final StructType INGESTION_LOG = new StructType()
      .add("source", DataTypes.StringType)
      .add("city_id", DataTypes.StringType)
      .add("scheduled_for", DataTypes.TimestampType)
      .add("run_id", DataTypes.StringType)
      .add("outcome", DataTypes.StringType);

  private Fixtures() {}

  /** One air-quality candidate; scale and unit follow the parameter as the normalizer labels them. */
  static AirQuality aq(Integer station, String parameter, Double value) {
    String scale = parameter == null ? null : switch (parameter) {
      case "temperature", "dew_point", "humidity", "pressure", "wind_speed", "wind_gust" -> "measured";
      default -> "us_epa_aqi";
    };
    String unit = parameter == null ? null : switch (parameter) {
      case "temperature", "dew_point" -> "°C";
      case "humidity" -> "%";
      case "pressure" -> "hPa";
      case "wind_speed", "wind_gust" -> "m/s";
      default -> "AQI";
    };
    return new AirQuality(station, Instant.parse("2025-03-04T10:00:00Z"), parameter, value, scale, unit, "paris",
        FETCHED);
  }

  record AirQuality(Integer station, Instant observedAt, String parameter, Double value, String scale, String unit,
      String city, Instant firstFetchedAt) {

    AirQuality scale(String newScale, String newUnit) {
      return new AirQuality(station, observedAt, parameter, value, newScale, newUnit, city, firstFetchedAt);
    }

    AirQuality observedAt(Instant time) {
      return new AirQuality(station, time, parameter, value, scale, unit, city, firstFetchedAt);
    }

    AirQuality city(String newCity) {
      return new AirQuality(station, observedAt, parameter, value, scale, unit, newCity, firstFetchedAt);
    }

    Row row(int line) {
      return RowFactory.create(station, ts(observedAt), parameter, value, scale, unit, city, "pm25",
          ts(firstFetchedAt), ts(firstFetchedAt), "bronze/source=aqicn/run-1.jsonl", true, line);
    }
  }

  static Dataset<Row> airQuality(List<AirQuality> rows) {
    List<Row> spark = new java.util.ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      spark.add(rows.get(i).row(i + 1));
    }
    return SparkTestSession.get().createDataFrame(spark, AIR_QUALITY);
  }

  static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
