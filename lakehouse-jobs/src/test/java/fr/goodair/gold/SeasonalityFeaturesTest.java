package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.goodair.lake.TestLake;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Features of 72 Paris hours from Easter Sunday 5 April 2026 00:00 local (4 April 22:00 UTC): O3 = the hour
 * index, hour 40 (6 April 14:00 UTC) has no row at all, rain 2 mm in hours 0, 10 and 30, wind 3 m/s,
 * temperature 20 °C.
 */
class SeasonalityFeaturesTest {

  private static final Instant START = Instant.parse("2026-04-04T22:00:00Z");
  private static final int MISSING = 40;
  private static final Instant UPDATED = Instant.parse("2026-08-01T00:00:00Z");

  private final SparkSession spark = TestLake.spark();

  private Dataset<Row> hourly() {
    Set<Integer> rainy = Set.of(0, 10, 30);
    return HourlySeries.of("paris", "Europe/Paris", START, 72)
        .with("o3_ugm3", h -> (double) h)
        .with("rain_1h_mm", h -> rainy.contains(h) ? 2.0 : null)
        .with("wind_speed_ms", h -> 3.0)
        .with("temperature_c", h -> 20.0)
        .rows(spark)
        .where("hour_utc <> TIMESTAMP'" + hour(MISSING) + "'");
  }

  /** The climatology's means at noon in April: O3 30 µg/m³, temperature 5 °C (nothing for PM2.5 or NO2). */
  private Dataset<Row> aprilNoon() {
    StructType schema = StructType.fromDDL("city_id STRING, variable STRING, month INT, hour_of_day INT, mean DOUBLE");
    return spark.createDataFrame(List.of(RowFactory.create("paris", "o3_ugm3", 4, 12, 30.0),
        RowFactory.create("paris", "temperature_c", 4, 12, 5.0)), schema);
  }

  private static Instant hour(int index) {
    return START.plus(index, ChronoUnit.HOURS);
  }

  /** Feature rows by hour index. */
  private Map<Integer, Row> features() {
    return SeasonalityFeatures.compute(hourly(), aprilNoon(), UPDATED).collectAsList().stream().collect(
        Collectors.toMap(r -> (int) ChronoUnit.HOURS.between(START, r.<Instant>getAs("hour_utc")), r -> r));
  }

  private static Double value(Row row, String column) {
    return row.getAs(column);
  }

  @Test
  void lagsAreByTimestampSoAMissingHourGivesNull() {
    Map<Integer, Row> rows = features();

    assertThat(rows).hasSize(71).doesNotContainKey(MISSING);
    assertThat(value(rows.get(39), "o3_lag_1h")).isEqualTo(38.0);
    assertThat(value(rows.get(41), "o3_lag_1h")).isNull(); // not 39, the previous row
    assertThat(value(rows.get(42), "o3_lag_1h")).isEqualTo(41.0);
    assertThat(value(rows.get(41), "o3_lag_24h")).isEqualTo(17.0);
    assertThat(value(rows.get(MISSING + 24), "o3_lag_24h")).isNull();
    assertThat(value(rows.get(23), "o3_lag_24h")).isNull(); // before the series
    assertThat(value(rows.get(30), "temperature_lag_1h")).isEqualTo(20.0);
  }

  @Test
  void rollingStatisticsCoverThe24HoursEndingWithThisOnePresentOnly() {
    Map<Integer, Row> rows = features();

    assertThat(value(rows.get(70), "o3_mean_24h")).isEqualTo(58.5); // 47 … 70
    assertThat(value(rows.get(70), "o3_max_24h")).isEqualTo(70.0);
    // 27 … 50 without 40: (924 - 40) / 23.
    assertThat(value(rows.get(50), "o3_mean_24h")).isCloseTo(884.0 / 23, within(1e-12));
    assertThat(value(rows.get(5), "o3_mean_24h")).isEqualTo(2.5); // 0 … 5: the series starts at 0
    assertThat(value(rows.get(30), "wind_speed_mean_24h")).isEqualTo(3.0);
    // Rain: an observed hour without rain counts 0 mm.
    assertThat(value(rows.get(23), "rain_24h_mm")).isEqualTo(4.0); // hours 0 and 10
    assertThat(value(rows.get(33), "rain_24h_mm")).isEqualTo(4.0); // 10 and 30
    assertThat(value(rows.get(34), "rain_24h_mm")).isEqualTo(2.0); // 30
    assertThat(value(rows.get(60), "rain_24h_mm")).isEqualTo(0.0);
  }

