package fr.goodair.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.ingestion.source.Source;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault kind gives its documented answer, and only for the matched source and city. */
class FaultPlanTest {

  private static ApiSimulator sim;

  @BeforeAll
  static void start() {
    sim = ApiSimulator.start(SimulatorConfig.of(TestCities.all(), 11));
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.faults().clear();
    sim.clock().set(Instant.parse("2026-06-10T09:30:00Z"));
  }

  private static HttpResponse<String> aqicn(String target) {
    return Http.get(sim.aqicnBaseUrl() + "/feed/" + target + "/?token=t");
  }

  private static HttpResponse<String> weather(String city) {
    String ll = city.equals("lyon") ? "lat=45.76&lon=4.84" : "lat=48.86&lon=2.35";
    return Http.get(sim.owmBaseUrl() + "/data/2.5/weather?" + ll + "&appid=k&units=metric");
  }

  private static HttpResponse<String> air(String city) {
    String ll = city.equals("lyon") ? "lat=45.76&lon=4.84" : "lat=48.86&lon=2.35";
    return Http.get(sim.owmBaseUrl() + "/data/2.5/air_pollution?" + ll + "&appid=k");
  }

  @Test
  void http503TwiceOnLyonWeatherOnly() {
    sim.faults().add(FaultSpec.parse("owm_weather:lyon:http_503:x2"));
    assertThat(weather("paris").statusCode()).isEqualTo(200);
    assertThat(air("lyon").statusCode()).isEqualTo(200);
    assertThat(aqicn("lyon").statusCode()).isEqualTo(200);
    HttpResponse<String> failed = weather("lyon");
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.headers().firstValue("X-GoodAir-Simulator")).contains("seed=11");
    assertThat(failed.body()).contains("503 Service Temporarily Unavailable");
    assertThat(weather("lyon").statusCode()).isEqualTo(503);
    assertThat(weather("lyon").statusCode()).isEqualTo(200);
    assertThat(sim.faults().active()).isEmpty();
  }

  @Test
  void http500And502OnAnySourceForOneCity() {
    sim.faults().add("*:paris:http_500:x1,*:paris:http_502:x1");
    assertThat(aqicn("lyon").statusCode()).isEqualTo(200);
    assertThat(aqicn("@5722").statusCode()).isEqualTo(500);
    assertThat(air("paris").statusCode()).isEqualTo(502);
    assertThat(weather("paris").statusCode()).isEqualTo(200);
  }

  @Test
  void timeoutHoldsTheConnectionLongerThanTheClientWaits() {
    sim.faults().add("aqicn:paris:timeout:delay=3s:x1");
    assertThat(aqicn("lyon").statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> Http.get(sim.aqicnBaseUrl() + "/feed/@5722/?token=t", Duration.ofMillis(300)))
        .hasCauseInstanceOf(HttpTimeoutException.class);
    assertThat(aqicn("@5722").statusCode()).isEqualTo(200);
  }

  @Test
  void slowAnswersComeLateButComplete() {
    sim.faults().add("owm_air:*:slow:delay=400ms:x1");
    long start = System.nanoTime();
    HttpResponse<String> r = air("paris");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Http.json(r.body()).has("list")).isTrue();
  }

  @Test
  void rateLimitedGives429WithRetryAfterAndTheRealBody() {
    sim.faults().add("owm_weather:*:http_429:delay=30s:x1");
    HttpResponse<String> r = weather("paris");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("30");
    assertThat(r.body()).isEqualTo(RealData.sample("owm-error-429-rate-limited.json").strip());
  }

  @Test
  void aqicnOverQuotaAndInvalidKeyAreHttp200ErrorBodies() {
    sim.faults().add("aqicn:lyon:over_quota:x1").add("aqicn:lyon:invalid_key:x1");
    assertThat(aqicn("@5722").body()).contains("\"status\":\"ok\"");
    HttpResponse<String> quota = aqicn("lyon");
    assertThat(quota.statusCode()).isEqualTo(200);
    assertThat(quota.body()).isEqualTo("{\"status\":\"error\",\"data\":\"Over quota\"}");
    HttpResponse<String> key = aqicn("lyon");
    assertThat(key.statusCode()).isEqualTo(200);
    assertThat(Http.json(key.body())).isEqualTo(Http.json(RealData.sample("aqicn-error-invalid-key.json")));
  }

  @Test
  void owmInvalidKeyIs401WithTheRealBody() {
    sim.faults().add(FaultSpec.of(FaultKind.INVALID_KEY).forSource(Source.OWM_AIR).times(1));
    assertThat(weather("paris").statusCode()).isEqualTo(200);
    HttpResponse<String> r = air("paris");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo(RealData.sample("owm-error-401-invalid-api-key.json").strip());
  }

  @Test
  void malformedJsonIsATruncatedBody() {
    sim.faults().add("owm_weather:paris:malformed_json:x1");
    HttpResponse<String> r = weather("paris");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> Http.MAPPER.readTree(r.body())).isInstanceOf(IOException.class);
    assertThat(Http.json(weather("paris").body()).get("cod").asInt()).isEqualTo(200);
  }

  @Test
  void aqiDashOnlyTouchesAqicn() {
    sim.faults().add("*:paris:aqi_dash:x1");
    assertThat(weather("paris").statusCode()).isEqualTo(200); // not consumed by OWM
    assertThat(Http.json(aqicn("@5722").body()).at("/data/aqi").asText()).isEqualTo("-");
    assertThat(Http.json(aqicn("@5722").body()).at("/data/aqi").isNumber()).isTrue();
  }

  @Test
  void simulatedTimeRangeLimitsARule() {
    sim.faults().add("aqicn:*:http_503:from=2026-06-10T12:to=2026-06-10T14");
    assertThat(aqicn("lyon").statusCode()).isEqualTo(200); // 09:30, before
    sim.clock().set(Instant.parse("2026-06-10T12:00:00Z"));
    assertThat(aqicn("lyon").statusCode()).isEqualTo(503);
    assertThat(aqicn("@5722").statusCode()).isEqualTo(503);
    sim.clock().set(Instant.parse("2026-06-10T14:00:00Z"));
    assertThat(aqicn("lyon").statusCode()).isEqualTo(200); // end is exclusive
  }

  @Test
  void requestsAreCountedPerSourceAndCity() {
    long before = sim.requestCount(Source.OWM_AIR, "lyon");
    air("lyon");
    air("lyon");
    aqicn("atlantis");
    assertThat(sim.requestCount(Source.OWM_AIR, "lyon")).isEqualTo(before + 2);
    assertThat(sim.requestCount(Source.AQICN, null)).isGreaterThanOrEqualTo(1);
  }
}
