package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import fr.goodair.lake.TestLake;
import fr.goodair.silver.SilverTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Silver rows of the three sources side by side, per city and UTC hour, with known answers. */
class CityHourlyTest {

  private final SparkSession spark = TestLake.spark();
  private final LakeLayout lake = new LakeLayout("file:/unused");

  private StructType schema(String table) {
    return SilverTables.all(lake).stream().filter(t -> t.name().equals(table)).map(LakeTable::columns)
        .map(StructType::fromDDL).findFirst().orElseThrow();
  }

  /** A silver row with the named columns set, every other column null. */
  private Dataset<Row> rows(String table, List<Map<String, Object>> values) {
    StructType schema = schema(table);
    List<Row> rows = new ArrayList<>();
    for (Map<String, Object> v : values) {
      Object[] cells = new Object[schema.size()];
      for (int i = 0; i < cells.length; i++) {
        cells[i] = v.get(schema.fields()[i].name());
      }
      rows.add(RowFactory.create(cells));
    }
    return spark.createDataFrame(rows, schema);
  }

  private static Timestamp at(String instant) {
    return Timestamp.from(Instant.parse(instant));
  }

  @Test
  void sourcesMeetInTheHourTheyWereObservedIn() {
    Dataset<Row> aq = rows(SilverTables.AIR_QUALITY, List.of(
        Map.of("station_idx", 5722, "observed_at", at("2026-07-01T21:00:00Z"), "parameter", "pm25", "value", 61.0,
            "scale", "us_epa_aqi", "city_id", "paris"),
        Map.of("station_idx", 5722, "observed_at", at("2026-07-01T21:00:00Z"), "parameter", "temperature",
            "value", 24.0, "scale", "measured", "city_id", "paris")));
    Dataset<Row> conc = rows(SilverTables.CONCENTRATION, List.of(
        Map.of("city_id", "paris", "observed_at", at("2026-07-01T21:09:11Z"), "parameter", "o3", "value", 100.0,
            "owm_aqi", 2),
        Map.of("city_id", "paris", "observed_at", at("2026-07-01T21:29:00Z"), "parameter", "o3", "value", 120.0,
            "owm_aqi", 3)));
    Dataset<Row> weather = rows(SilverTables.WEATHER, List.of(
        // OWM's model ran at 21:52 for the capture of 22:00: it stands for 22:00.
        Map.of("city_id", "paris", "observed_at", at("2026-07-01T21:52:00Z"), "temperature_c", 23.5)));
    Dataset<Row> cities = spark.createDataFrame(List.of(RowFactory.create("paris", "Europe/Paris")),
        StructType.fromDDL("city_id STRING, timezone STRING"));

    List<Row> hours = CityHourly.compute(aq, conc, weather, cities, Instant.parse("2026-07-02T00:00:00Z"))
        .orderBy("hour_utc").collectAsList();

    assertThat(hours).hasSize(2);
    Row nine = hours.get(0);
    assertThat(nine.<Instant>getAs("hour_utc")).isEqualTo(Instant.parse("2026-07-01T21:00:00Z"));
    assertThat(nine.<Double>getAs("aqi_pm25")).isEqualTo(61.0); // an AQI stays an AQI
    assertThat(nine.isNullAt(nine.fieldIndex("pm25_ugm3"))).isTrue();
    assertThat(nine.<Double>getAs("o3_ugm3")).isEqualTo(110.0); // two OWM computations for the hour: their mean
    assertThat(nine.<Integer>getAs("owm_aqi")).isEqualTo(3);
    assertThat(nine.isNullAt(nine.fieldIndex("temperature_c"))).isTrue(); // AQICN's station temperature is not OWM's
    assertThat(nine.<Boolean>getAs("has_aqicn")).isTrue();
    assertThat(nine.<Boolean>getAs("has_owm_weather")).isFalse();
    assertThat(nine.<Integer>getAs("local_hour")).isEqualTo(23);
    Row ten = hours.get(1);
    // 22:00 UTC is midnight in Paris (UTC+2 in summer): the next local day.
    assertThat(ten.<java.time.LocalDate>getAs("local_date")).isEqualTo(java.time.LocalDate.parse("2026-07-02"));
    assertThat(ten.<Integer>getAs("local_hour")).isZero();
    assertThat(ten.<Double>getAs("temperature_c")).isEqualTo(23.5);
    assertThat(ten.<Boolean>getAs("has_aqicn")).isFalse();
  }
}
