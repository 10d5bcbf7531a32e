package fr.goodair.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator answers in the exact structure of the real samples in {@code realdata/api-samples}: same paths,
 * same JSON types (arrays compared by element shape), and error bodies byte for byte.
 */
class SampleFormatTest {

  private static ApiSimulator sim;

  @BeforeAll
  static void start() {
    sim = ApiSimulator.start(SimulatorConfig.of(TestCities.all(), 7));
    sim.clock().set(Instant.parse("2026-04-26T12:40:00Z"));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void aqicnParisFeedHasTheStructureOfTheRealParisFeed() {
    HttpResponse<String> r = Http.get(sim.aqicnBaseUrl() + "/feed/@5722/?token=secret");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-GoodAir-Simulator")).contains("seed=7");
    Map<String, String> simulated = Http.shape(Http.json(r.body()));
    assertThat(simulated).isEqualTo(Http.shape(Http.json(RealData.sample("aqicn-feed-paris-idx5722-2026-04-26.json"))));
    // The January sample has the same structure, keys reordered by Postgres JSONB.
    assertThat(simulated).isEqualTo(Http.shape(Http.json(RealData.sample("aqicn-feed-paris-idx5722-2026-01-20.json"))));
  }

  @Test
  void aqicnFeedsOutsideIleDeFranceAddDewPointAndGustLikeTheBordeauxSample() {
    // Deliberate difference with the Paris sample: stations outside Airparif also report dew and wg, as the
    // Bordeaux sample does. Everything else is the Paris structure.
    JsonNode lyon = Http.json(Http.get(sim.aqicnBaseUrl() + "/feed/lyon/?token=secret").body());
    Map<String, String> expected = new TreeMap<>(
        Http.shape(Http.json(RealData.sample("aqicn-feed-paris-idx5722-2026-04-26.json"))));
    expected.put("$.data.iaqi.dew", "OBJECT");
    expected.put("$.data.iaqi.dew.v", "NUMBER");
    expected.put("$.data.iaqi.wg", "OBJECT");
    expected.put("$.data.iaqi.wg.v", "NUMBER");
    assertThat(Http.shape(lyon)).isEqualTo(expected);
    assertThat(lyon.at("/data/attributions/0/name").asText()).isEqualTo("Atmo Auvergne-Rhône-Alpes");
  }

  @Test
  void aqicnGeoAndKeywordTargetsFindTheNearestOrNamedCity() {
    JsonNode geo = Http.json(Http.get(sim.aqicnBaseUrl() + "/feed/geo:45.75;4.85/?token=secret").body());
    assertThat(geo.at("/data/city/name").asText()).isEqualTo("Lyon");
    JsonNode encoded = Http.json(Http.get(sim.aqicnBaseUrl() + "/feed/geo:48.86%3B2.35/?token=secret").body());
    assertThat(encoded.at("/data/idx").asInt()).isEqualTo(5722);
    assertThat(sim.requestCount(fr.goodair.ingestion.source.Source.AQICN, "lyon")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aqicnErrorBodiesAreTheRealOnes() {
    HttpResponse<String> noToken = Http.get(sim.aqicnBaseUrl() + "/feed/@5722/");
    assertThat(noToken.statusCode()).isEqualTo(200);
    assertThat(Http.json(noToken.body())).isEqualTo(Http.json(RealData.sample("aqicn-error-invalid-key.json")));
    HttpResponse<String> unknown = Http.get(sim.aqicnBaseUrl() + "/feed/atlantis/?token=secret");
    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(Http.json(unknown.body())).isEqualTo(Http.json(RealData.sample("aqicn-error-unknown-station.json")));
    assertThat(unknown.headers().firstValue("X-GoodAir-Simulator")).contains("seed=7");
  }

  @Test
  void owmCurrentWeatherHasTheStructureOfBothRealParisAnswers() {
    // Deliberate difference: OWM adds wind.gust and rain.1h only when there is gust or rain; the samples had none.
    Set<String> optional = Set.of("$.wind.gust", "$.rain", "$.rain.1h");
    for (String sample : new String[] {"owm-current-paris-2026-04-30.json", "owm-current-paris-lang-fr-2026-01-20.json"}) {
      for (String hour : new String[] {"2026-04-30T10:00:00Z", "2026-01-20T15:10:00Z", "2026-07-14T03:00:00Z"}) {
        sim.clock().set(Instant.parse(hour));
        HttpResponse<String> r = Http.get(sim.owmBaseUrl()
            + "/data/2.5/weather?lat=48.8534&lon=2.3488&appid=secret&units=metric&lang=fr");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, String> simulated = new TreeMap<>(Http.shape(Http.json(r.body())));
        simulated.keySet().removeAll(optional);
        assertThat(simulated).as(sample + " at " + hour).isEqualTo(Http.shape(Http.json(RealData.sample(sample))));
      }
    }
    sim.clock().set(Instant.parse("2026-04-26T12:40:00Z"));
  }

  @Test
  void owmUnitsAndTimeFields() {
    sim.clock().set(Instant.parse("2026-01-20T15:10:00Z"));
    String base = sim.owmBaseUrl() + "/data/2.5/weather?lat=48.8534&lon=2.3488&appid=secret";
    JsonNode metric = Http.json(Http.get(base + "&units=metric").body());
    JsonNode standard = Http.json(Http.get(base).body());
    JsonNode imperial = Http.json(Http.get(base + "&units=imperial").body());
    double c = metric.at("/main/temp").asDouble();
    assertThat(standard.at("/main/temp").asDouble()).isCloseTo(c + 273.15, org.assertj.core.data.Offset.offset(0.011));
    assertThat(imperial.at("/main/temp").asDouble()).isCloseTo(c * 9 / 5 + 32, org.assertj.core.data.Offset.offset(0.02));
    assertThat(imperial.at("/wind/speed").asDouble())
        .isCloseTo(metric.at("/wind/speed").asDouble() * 2.23694, org.assertj.core.data.Offset.offset(0.02));
    assertThat(metric.at("/timezone").asInt()).isEqualTo(3600);
    assertThat(metric.at("/cod").isNumber()).isTrue();
    long dt = metric.at("/dt").asLong();
    assertThat(dt).isBetween(Instant.parse("2026-01-20T15:00:00Z").getEpochSecond(),
        Instant.parse("2026-01-20T15:10:00Z").getEpochSecond());
    assertThat(metric.at("/sys/sunrise").asLong()).isLessThan(dt);
    assertThat(metric.at("/name").asText()).isEqualTo("Paris");
    assertThat(metric.at("/id").asInt()).isEqualTo(2988507);
    sim.clock().set(Instant.parse("2026-07-14T12:00:00Z"));
    assertThat(Http.json(Http.get(base + "&units=metric").body()).at("/timezone").asInt()).isEqualTo(7200);
    sim.clock().set(Instant.parse("2026-04-26T12:40:00Z"));
  }

  @Test
  void owmErrorBodiesAreTheRealOnesByteForByte() {
    HttpResponse<String> noKey = Http.get(sim.owmBaseUrl() + "/data/2.5/weather?lat=48.85&lon=2.35");
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(noKey.body()).isEqualTo(RealData.sample("owm-error-401-invalid-api-key.json").strip());
    HttpResponse<String> noKeyAir = Http.get(sim.owmBaseUrl() + "/data/2.5/air_pollution?lat=48.85&lon=2.35&appid=");
    assertThat(noKeyAir.statusCode()).isEqualTo(401);
    HttpResponse<String> unknown = Http.get(sim.owmBaseUrl() + "/data/2.5/weather?q=Atlantis&appid=secret");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo(RealData.sample("owm-error-404-city-not-found.json").strip());
    HttpResponse<String> byName = Http.get(sim.owmBaseUrl() + "/data/2.5/weather?q=Lyon,FR&appid=secret");
    assertThat(Http.json(byName.body()).at("/name").asText()).isEqualTo("Lyon");
  }

  @Test
  void owmAirPollutionHasTheDocumentedShape() {
    HttpResponse<String> r = Http.get(sim.owmBaseUrl() + "/data/2.5/air_pollution?lat=48.8534&lon=2.3488&appid=k");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-GoodAir-Simulator")).contains("seed=7");
    JsonNode body = Http.json(r.body());
    Map<String, String> expected = new TreeMap<>();
    expected.put("$", "OBJECT");
    expected.put("$.coord", "OBJECT");
    expected.put("$.coord.lat", "NUMBER");
    expected.put("$.coord.lon", "NUMBER");
    expected.put("$.list", "ARRAY");
    expected.put("$.list[]", "OBJECT");
    expected.put("$.list[].dt", "NUMBER");
    expected.put("$.list[].main", "OBJECT");
    expected.put("$.list[].main.aqi", "NUMBER");
    expected.put("$.list[].components", "OBJECT");
    for (String c : new String[] {"co", "no", "no2", "o3", "so2", "pm2_5", "pm10", "nh3"}) {
      expected.put("$.list[].components." + c, "NUMBER");
    }
    assertThat(Http.shape(body)).isEqualTo(expected);
    assertThat(body.at("/list/0/main/aqi").asInt()).isBetween(1, 5);
    assertThat(body.at("/list/0/dt").asLong()).isEqualTo(Instant.parse("2026-04-26T12:00:00Z").getEpochSecond());
  }
}
