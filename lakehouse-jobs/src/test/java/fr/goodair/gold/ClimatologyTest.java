package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import fr.goodair.lake.TestLake;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Exact statistics per local month and hour, over two Paris springs that each cross the change to summer time. */
class ClimatologyTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Instant UPDATED = Instant.parse("2026-08-01T00:00:00Z");

  private final SparkSession spark = TestLake.spark();

  /**
   * PM2.5 at noon local time on three days of each spring (1, 2, 3 in 2025; 4, 5, 9 in 2026), missing on 31 March
   * 2026, and 42 at midnight local on 1 April 2026; temperature 1 °C every hour. Summer time starts on 30 March
   * 2025 and 29 March 2026 (02:00 local does not exist), so noon is 11:00 UTC before and 10:00 UTC after.
   */
  private Dataset<Row> twoSprings() {
    Map<LocalDateTime, Double> pm25 = Map.of(
        LocalDateTime.parse("2025-03-29T12:00"), 1.0, LocalDateTime.parse("2025-03-30T12:00"), 2.0,
        LocalDateTime.parse("2025-03-31T12:00"), 3.0, LocalDateTime.parse("2026-03-28T12:00"), 4.0,
        LocalDateTime.parse("2026-03-29T12:00"), 5.0, LocalDateTime.parse("2026-03-30T12:00"), 9.0,
        LocalDateTime.parse("2026-04-01T00:00"), 42.0);
    Instant spring2025 = Instant.parse("2025-03-29T00:00:00Z");
    Instant spring2026 = Instant.parse("2026-03-28T00:00:00Z");
    return HourlySeries.union(spark,
        HourlySeries.of("paris", "Europe/Paris", spring2025, 72)
            .with("pm25_ugm3", h -> pm25.get(localTime(spring2025, h))).with("temperature_c", h -> 1.0),
        HourlySeries.of("paris", "Europe/Paris", spring2026, 96)
            .with("pm25_ugm3", h -> pm25.get(localTime(spring2026, h))).with("temperature_c", h -> 1.0));
  }

  private static LocalDateTime localTime(Instant start, int hour) {
    return start.plus(hour, ChronoUnit.HOURS).atZone(PARIS).toLocalDateTime();
  }

  private static Row slot(Dataset<Row> climatology, String variable, int month, int hour) {
    List<Row> rows = climatology.where("variable = '%s' AND month = %d AND hour_of_day = %d"
        .formatted(variable, month, hour)).collectAsList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  @Test
  void exactStatisticsOfTheLocalNoonsOfMarchOverTwoYears() {
    Row noon = slot(Climatology.compute(twoSprings(), UPDATED), "pm25_ugm3", 3, 12);

    assertThat(noon.<Long>getAs("n")).isEqualTo(6);
    assertThat(noon.<Integer>getAs("years")).isEqualTo(2);
    assertThat(noon.<Double>getAs("mean")).isEqualTo(4.0);
    assertThat(noon.<Double>getAs("stddev")).isCloseTo(Math.sqrt(8), within(1e-12)); // squares 40, n - 1 = 5
    // Linear interpolation between closest ranks of 1, 2, 3, 4, 5, 9.
    assertThat(noon.<Double>getAs("median")).isEqualTo(3.5);
    assertThat(noon.<Double>getAs("p10")).isEqualTo(1.5);
    assertThat(noon.<Double>getAs("p90")).isEqualTo(7.0);
    assertThat(noon.<String>getAs("unit")).isEqualTo("µg/m³");
    assertThat(noon.<Instant>getAs("updated_at")).isEqualTo(UPDATED);
  }

  @Test
  void monthAndHourAreTheCitys() {
    Dataset<Row> climatology = Climatology.compute(twoSprings(), UPDATED);

    // 31 March 2026 22:00 UTC is 1 April 00:00 in Paris.
    Row aprilMidnight = slot(climatology, "pm25_ugm3", 4, 0);
    assertThat(aprilMidnight.<Long>getAs("n")).isEqualTo(1);
    assertThat(aprilMidnight.<Double>getAs("median")).isEqualTo(42.0);
    assertThat(aprilMidnight.<Double>getAs("stddev")).isNull();
    // 02:00 does not exist on the DST days: 2 + 3 local 02:00 instead of 3 + 4 local 03:00.
    assertThat(slot(climatology, "temperature_c", 3, 2).<Long>getAs("n")).isEqualTo(5);
    assertThat(slot(climatology, "temperature_c", 3, 3).<Long>getAs("n")).isEqualTo(7);
    assertThat(slot(climatology, "temperature_c", 3, 3).<Double>getAs("stddev")).isEqualTo(0.0);
    assertThat(slot(climatology, "temperature_c", 3, 3).<String>getAs("unit")).isEqualTo("°C");
  }

  @Test
  void onlySlotsWithValuesHaveRows() {
    Dataset<Row> climatology = Climatology.compute(twoSprings(), UPDATED);

    assertThat(climatology.select("variable").distinct().collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("pm25_ugm3", "temperature_c");
    assertThat(climatology.where("variable = 'pm25_ugm3'").count()).isEqualTo(2);
    assertThat(climatology.where("variable = 'temperature_c'").count()).isEqualTo(24 + 2); // March, April 00:00-01:59
  }

  @Test
  void rowsHaveTheColumnsOfTheTable() {
    assertThat(GoldSchemas.columnsAndTypes(Climatology.compute(twoSprings(), UPDATED)))
        .containsExactlyElementsOf(GoldSchemas.columnsAndTypesOf(GoldTables.CLIMATOLOGY));
  }
}
