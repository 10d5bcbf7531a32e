package fr.goodair.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.ingestion.bronze.Outcome;
import fr.goodair.ingestion.bronze.Sha256;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.simulator.ApiSimulator;
import fr.goodair.ingestion.simulator.SimulatorConfig;
import fr.goodair.ingestion.source.Source;
import fr.goodair.ingestion.store.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Months of simulated bronze in minutes, for benchmarks: the simulator's own answers (same models and formats as
 * over HTTP) wrapped in envelopes and written one object per (source, hour) as ingestion lays them out. Only
 * what differs from a real capture: no HTTP round trip, so latency is 0 and the request URL is a placeholder.
 */
public final class SimulatedHistory {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter RUN = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
      .withZone(ZoneOffset.UTC);

  private SimulatedHistory() {}

  /** Writes hours [from, to) for every city and source; returns the number of envelopes. */
  public static long write(S3ObjectStore store, List<City> cities, Instant from, Instant to, long seed, int threads) {
    AtomicLong envelopes = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (ApiSimulator simulator = ApiSimulator.start(SimulatorConfig.of(cities, seed))) {
      List<Future<?>> pending = new ArrayList<>();
      for (Instant hour = from; hour.isBefore(to); hour = hour.plus(1, ChronoUnit.HOURS)) {
        Instant h = hour;
        pending.add(pool.submit(() -> {
          for (Source source : Source.values()) {
            StringBuilder object = new StringBuilder();
            for (City city : cities) {
              object.append(envelope(simulator, source, city, h)).append('\n');
            }
            store.put(BronzeLayout.objectKey(source, h, RUN.format(h) + "-history"),
                object.toString().getBytes(StandardCharsets.UTF_8), Map.of());
            envelopes.addAndGet(cities.size());
          }
        }));
      }
      for (Future<?> f : pending) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the simulated history: " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
    return envelopes.get();
  }

  private static String envelope(ApiSimulator simulator, Source source, City city, Instant hour) {
    // A capture a few seconds after the hour, as the hourly job does.
    Instant fetched = hour.plus(Duration.ofSeconds(2 + Math.floorMod(city.id().hashCode(), 20)));
    String body = simulator.answerBody(source, city, fetched);
    // What the adapters send (the OWM answers are in metric units because the request asked for them).
    Map<String, String> params = source == Source.AQICN ? Map.of("token", "REDACTED")
        : Map.of("lat", String.valueOf(city.latitude()), "lon", String.valueOf(city.longitude()), "units", "metric",
            "appid", "REDACTED");
    BronzeEnvelope e = new BronzeEnvelope(BronzeEnvelope.VERSION, RUN.format(hour) + "-history", source.id(),
        city.id(), true, hour.toString(), new BronzeEnvelope.Request("GET", "simulated://" + source.id(), params),
        fetched.toString(), 200, 0, 1, Outcome.OK.id(), null, Sha256.hex(body.getBytes(StandardCharsets.UTF_8)),
        "utf-8", body);
    try {
      return JSON.writeValueAsString(e);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