  @Test
  void calendarAndCyclicalEncodingsAreLocal() {
    Map<Integer, Row> rows = features();

    Row easterMonday6h = rows.get(30); // 6 April 04:00 UTC = 06:00 local
    assertThat(easterMonday6h.<LocalDate>getAs("local_date")).isEqualTo("2026-04-06");
    assertThat(easterMonday6h.<Integer>getAs("local_hour")).isEqualTo(6);
    assertThat(easterMonday6h.<Integer>getAs("year")).isEqualTo(2026);
    assertThat(easterMonday6h.<Integer>getAs("month")).isEqualTo(4);
    assertThat(easterMonday6h.<Integer>getAs("day_of_year")).isEqualTo(96);
    assertThat(easterMonday6h.<Integer>getAs("day_of_week")).isEqualTo(1);
    assertThat(easterMonday6h.<Boolean>getAs("is_weekend")).isFalse();
    assertThat(easterMonday6h.<Boolean>getAs("is_public_holiday")).isTrue();
    assertThat(value(easterMonday6h, "hour_sin")).isCloseTo(1.0, within(1e-12));
    assertThat(value(easterMonday6h, "hour_cos")).isCloseTo(0.0, within(1e-12));
    assertThat(value(easterMonday6h, "dow_sin")).isCloseTo(0.0, within(1e-12));
    assertThat(value(easterMonday6h, "dow_cos")).isCloseTo(1.0, within(1e-12));
    assertThat(value(easterMonday6h, "doy_sin")).isCloseTo(Math.sin(2 * Math.PI * 95 / 365.25), within(1e-12));
    assertThat(value(easterMonday6h, "doy_cos")).isCloseTo(Math.cos(2 * Math.PI * 95 / 365.25), within(1e-12));

    Row easterSunday18h = rows.get(18);
    assertThat(easterSunday18h.<Integer>getAs("day_of_week")).isEqualTo(7);
    assertThat(easterSunday18h.<Boolean>getAs("is_weekend")).isTrue();
    assertThat(easterSunday18h.<Boolean>getAs("is_public_holiday")).isFalse();
    assertThat(value(easterSunday18h, "hour_sin")).isCloseTo(-1.0, within(1e-12));
    assertThat(value(easterSunday18h, "dow_sin")).isCloseTo(Math.sin(2 * Math.PI * 6 / 7), within(1e-12));

    Row tuesday0h = rows.get(48);
    assertThat(tuesday0h.<Integer>getAs("day_of_week")).isEqualTo(2);
    assertThat(tuesday0h.<Boolean>getAs("is_public_holiday")).isFalse();
    assertThat(value(tuesday0h, "hour_cos")).isEqualTo(1.0);
  }

  @Test
  void anomaliesAreAgainstTheClimatologyOfTheLocalMonthAndHour() {
    Map<Integer, Row> rows = features();

    assertThat(value(rows.get(12), "o3_anomaly")).isEqualTo(12.0 - 30); // 5 April 12:00 local
    assertThat(value(rows.get(36), "o3_anomaly")).isEqualTo(36.0 - 30);
    assertThat(value(rows.get(36), "temperature_anomaly")).isEqualTo(20.0 - 5);
    assertThat(value(rows.get(13), "o3_anomaly")).isNull(); // no climatology row for 13:00
    assertThat(value(rows.get(36), "pm25_anomaly")).isNull();
  }

  @Test
  void rowsHaveTheColumnsOfTheTable() {
    assertThat(GoldSchemas.columnsAndTypes(SeasonalityFeatures.compute(hourly(), aprilNoon(), UPDATED)))
        .containsExactlyElementsOf(GoldSchemas.columnsAndTypesOf(GoldTables.SEASONALITY_FEATURES));
  }
}
