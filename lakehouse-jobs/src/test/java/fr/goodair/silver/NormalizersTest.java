package fr.goodair.silver;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The pure transforms on real API answers (../shared/realdata/api-samples), read back from real bronze objects. */
class NormalizersTest {

  private final SparkSession spark = TestLake.spark();

  private Dataset<Row> envelopes(String source, List<String> lines) {
    LakeLayout lake = TestLake.newLake();
    Instant hour = Instant.parse("2026-04-26T12:00:00Z");
    String key = BronzeFixtures.put(lake, source, hour, BronzeFixtures.runId(hour), lines);
    return BronzeEnvelopes.parse(BronzeEnvelopes.readLines(spark, lake.root(), List.of(BronzeObject.ofKey(key)), 4));
  }

  private Dataset<Row> aqicn(String... payloads) {
    List<String> lines = java.util.Arrays.stream(payloads)
        .map(p -> BronzeFixtures.ok("aqicn", "paris", Instant.parse("2026-04-26T12:00:05Z"), p, Map.of()))
        .toList();
    return AqicnNormalizer.parse(envelopes("aqicn", lines));
  }

  @Test
  void aqicnSubIndicesStayAqiAndTimeComesFromIso() {
    Dataset<Row> obs = AqicnNormalizer.observations(aqicn(BronzeFixtures.sample("aqicn-feed-paris-idx5722-2026-04-26.json")));
    obs.createOrReplaceTempView("obs");
    Row pm25 = spark.sql("SELECT * FROM obs WHERE parameter = 'pm25'").first();
    assertThat(pm25.<Integer>getAs("station_idx")).isEqualTo(5722);
    assertThat(pm25.<Double>getAs("value")).isEqualTo(61.0);
    assertThat(pm25.<String>getAs("scale")).isEqualTo("us_epa_aqi");
    assertThat(pm25.<String>getAs("unit")).isEqualTo("AQI");
    Row aqi = spark.sql("SELECT * FROM obs WHERE parameter = 'aqi'").first();
    assertThat(aqi.<Double>getAs("value")).isEqualTo(38.0);
    assertThat(aqi.<String>getAs("dominant_pollutant")).isEqualTo("o3");
    // time.iso 2026-04-26T12:00:00+02:00 → 10:00 UTC.
    assertThat(spark.sql("SELECT DISTINCT CAST(observed_at AS STRING) FROM obs").collectAsList())
        .extracting(r -> r.getString(0)).containsExactly("2026-04-26 10:00:00");
    assertThat(spark.sql("SELECT unit FROM obs WHERE parameter = 'temperature'").first().getString(0)).isEqualTo("°C");
  }

  @Test
  void olderFeedWithoutIsoUsesLocalTimeAndOffsetAndDecodesHtmlEntities() {
    Dataset<Row> parsed = aqicn(BronzeFixtures.sample("aqicn-feed-bordeaux-bastide-idx5056-2020-04-20.json"));
    Row first = AqicnNormalizer.observations(parsed).selectExpr("CAST(observed_at AS STRING)").first();
    assertThat(first.getString(0)).isEqualTo("2020-04-20 15:00:00"); // 17:00 at +02:00
    assertThat(AqicnNormalizer.observations(parsed).where("parameter IN ('wind_gust', 'dew_point')").count()).isEqualTo(2);
    Row station = AqicnNormalizer.stations(parsed).first();
    assertThat(station.<String>getAs("station_name")).isEqualTo("Bastide, Bordeaux, Aquitaine, France");
    assertThat(station.<scala.collection.Seq<Row>>getAs("attributions").apply(0).<String>getAs("name"))
        .isEqualTo("AtmoNAQ - La qualité de l\u2019air en Nouvelle Aquitaine");
    assertThat(AqicnNormalizer.forecasts(parsed).count()).isZero(); // this older format has no forecast
  }

  @Test
  void dashMeansMissingAndNegativeCrowdSourcedIdxIsKept() {
    Dataset<Row> dash = AqicnNormalizer.observations(aqicn(BronzeFixtures.sample("aqicn-feed-aqi-dash-klundert-nl-2023-08-07.json")));
    Row aqi = dash.where("parameter = 'aqi'").first();
    assertThat(aqi.isNullAt(aqi.fieldIndex("value"))).isTrue();
    assertThat(dash.where("parameter <> 'aqi' AND value IS NOT NULL").count()).isPositive();

    Dataset<Row> seattle = AqicnNormalizer.parse(envelopes("aqicn", List.of(BronzeFixtures.ok("aqicn", "paris",
        Instant.parse("2023-08-20T18:00:00Z"), BronzeFixtures.sample("aqicn-feed-crowdsourced-negative-idx-seattle-2023-08-20.json"), Map.of()))));
    assertThat(AqicnNormalizer.stations(seattle).first().<Integer>getAs("station_idx")).isEqualTo(-372382);
  }

