package fr.goodair.gold;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Known-answer input for the gold transforms: {@code gold.city_hourly} rows for one city, one per hour from a
 * start, with the columns a test sets (every other column null). Values are given per hour index; a null value
 * is a missing hour for that variable.
 *
 * <pre>{@code
 * Dataset<Row> rows = HourlySeries.of("paris", "Europe/Paris", Instant.parse("2026-07-01T00:00:00Z"), 24 * 30)
 *     .with("temperature_c", h -> 20.0 + h % 24)
 *     .rows(spark);
 * }</pre>
 */
public final class HourlySeries {

  public static final StructType SCHEMA = StructType.fromDDL(GoldTables.CITY_HOURLY_COLUMNS);

  private final String cityId;
  private final ZoneId zone;
  private final Instant start;
  private final int hours;
  private final Map<String, IntFunction<Object>> columns = new LinkedHashMap<>();

  private HourlySeries(String cityId, ZoneId zone, Instant start, int hours) {
    this.cityId = cityId;
    this.zone = zone;
    this.start = start.truncatedTo(ChronoUnit.HOURS);
    this.hours = hours;
  }

  public static HourlySeries of(String cityId, String zone, Instant start, int hours) {
    return new HourlySeries(cityId, ZoneId.of(zone), start, hours);
  }

  /** Sets a numeric column of {@code city_hourly} for hour index 0 … hours-1 (return null for a missing hour). */
  public HourlySeries with(String column, IntFunction<Double> valueAtHour) {
    SCHEMA.apply(column); // fails fast on a column that city_hourly does not have
    columns.put(column, valueAtHour::apply);
    return this;
  }

  public List<Row> rowList() {
    List<Row> rows = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      Instant at = start.plus(h, ChronoUnit.HOURS);
      ZonedDateTime local = at.atZone(zone);
      Object[] values = new Object[SCHEMA.size()];
      for (int i = 0; i < SCHEMA.size(); i++) {
        StructField field = SCHEMA.fields()[i];
        values[i] = switch (field.name()) {
          case "city_id" -> cityId;
          case "hour_utc" -> Timestamp.from(at);
          case "local_date" -> java.sql.Date.valueOf(local.toLocalDate());
          case "local_hour" -> local.getHour();
          case "has_aqicn", "has_owm_air", "has_owm_weather" -> true;
          case "updated_at" -> Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
          default -> columns.containsKey(field.name()) ? convert(columns.get(field.name()).apply(h), field) : null;
        };
      }
      rows.add(RowFactory.create(values));
    }
    return rows;
  }

  public Dataset<Row> rows(SparkSession spark) {
    return spark.createDataFrame(rowList(), SCHEMA);
  }

  /** Several cities' series as one dataset. */
  public static Dataset<Row> union(SparkSession spark, HourlySeries... series) {
    List<Row> all = new ArrayList<>();
    for (HourlySeries s : series) {
      all.addAll(s.rowList());
    }
    return spark.createDataFrame(all, SCHEMA);
  }

  private static Object convert(Object value, StructField field) {
    if (value == null) {
      return null;
    }
    return field.dataType() instanceof org.apache.spark.sql.types.IntegerType ? (Object) ((Number) value).intValue()
        : (Object) ((Number) value).doubleValue();
  }
}
