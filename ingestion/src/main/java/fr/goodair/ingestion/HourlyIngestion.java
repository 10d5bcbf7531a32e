package fr.goodair.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.ingestion.bronze.BronzeWriter;
import fr.goodair.ingestion.bronze.Outcome;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.source.RunContext;
import fr.goodair.ingestion.source.Source;
import fr.goodair.ingestion.source.SourceAdapter;
import fr.goodair.ingestion.store.ObjectStoreUnavailableException;
import fr.goodair.ingestion.store.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hourly capture: every city × source fetched (each source on its own small thread pool, so a slow or
 * throttled provider never holds back the other), one bronze object per source.
 *
 * <p>Re-running an hour completes it rather than duplicating it: the cities a previous run of the same hour
 * already captured with outcome {@code ok} are skipped (unless forced), only the rest is fetched again, into a
 * new run object beside the first. Objects already written are never touched.
 */
public final class HourlyIngestion {

  private static final Logger LOG = LoggerFactory.getLogger(HourlyIngestion.class);

  private final List<City> cities;
  private final List<SourceAdapter> adapters;
  private final BronzeWriter writer;
  private final S3ObjectStore store;
  private final int threadsPerSource;
  private final ObjectMapper json = new ObjectMapper();

  public HourlyIngestion(List<City> cities, List<SourceAdapter> adapters, BronzeWriter writer, S3ObjectStore store,
      int threadsPerSource) {
    this.cities = List.copyOf(cities);
    this.adapters = List.copyOf(adapters);
    this.writer = writer;
    this.store = store;
    this.threadsPerSource = threadsPerSource;
  }

  /** What one run did, per source. */
  public record RunSummary(RunContext run, Map<Source, SourceSummary> sources, BronzeWriter.FlushResult flushed,
      Duration elapsed) {

    public long count(Outcome outcome) {
      return sources.values().stream().mapToLong(s -> s.outcomes().getOrDefault(outcome.id(), 0L)).sum();
    }

    public long fetched() {
      return sources.values().stream().mapToLong(SourceSummary::fetched).sum();
    }

    public long skipped() {
      return sources.values().stream().mapToLong(SourceSummary::alreadyCaptured).sum();
    }

    /** One line for the console, e.g. {@code 2026-01-20T15:00Z  36 fetched (34 ok, 2 failed), 0 already captured}. */
    public String describe() {
      long ok = count(Outcome.OK);
      return run.scheduledFor().toString().replace(":00Z", "Z") + "  " + fetched() + " fetched (" + ok + " ok, "
          + (fetched() - ok) + " failed), " + skipped() + " already captured"
          + (sources.values().stream().anyMatch(s -> s.delivery() == BronzeWriter.Delivery.SPOOLED)
              ? ", store unreachable: kept in the local spool" : "");
    }
  }

  public record SourceSummary(String key, long fetched, long alreadyCaptured, Map<String, Long> outcomes,
      BronzeWriter.Delivery delivery) {}

