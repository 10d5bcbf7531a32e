package fr.goodair.silver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import fr.goodair.quality.QualityGate;
import fr.goodair.quality.RuleRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The whole bronze → silver job on real bronze objects in the real S3 store. */
class SilverPromotionJobTest {

  private final SparkSession spark = TestLake.spark();

  private SilverPromotionJob job(LakeLayout lake, RuleRegistry rules) {
    return new SilverPromotionJob(spark, lake, new QualityGate(spark, rules, lake),
        CityReference.loadDefault().cities(), new SilverPromotionJob.Options(1000, 3, false), Clock.systemUTC());
  }

  private long scalar(String sql) {
    return ((Number) spark.sql(sql).first().get(0)).longValue();
  }

  /**
   * ../shared/realdata/goodair-raw-lake-paris-2026: another team's lake polled Paris four times in two minutes;
   * AQICN returned the same observation each time, OWM the same dt. Silver keeps one of each.
   */
  @Test
  void theDuplicatedRealLakeDumpGivesOneAqicnAndOneOwmObservation() throws Exception {
    LakeLayout lake = TestLake.newLake();
    JsonNode dump = BronzeFixtures.JSON.readTree(Files.readString(
        BronzeFixtures.REALDATA.resolve("goodair-raw-lake-paris-2026/Paris_20260120_161113.json")));
    List<String> aqicn = new ArrayList<>();
    List<String> owm = new ArrayList<>();
    for (JsonNode record : dump) {
      Instant collected = Instant.parse(record.get("collected_at").asText().replaceFirst("\\+00:00$", "Z"));
      String payload = BronzeFixtures.JSON.writeValueAsString(record.get("raw_data"));
      if (record.get("source").asText().equals("aqicn")) {
        aqicn.add(BronzeFixtures.ok("aqicn", "paris", collected, payload, Map.of()));
      } else {
        owm.add(BronzeFixtures.ok("owm_weather", "paris", collected, payload, Map.of("units", "metric", "lang", "fr")));
      }
    }
    Instant hour = Instant.parse("2026-01-20T15:00:00Z");
    // Two runs of the same hour, two polls each: duplicates inside an object and across objects.
    BronzeFixtures.put(lake, "aqicn", hour, "20260120T1500Z-aaaaaaaa", aqicn.subList(0, 2));
    BronzeFixtures.put(lake, "aqicn", hour, "20260120T1500Z-bbbbbbbb", aqicn.subList(2, 4));
    BronzeFixtures.put(lake, "owm_weather", hour, "20260120T1500Z-aaaaaaaa", owm.subList(0, 2));
    BronzeFixtures.put(lake, "owm_weather", hour, "20260120T1500Z-bbbbbbbb", owm.subList(2, 4));

    List<SilverPromotionJob.BatchReport> reports = job(lake, RuleRegistry.load()).run();

    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).heldBack())
        .as(reports.get(0).results().stream().filter(r -> !r.passed()).toList().toString()).isFalse();
    assertThat(scalar("SELECT count(DISTINCT station_idx, observed_at) FROM silver.air_quality_observation")).isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM silver.air_quality_observation WHERE parameter = 'aqi'")).isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM silver.weather_observation")).isEqualTo(1);
    assertThat(spark.sql("SELECT CAST(observed_at AS STRING), CAST(first_fetched_at AS STRING), "
        + "CAST(last_fetched_at AS STRING) FROM silver.weather_observation").first().mkString(" "))
        .isEqualTo("2026-01-20 15:05:08 2026-01-20 15:09:11.054736 2026-01-20 15:11:13.62398");
    assertThat(scalar("SELECT count(*) FROM silver.dim_station WHERE station_idx = 5722")).isEqualTo(1);
    assertThat(scalar("SELECT count(*) FROM silver.ingestion_log")).isEqualTo(8);
    assertThat(scalar("SELECT count(*) FROM silver.promotion_manifest")).isEqualTo(4);
    assertThat(scalar("SELECT count(*) FROM silver.quarantine")).isZero();

    // Incremental: nothing new in bronze, nothing done, no new table version.
    long version = io.delta.tables.DeltaTable.forName(spark, SilverTables.AIR_QUALITY).history(1).first().getLong(0);
    assertThat(job(lake, RuleRegistry.load()).run()).isEmpty();
    assertThat(io.delta.tables.DeltaTable.forName(spark, SilverTables.AIR_QUALITY).history(1).first().getLong(0))
        .isEqualTo(version);
  }

  @Test
  void failedFetchesAreInTheIngestionLogAndBadRecordsInQuarantineByRule() {
    LakeLayout lake = TestLake.newLake();
    Instant hour = Instant.parse("2026-07-14T10:00:00Z");
    Instant fetched = hour.plusSeconds(4);
    String weather = BronzeFixtures.sample("owm-current-paris-2026-04-30.json");
    String air = "{\"coord\":{\"lon\":2.35,\"lat\":48.85},\"list\":[{\"main\":{\"aqi\":2},\"components\":"
        + "{\"co\":201.94,\"no\":0.02,\"no2\":-3.0,\"o3\":68.66,\"so2\":0.64,\"pm2_5\":0.5,\"pm10\":0.54,\"nh3\":0.12},"
        + "\"dt\":1784023200}]}";
    List<String> weatherLines = new ArrayList<>();
    // Ten good answers: two bad rows among twelve stay under the 20 % that would hold the batch back.
    for (String city : List.of("paris", "marseille", "toulouse", "bordeaux", "nantes", "strasbourg", "montpellier",
        "rennes", "grenoble", "lille")) {
      weatherLines.add(BronzeFixtures.ok("owm_weather", city, fetched, weather, Map.of("units", "metric")));
    }
    weatherLines.addAll(List.of(
        // Kelvin mistaken for Celsius upstream: 290 °C is impossible.
        BronzeFixtures.ok("owm_weather", "lyon", fetched, weather.replaceFirst("\"temp\":\\s*[0-9.]+", "\"temp\": 290.1"),
            Map.of("units", "metric")),
        BronzeFixtures.ok("owm_weather", "nice", fetched, weather.replaceFirst("\"humidity\":\\s*[0-9.]+", "\"humidity\": 140"),
            Map.of("units", "metric")),
        // Not an envelope at all.
        "this line is not JSON",
        BronzeFixtures.line("owm_weather", "lille", fetched.plusSeconds(60), "http_error", 503, "HTTP 503", "busy",
            Map.of())));
    BronzeFixtures.put(lake, "owm_weather", hour, "20260714T1000Z-aaaaaaaa", weatherLines);
    BronzeFixtures.put(lake, "owm_air", hour, "20260714T1000Z-aaaaaaaa", List.of(
        BronzeFixtures.ok("owm_air", "paris", fetched, air, Map.of())));
    BronzeFixtures.put(lake, "aqicn", hour, "20260714T1000Z-aaaaaaaa", List.of(
        BronzeFixtures.ok("aqicn", "paris", fetched,
            BronzeFixtures.sample("aqicn-feed-paris-idx5722-2026-04-26.json").replace("\"pm25\": {", "\"xyz\": {\"v\": 3}, \"pm25\": {"),
            Map.of())));

    SilverPromotionJob.BatchReport report = job(lake, RuleRegistry.load()).run().get(0);

    assertThat(report.heldBack()).as(report.results().stream().filter(r -> !r.passed()).toList().toString()).isFalse();
    Map<String, Long> byRule = report.quarantined();
    assertThat(byRule).containsEntry("bronze/" + SilverPromotionJob.UNREADABLE_ENVELOPE_RULE, 1L);
    assertThat(byRule).containsEntry(SilverTables.WEATHER + "/temperature_range", 1L);
    assertThat(byRule).containsEntry(SilverTables.WEATHER + "/humidity_range", 1L);
    assertThat(byRule).containsEntry(SilverTables.CONCENTRATION + "/concentration_range", 1L);
    assertThat(byRule).containsEntry(SilverTables.AIR_QUALITY + "/parameter_known", 1L);
    // The unknown iaqi key fails two rules (parameter and scale); every failing rule is a quarantine row.
    assertThat(byRule).containsEntry(SilverTables.AIR_QUALITY + "/scale_known", 1L);
    assertThat(byRule.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(6);
    assertThat(scalar("SELECT count(*) FROM silver.quarantine")).isEqualTo(6);
    assertThat(scalar("SELECT count(*) FROM silver.weather_observation")).isEqualTo(10);
    assertThat(scalar("SELECT count(*) FROM silver.pollutant_concentration")).isEqualTo(7);
    assertThat(scalar("SELECT count(*) FROM silver.ingestion_log WHERE outcome = 'http_error' AND city_id = 'lille'"))
        .isEqualTo(1);
    assertThat(spark.sql("SELECT bronze_object FROM silver.quarantine WHERE rule = 'humidity_range'")
        .first().getString(0)).startsWith("bronze/source=owm_weather/ingest_date=2026-07-14/hour=10/run-");
  }

  @Test
  void aBatchMostlyRejectedIsHeldBackInBronzeAndPromotedAfterTheFix() throws Exception {
    LakeLayout lake = TestLake.newLake();
    Instant hour = Instant.parse("2026-02-01T08:00:00Z");
    List<String> lines = BronzeFixtures.kelvinWeather(hour, List.of("paris", "lyon", "nice", "lille"));
    BronzeFixtures.put(lake, "owm_weather", hour, "20260201T0800Z-aaaaaaaa", lines);

    SilverPromotionJob.BatchReport held = job(lake, RuleRegistry.load()).run().get(0);

    assertThat(held.heldBack()).isTrue();
    assertThat(scalar("SELECT count(*) FROM silver.weather_observation")).isZero();
    assertThat(scalar("SELECT count(*) FROM silver.quarantine")).isZero();
    assertThat(scalar("SELECT count(*) FROM silver.promotion_manifest")).isZero();

    // The fix (here: the team accepts the batch by raising the limit in the registry): the same bronze promotes.
    java.nio.file.Path rules = BronzeFixtures.rulesAcceptingRejectedWeather();
    SilverPromotionJob.BatchReport promoted = job(lake, RuleRegistry.load(rules)).run().get(0);
    assertThat(promoted.heldBack()).isFalse();
    assertThat(scalar("SELECT count(*) FROM silver.quarantine WHERE rule = 'temperature_range'")).isEqualTo(4);
    assertThat(scalar("SELECT count(*) FROM silver.promotion_manifest")).isEqualTo(1);
  }
}
