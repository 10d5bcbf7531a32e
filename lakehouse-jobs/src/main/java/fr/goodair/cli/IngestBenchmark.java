package fr.goodair.cli;

import fr.goodair.ingestion.HourlyIngestion;
import fr.goodair.ingestion.IngestionRuntime;
import fr.goodair.ingestion.RunIds;
import fr.goodair.ingestion.bronze.Outcome;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.source.ProviderPolicy;
import fr.goodair.ingestion.source.RunContext;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One hourly capture of N cities × 3 endpoints against the simulator answering in 100–300 ms, under the
 * providers' real limits (OWM 60 calls/min shared by its two endpoints, AQICN 1000/min) and our concurrency
 * bounds. Prints the wall time, the lower bound those limits and latencies impose, and their ratio (goal ≤ 1.2).
 *
 * <p>The reference has 12 cities; beyond them the benchmark adds copies of the reference cities (ids suffixed
 * {@code -2}, {@code -3}…, coordinates shifted by a few hundredths of a degree): same requests, more of them.
 */
final class IngestBenchmark {

  static final Duration MIN_LATENCY = Duration.ofMillis(100);
  static final Duration MAX_LATENCY = Duration.ofMillis(300);

  private final int cityCount;

  IngestBenchmark(int cityCount) {
    if (cityCount < 1) {
      throw new IllegalArgumentException("--cities must be at least 1");
    }
    this.cityCount = cityCount;
  }

  int run(PrintStream out) throws Exception {
    GoodairConfig base = GoodairConfig.load(null);
    Path home = Files.createDirectories(base.home().resolve("bench")).resolve("ingest-" + System.currentTimeMillis());
    GoodairConfig config = GoodairConfig.embedded(home);
    List<City> cities = benchCities(cityCount);
    var options = new IngestionRuntime.Options(true, 42, List.of(), MIN_LATENCY, MAX_LATENCY, true, cities);

    try (IngestionRuntime runtime = IngestionRuntime.open(config, options)) {
      Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
      runtime.simulator().orElseThrow().clock().set(Instant.now());
      out.printf("bench ingest: %d cities x 3 endpoints, simulated latency %d-%d ms, OWM %d calls/%ds, AQICN %d calls/%ds%n",
          cities.size(), MIN_LATENCY.toMillis(), MAX_LATENCY.toMillis(),
          ProviderPolicy.owmFreePlan().maxCallsPerWindow(), ProviderPolicy.owmFreePlan().window().toSeconds(),
          ProviderPolicy.aqicn().maxCallsPerWindow(), ProviderPolicy.aqicn().window().toSeconds());
      long start = System.nanoTime();
      HourlyIngestion.RunSummary summary = runtime.ingestion().run(new RunContext(RunIds.next(hour), hour, true), false);
      Duration wall = Duration.ofNanos(System.nanoTime() - start);

      Duration owmBound = lowerBound(2L * cities.size(), ProviderPolicy.owmFreePlan());
      Duration aqicnBound = lowerBound(cities.size(), ProviderPolicy.aqicn());
      Duration bound = owmBound.compareTo(aqicnBound) >= 0 ? owmBound : aqicnBound;
      double ratio = wall.toMillis() / (double) bound.toMillis();
      out.printf("outcomes: %d ok of %d calls (%s)%n", summary.count(Outcome.OK), summary.fetched(),
          summary.sources().values().stream().map(s -> s.outcomes().toString()).toList());
      out.printf("lower bound: %.2f s (OWM %d calls: %.2f s; AQICN %d calls: %.2f s)%n", bound.toMillis() / 1000.0,
          2 * cities.size(), owmBound.toMillis() / 1000.0, cities.size(), aqicnBound.toMillis() / 1000.0);
      out.printf("wall time:   %.2f s%n", wall.toMillis() / 1000.0);
      out.printf("ratio:       %.3f (goal <= 1.2)%n", ratio);
      return 0;
    }
  }

  /**
   * The least time {@code calls} calls can take under a policy: no more than L calls may start in any window W,
   * so call k (0-based) cannot start before floor(k / L) × W; at most C calls are in flight, so the calls take at
   * least ceil(n / C) latencies back to back; and the last call still takes one latency to answer.
   */
  static Duration lowerBound(long calls, ProviderPolicy policy) {
    Duration byRate = Duration.ZERO;
    if (policy.rateLimited() && calls > 0) {
      byRate = policy.window().multipliedBy((calls - 1) / policy.maxCallsPerWindow()).plus(MIN_LATENCY);
    }
    Duration byConcurrency = MIN_LATENCY.multipliedBy((calls + policy.maxConcurrentCalls() - 1) / policy.maxConcurrentCalls());
    return byRate.compareTo(byConcurrency) >= 0 ? byRate : byConcurrency;
  }

  static List<City> benchCities(int count) {
    List<City> reference = CityReference.loadDefault().cities();
    List<City> cities = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      City c = reference.get(i % reference.size());
      int copy = i / reference.size();
      if (copy == 0) {
        cities.add(c);
        continue;
      }
      double shift = 0.01 * copy;
      cities.add(new City(c.id() + "-" + (copy + 1), c.name() + " " + (copy + 1), c.inseeCode(), c.departementCode(),
          c.departementName(), c.latitude() + shift, c.longitude() + shift, c.timeZone(), c.aqicnStation(),
          "geo:" + (c.latitude() + shift) + ";" + (c.longitude() + shift), c.ibmnThreshold(), c.ibmxThreshold(),
          c.thresholdsVerified()));
    }
    return cities;
  }
}