  /** Captures the hour of {@code run}; {@code force} re-fetches cities already captured for that hour. */
  public RunSummary run(RunContext run, boolean force) {
    Instant started = Instant.now();
    BronzeWriter.FlushResult flushed = flushQuietly();
    Map<Source, List<City>> todo = new EnumMap<>(Source.class);
    Map<Source, Integer> skipped = new EnumMap<>(Source.class);
    for (SourceAdapter adapter : adapters) {
      Set<String> done = force ? Set.of() : capturedCities(adapter.source(), run.scheduledFor());
      List<City> remaining = cities.stream().filter(c -> !done.contains(c.id())).toList();
      todo.put(adapter.source(), remaining);
      skipped.put(adapter.source(), cities.size() - remaining.size());
    }

    Map<SourceAdapter, List<Future<BronzeEnvelope>>> futures = new java.util.LinkedHashMap<>();
    List<ExecutorService> pools = new ArrayList<>();
    try {
      for (SourceAdapter adapter : adapters) {
        ExecutorService pool = Executors.newFixedThreadPool(threadsPerSource,
            daemonThreads("fetch-" + adapter.source().id()));
        pools.add(pool);
        List<Future<BronzeEnvelope>> list = new ArrayList<>();
        for (City city : todo.get(adapter.source())) {
          list.add(pool.submit(() -> fetchGuarded(adapter, city, run)));
        }
        futures.put(adapter, list);
      }
      Map<Source, SourceSummary> summaries = new EnumMap<>(Source.class);
      for (var entry : futures.entrySet()) {
        Source source = entry.getKey().source();
        List<BronzeEnvelope> envelopes = new ArrayList<>();
        for (Future<BronzeEnvelope> future : entry.getValue()) {
          envelopes.add(await(future));
        }
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        envelopes.forEach(e -> outcomes.merge(e.outcome(), 1L, Long::sum));
        if (envelopes.isEmpty()) {
          summaries.put(source, new SourceSummary(null, 0, skipped.get(source), outcomes, null));
          continue;
        }
        BronzeWriter.WriteResult written = writer.write(source, run, envelopes);
        summaries.put(source,
            new SourceSummary(written.key(), envelopes.size(), skipped.get(source), outcomes, written.delivery()));
      }
      RunSummary summary = new RunSummary(run, summaries, flushed, Duration.between(started, Instant.now()));
      LOG.info("run {}: {}", run.runId(), summary.describe());
      return summary;
    } finally {
      pools.forEach(ExecutorService::shutdownNow);
    }
  }

  /**
   * Records an hour that no run captured (the daemon was down or woke up late): one {@code missed} envelope per
   * city and source, so the availability record shows the gap. Nothing is fetched, nothing invented.
   */
  public void recordMissed(RunContext run, String why) {
    String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    for (SourceAdapter adapter : adapters) {
      List<BronzeEnvelope> envelopes = cities.stream().map(city -> new BronzeEnvelope(BronzeEnvelope.VERSION,
          run.runId(), adapter.source().id(), city.id(), run.simulated(), run.scheduledFor().toString(), null, now,
          null, 0, 0, Outcome.MISSED.id(), why, null, null, null)).toList();
      writer.write(adapter.source(), run, envelopes);
    }
    LOG.warn("hour {} recorded as missed: {}", run.scheduledFor(), why);
  }

  /** Cities whose {@code source} was already captured with outcome ok for this hour, by earlier runs. */
  private Set<String> capturedCities(Source source, Instant hour) {
    Set<String> done = new HashSet<>();
    try {
      for (String key : store.list(BronzeLayout.hourPrefix(source, hour))) {
        for (String line : new String(store.get(key), StandardCharsets.UTF_8).split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode envelope = json.readTree(line);
          if (Outcome.OK.id().equals(envelope.path("outcome").asText())) {
            done.add(envelope.path("city_id").asText());
          }
        }
      }
    } catch (ObjectStoreUnavailableException e) {
      LOG.warn("cannot see what earlier runs captured for {} at {} ({}); fetching every city", source.id(), hour,
          e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable bronze object under " + BronzeLayout.hourPrefix(source, hour), e);
    }
    return done;
  }

  private BronzeWriter.FlushResult flushQuietly() {
    BronzeWriter.FlushResult result = writer.flushSpool();
    if (result.stillSpooled() > 0) {
      LOG.warn("{} bronze object(s) still waiting in the local spool: the object store is unreachable",
          result.stillSpooled());
    }
    return result;
  }

  /**
   * Adapters record failures in envelopes and do not throw; should one throw all the same (a bug), the city gets
   * an {@code internal_error} envelope and the other cities go on.
   */
  private static BronzeEnvelope fetchGuarded(SourceAdapter adapter, City city, RunContext run) {
    try {
      return adapter.fetch(city, run);
    } catch (RuntimeException e) {
      LOG.error("adapter {} failed for {}", adapter.source().id(), city.id(), e);
      return new BronzeEnvelope(BronzeEnvelope.VERSION, run.runId(), adapter.source().id(), city.id(),
          run.simulated(), run.scheduledFor().toString(), null,
          Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), null, 0, 0, Outcome.INTERNAL_ERROR.id(),
          e.getClass().getSimpleName() + ": " + e.getMessage(), null, null, null);
    }
  }

  private static BronzeEnvelope await(Future<BronzeEnvelope> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ingestion interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("unexpected failure of a fetch task", e.getCause());
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
