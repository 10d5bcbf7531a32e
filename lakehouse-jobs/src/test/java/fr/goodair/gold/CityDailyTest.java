package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.lake.TestLake;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Daily statistics with known answers, on the two DST change days of 2026 in Paris. */
class CityDailyTest {

  private final SparkSession spark = TestLake.spark();

  private Dataset<Row> paris() {
    return spark.createDataFrame(List.of(RowFactory.create("paris", "Europe/Paris")),
        StructType.fromDDL("city_id STRING, timezone STRING"));
  }

  private Row day(Dataset<Row> daily, String date, String variable) {
    return daily.where("local_date = DATE '" + date + "' AND variable = '" + variable + "'").first();
  }

  @Test
  void statisticsCoverageAndAqiCategoryOfALocalDay() {
    // 29 March 2026 in Paris has 23 hours: 00:00 local is 23:00 UTC the day before.
    Dataset<Row> spring = HourlySeries.of("paris", "Europe/Paris", Instant.parse("2026-03-28T23:00:00Z"), 23)
        .with("temperature_c", h -> (double) h)
        .with("aqi", h -> 40.0 + 5 * h)
        .rows(spark);
    Dataset<Row> daily = CityDaily.compute(spring, paris(), Instant.parse("2026-04-01T00:00:00Z"));

    Row t = day(daily, "2026-03-29", "temperature_c");
    assertThat(t.<Double>getAs("mean")).isEqualTo(11.0);
    assertThat(t.<Double>getAs("min")).isEqualTo(0.0);
    assertThat(t.<Double>getAs("max")).isEqualTo(22.0);
    // Exact percentile, linear between ranks: 0.95 × 22 = 20.9 → 20 + 0.9 × (21 − 20).
    assertThat(t.<Double>getAs("p95")).isCloseTo(20.9, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(t.<Integer>getAs("hours_observed")).isEqualTo(23);
    assertThat(t.<Integer>getAs("hours_expected")).isEqualTo(23);
    assertThat(t.<Double>getAs("coverage")).isEqualTo(1.0);
    assertThat(t.<String>getAs("unit")).isEqualTo("°C");
    assertThat(t.<String>getAs("aqi_category")).isNull();
    Row aqi = day(daily, "2026-03-29", "aqi");
    assertThat(aqi.<Double>getAs("max")).isEqualTo(150.0);
    assertThat(aqi.<String>getAs("aqi_category")).isEqualTo("unhealthy_for_sensitive_groups");
    // A variable without any value that day: no statistics, zero coverage.
    Row pm = day(daily, "2026-03-29", "pm25_ugm3");
    assertThat(pm.isNullAt(pm.fieldIndex("mean"))).isTrue();
    assertThat(pm.<Double>getAs("coverage")).isEqualTo(0.0);
  }

  @Test
  void theAutumnChangeDayHas25HoursToCover() {
    // 25 October 2026: 00:00 local is 22:00 UTC the day before; 24 of its 25 hours observed.
    Dataset<Row> autumn = HourlySeries.of("paris", "Europe/Paris", Instant.parse("2026-10-24T22:00:00Z"), 24)
        .with("temperature_c", h -> 10.0)
        .rows(spark);
    Row t = day(CityDaily.compute(autumn, paris(), Instant.parse("2026-11-01T00:00:00Z")), "2026-10-25",
        "temperature_c");
    assertThat(t.<Integer>getAs("hours_expected")).isEqualTo(25);
    assertThat(t.<Double>getAs("coverage")).isEqualTo(24 / 25.0);
  }
}
