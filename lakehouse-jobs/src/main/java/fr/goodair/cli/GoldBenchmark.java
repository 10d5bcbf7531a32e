package fr.goodair.cli;

import fr.goodair.gold.GoldPromotionJob;
import fr.goodair.gold.GoldTables;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeTable;
import fr.goodair.silver.SilverPromotionJob;
import fr.goodair.silver.SilverTables;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code goodair bench gold}: what an hourly gold run costs on top of 1 day, 1 year and 3 years of history, and
 * how long a full gold rebuild of the year takes.
 *
 * <p>Each history is a lake of its own (a bucket of the embedded store) with simulated bronze for N cities,
 * promoted to silver once and kept (generating and promoting three years takes about ten minutes). Each run
 * rebuilds gold (timed), then captures and promotes three new hours one by one, timing only the gold run of
 * each (median). The clock of those runs stays on the rebuild's UTC day, so they are ordinary hourly runs; one
 * more run a day later shows the cost of the daily refresh of the history-wide aggregates.
 */
final class GoldBenchmark {

  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final int INCREMENTS = 3;
  private static final long SEED = 42;

  private final int cityCount;
  private final List<Integer> histories;

  GoldBenchmark(int cityCount, List<Integer> histories) {
    if (cityCount < 1 || histories.isEmpty() || histories.stream().anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("bench gold needs --cities ≥ 1 and --histories of 1 day or more");
    }
    this.cityCount = cityCount;
    this.histories = List.copyOf(histories);
  }

  record Figures(int days, Duration rebuild, Duration medianIncrement, Duration dailyRefresh) {}

  int run(PrintStream out) {
    GoodairConfig config = GoodairConfig.load(null);
    List<City> cities = IngestBenchmark.benchCities(cityCount);
    out.printf("bench gold: %d cities; histories of %s days; %d timed hourly increments each%n",
        cityCount, histories, INCREMENTS);
    List<Figures> figures = new ArrayList<>();
    for (int days : histories) {
      figures.add(measure(config, days, cities, out));
    }
    Figures reference = figures.get(0);
    Figures longest = figures.get(figures.size() - 1);
    out.println();
    for (Figures f : figures) {
      out.printf("history %4d days: gold rebuild %6.1f s; hourly increment %5.2f s (ratio to %d days %.2f); "
              + "first run of a new day (climatology, correlations) %5.1f s%n", f.days(),
          seconds(f.rebuild()), seconds(f.medianIncrement()), reference.days(),
          seconds(f.medianIncrement()) / seconds(reference.medianIncrement()), seconds(f.dailyRefresh()));
    }
    out.printf("ratio %d days / %d days: %.2f (goal for 1095 / 1: ≤ 1.3)%n", longest.days(), reference.days(),
        seconds(longest.medianIncrement()) / seconds(reference.medianIncrement()));
    return 0;
  }

  private Figures measure(GoodairConfig config, int days, List<City> cities, PrintStream out) {
    String bucket = bucket(days);
    try (Lake lake = Lake.open(config.with(Map.of("lake.root", "s3a://" + bucket)), "goodair-bench-gold");
        S3ObjectStore store = lake.store().bucket(bucket)) {
      ensureSilver(lake, store, cities, days, out);
      // Earlier runs added hours after the history: continue after the newest one.
      Instant next = newestPromotedHour(lake).plus(1, ChronoUnit.HOURS);
      Instant today = next.truncatedTo(ChronoUnit.DAYS).plus(23, ChronoUnit.HOURS);

      dropGold(lake, store);
      Instant t0 = Instant.now();
      GoldPromotionJob.Report rebuilt = gold(lake, today);
      Duration rebuild = Duration.between(t0, Instant.now());
      out.printf("  %s: gold rebuild (%d city-days) in %.1f s%n", bucket, rebuilt.days(), seconds(rebuild));

      List<Duration> increments = new ArrayList<>();
      for (int i = 0; i < INCREMENTS; i++) {
        Instant hour = next.plus(i, ChronoUnit.HOURS);
        SimulatedHistory.write(store, cities, hour, hour.plus(1, ChronoUnit.HOURS), SEED, 3);
        silver(lake, cities, false);
        Instant t1 = Instant.now();
        GoldPromotionJob.Report r = gold(lake, today);
        increments.add(Duration.between(t1, Instant.now()));
        out.printf("  %s: increment %s: %d city-days in %.2f s%n", bucket, hour, r.days(), seconds(increments.get(i)));
      }
      Instant hour = next.plus(INCREMENTS, ChronoUnit.HOURS);
      SimulatedHistory.write(store, cities, hour, hour.plus(1, ChronoUnit.HOURS), SEED, 3);
      silver(lake, cities, false);
      Instant t2 = Instant.now();
      gold(lake, today.plus(1, ChronoUnit.DAYS));
      Duration daily = Duration.between(t2, Instant.now());
      out.printf("  %s: increment %s, first of a new day: %.2f s%n", bucket, hour, seconds(daily));
      increments.sort(Duration::compareTo);
      return new Figures(days, rebuild, increments.get(INCREMENTS / 2), daily);
    }
  }

  /** The bucket of a history of {@code days}, e.g. {@code goodair-bench-gold-365d}. */
  static String bucket(int days) {
    return "goodair-bench-gold-" + days + "d";
  }

  /** Simulated bronze of {@code days} days for the cities, promoted to silver, the first time only. */
  static void ensureSilver(Lake lake, S3ObjectStore store, List<City> cities, int days, PrintStream out) {
    String marker = "bench/silver-" + cities.size() + "-cities-" + days + "-days-seed-" + SEED;
    if (store.head(marker).isEmpty()) {
      out.printf("  %s: generating %d days of bronze and promoting them to silver (once; kept)...%n", bucket(days),
          days);
      Instant t0 = Instant.now();
      SimulatedHistory.write(store, cities, START, START.plus(days, ChronoUnit.DAYS), SEED, 8);
      silver(lake, cities, true);
      store.put(marker, "complete".getBytes(StandardCharsets.UTF_8), Map.of());
      out.printf("  %s: silver ready in %.0f s%n", bucket(days), seconds(Duration.between(t0, Instant.now())));
    }
  }

  private static void silver(Lake lake, List<City> cities, boolean rebuild) {
    SilverPromotionJob.Options options = rebuild ? new SilverPromotionJob.Options(Integer.MAX_VALUE, 3, true)
        : SilverPromotionJob.Options.from(lake.config());
    new SilverPromotionJob(lake.spark(), lake.layout(), lake.qualityGate(), cities, options, Clock.systemUTC()).run();
  }

  private static GoldPromotionJob.Report gold(Lake lake, Instant now) {
    return new GoldPromotionJob(lake.spark(), lake.layout(), Clock.fixed(now, ZoneOffset.UTC)).run();
  }

  /** The newest captured hour in silver (the capture's hour: OWM observation times can fall in the hour before). */
  private static Instant newestPromotedHour(Lake lake) {
    return lake.spark().sql("SELECT max(scheduled_for) FROM " + SilverTables.INGESTION_LOG).first().getInstant(0);
  }

  private static void dropGold(Lake lake, S3ObjectStore store) {
    for (LakeTable table : GoldTables.all(lake.layout())) {
      lake.spark().sql("DROP TABLE IF EXISTS " + table.name());
    }
    store.deleteTree("gold/");
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
