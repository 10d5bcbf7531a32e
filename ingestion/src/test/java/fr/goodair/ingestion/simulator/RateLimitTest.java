package fr.goodair.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void owmAllows60CallsPerMinuteThen429WithRetryAfter() {
    try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.of(TestCities.all(), 1).withRateLimits(true))) {
      String url = sim.owmBaseUrl() + "/data/2.5/weather?lat=48.86&lon=2.35&appid=k";
      for (int i = 0; i < 30; i++) {
        assertThat(Http.get(url).statusCode()).isEqualTo(200);
        // air pollution shares the same key, hence the same quota
        assertThat(Http.get(sim.owmBaseUrl() + "/data/2.5/air_pollution?lat=48.86&lon=2.35&appid=k").statusCode())
            .isEqualTo(200);
      }
      HttpResponse<String> limited = Http.get(url);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).get().satisfies(
          v -> assertThat(Integer.parseInt(v)).isBetween(1, 60));
      // AQICN has its own, larger quota
      assertThat(Http.get(sim.aqicnBaseUrl() + "/feed/@5722/?token=t").body()).contains("\"status\":\"ok\"");
    }
  }

  @Test
  void slidingWindowFreesSlotsAsCallsAge() throws InterruptedException {
    RateLimiter limiter = new RateLimiter(2, Duration.ofMillis(300));
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.tryAcquire()).isZero();
    Duration wait = limiter.tryAcquire();
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMillis(300));
    Thread.sleep(wait.toMillis() + 20);
    assertThat(limiter.tryAcquire()).isZero();
  }

  @Test
  void withoutEnforcementThereIsNoQuota() {
    try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.of(TestCities.all(), 1))) {
      String url = sim.owmBaseUrl() + "/data/2.5/air_pollution?lat=48.86&lon=2.35&appid=k";
      for (int i = 0; i < 70; i++) {
        assertThat(Http.get(url).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void latencyStaysWithinTheConfiguredBounds() {
    SimulatorConfig config = SimulatorConfig.of(TestCities.all(), 1)
        .withLatency(Duration.ofMillis(60), Duration.ofMillis(120));
    try (ApiSimulator sim = ApiSimulator.start(config)) {
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        Http.get(sim.aqicnBaseUrl() + "/feed/@5722/?token=t");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
      }
    }
  }
}