  @Test
  void forecastsAreIssuedOnTheLocalDateOfTheObservation() {
    Dataset<Row> f = AqicnNormalizer.forecasts(aqicn(BronzeFixtures.sample("aqicn-feed-paris-idx5722-2026-04-26.json")));
    assertThat(f.select("parameter").distinct().collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("o3", "pm10", "pm25", "uvi");
    assertThat(f.selectExpr("CAST(issued_date AS STRING)").distinct().first().getString(0)).isEqualTo("2026-04-26");
    assertThat(f.where("parameter = 'uvi'").select("scale").first().getString(0)).isEqualTo("uv_index");
  }

  /** Europe/Paris 2026: clocks go 02:00 → 03:00 on 29 March and 03:00 → 02:00 on 25 October. */
  @Test
  void bothDaylightSavingChangesOf2026GiveDistinctUtcHours() {
    String sample = BronzeFixtures.sample("aqicn-feed-paris-idx5722-2026-04-26.json");
    String[][] times = {
        {"2026-03-29 01:00:00", "+01:00"}, {"2026-03-29 03:00:00", "+02:00"}, // spring: 02:00 local never exists
        {"2026-10-25 02:00:00", "+02:00"}, {"2026-10-25 02:00:00", "+01:00"}, // autumn: 02:00 local happens twice
    };
    String[] payloads = new String[times.length];
    for (int i = 0; i < times.length; i++) {
      String iso = times[i][0].replace(' ', 'T') + times[i][1];
      payloads[i] = sample.replaceFirst("\"s\":\\s*\"[^\"]*\"", "\"s\": \"" + times[i][0] + "\"")
          .replaceFirst("\"tz\":\\s*\"[^\"]*\"", "\"tz\": \"" + times[i][1] + "\"")
          .replaceFirst("\"iso\":\\s*\"[^\"]*\"", "\"iso\": \"" + iso + "\"");
    }
    Dataset<Row> obs = AqicnNormalizer.observations(aqicn(payloads)).where("parameter = 'aqi'");
    assertThat(obs.selectExpr("CAST(observed_at AS STRING)").collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("2026-03-29 00:00:00", "2026-03-29 01:00:00",
            "2026-10-25 00:00:00", "2026-10-25 01:00:00");

    // Without time.iso (older answers), s + tz gives the same instants.
    String[] noIso = java.util.Arrays.stream(payloads).map(p -> p.replaceFirst(",\\s*\"iso\":\\s*\"[^\"]*\"", ""))
        .toArray(String[]::new);
    assertThat(AqicnNormalizer.observations(aqicn(noIso)).where("parameter = 'aqi'")
        .selectExpr("CAST(observed_at AS STRING)").collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("2026-03-29 00:00:00", "2026-03-29 01:00:00",
            "2026-10-25 00:00:00", "2026-10-25 01:00:00");
  }

  @Test
  void owmWeatherIsMetricWhateverTheUnitsAsked() {
    String metric = BronzeFixtures.sample("owm-current-paris-2026-04-30.json");
    Dataset<Row> env = envelopes("owm_weather", List.of(
        BronzeFixtures.ok("owm_weather", "paris", Instant.parse("2026-04-30T12:00:03Z"), metric, Map.of("units", "metric")),
        BronzeFixtures.ok("owm_weather", "lyon", Instant.parse("2026-04-30T12:00:03Z"), metric, Map.of("units", "standard")),
        BronzeFixtures.ok("owm_weather", "nice", Instant.parse("2026-04-30T12:00:03Z"), metric, Map.of())));
    Dataset<Row> w = OwmWeatherNormalizer.observations(OwmWeatherNormalizer.parse(env.where("outcome = 'ok'")));
    double paris = w.where("city_id = 'paris'").first().getAs("temperature_c");
    double lyon = w.where("city_id = 'lyon'").first().getAs("temperature_c");
    double nice = w.where("city_id = 'nice'").first().getAs("temperature_c");
    assertThat(lyon).isCloseTo(paris - 273.15, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(nice).isEqualTo(lyon); // no units parameter = standard = Kelvin
    Row p = w.where("city_id = 'paris'").first();
    assertThat(p.<Integer>getAs("utc_offset_seconds")).isEqualTo(7200);
    assertThat(p.<Instant>getAs("observed_at")).isEqualTo(Instant.ofEpochSecond(1777539367L)); // the sample's dt
  }

  @Test
  void owmAirPollutionComponentsAreConcentrationsNamedLikeTheRestOfTheLake() {
    String payload = "{\"coord\":{\"lon\":2.35,\"lat\":48.85},\"list\":[{\"main\":{\"aqi\":2},\"components\":"
        + "{\"co\":201.94,\"no\":0.02,\"no2\":0.77,\"o3\":68.66,\"so2\":0.64,\"pm2_5\":0.5,\"pm10\":0.54,\"nh3\":0.12},"
        + "\"dt\":1777550400}]}";
    Dataset<Row> c = OwmAirPollutionNormalizer.concentrations(OwmAirPollutionNormalizer.parse(envelopes("owm_air",
        List.of(BronzeFixtures.ok("owm_air", "paris", Instant.parse("2026-04-30T12:00:03Z"), payload, Map.of())))));
    assertThat(c.count()).isEqualTo(8);
    Row pm25 = c.where("parameter = 'pm25'").first();
    assertThat(pm25.<Double>getAs("value")).isEqualTo(0.5);
    assertThat(pm25.<String>getAs("unit")).isEqualTo("µg/m³");
    assertThat(pm25.<Integer>getAs("owm_aqi")).isEqualTo(2);
  }
}
