package fr.goodair.ingestion.simulator;

import fr.goodair.ingestion.city.City;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run an {@link ApiSimulator}.
 *
 * @param cities the cities it answers for (AQICN stations and OWM locations are matched against them)
 * @param seed everything simulated is a function of (seed, city, simulated time)
 * @param minLatency lower bound of the delay added to every answer
 * @param maxLatency upper bound of that delay (uniform in between, deterministic per request number)
 * @param enforceRateLimits apply the providers' quotas in wall-clock time: OWM 60 calls / 60 s (then HTTP 429 with
 *     Retry-After), AQICN 1000 calls / 60 s (then {@code "Over quota"})
 */
public record SimulatorConfig(
    List<City> cities, long seed, Duration minLatency, Duration maxLatency, boolean enforceRateLimits) {

  public SimulatorConfig {
    cities = List.copyOf(Objects.requireNonNull(cities, "cities"));
    Objects.requireNonNull(minLatency, "minLatency");
    Objects.requireNonNull(maxLatency, "maxLatency");
    if (minLatency.isNegative() || maxLatency.compareTo(minLatency) < 0) {
      throw new IllegalArgumentException("need 0 <= minLatency <= maxLatency, got " + minLatency + ", " + maxLatency);
    }
  }

  /** No added latency, no rate limits: what tests and batch simulations want. */
  public static SimulatorConfig of(List<City> cities, long seed) {
    return new SimulatorConfig(cities, seed, Duration.ZERO, Duration.ZERO, false);
  }

  /** Like the real services: 50-400 ms per answer and the free-plan quotas. */
  public static SimulatorConfig realistic(List<City> cities, long seed) {
    return new SimulatorConfig(cities, seed, Duration.ofMillis(50), Duration.ofMillis(400), true);
  }

  public SimulatorConfig withLatency(Duration min, Duration max) {
    return new SimulatorConfig(cities, seed, min, max, enforceRateLimits);
  }

  public SimulatorConfig withRateLimits(boolean enforce) {
    return new SimulatorConfig(cities, seed, minLatency, maxLatency, enforce);
  }
}
