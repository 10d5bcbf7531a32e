package fr.goodair.cli;

import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeTable;
import fr.goodair.quality.QualityGate;
import fr.goodair.silver.SilverPromotionJob;
import fr.goodair.silver.SilverTables;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code goodair bench silver}: what an hourly silver run costs on top of a short and a long history, and how fast
 * silver rebuilds from bronze.
 *
 * <p>Two lakes (buckets of the embedded store) hold simulated bronze for N cities: one day, and one year by
 * default. Their bronze is generated once and kept ({@link SimulatedHistory}); silver is rebuilt from it on every
 * run (timed: envelopes/s), then three further hours are promoted one by one (timed; median). Goals: hourly cost
 * on a year ≤ 1.3 × on a day; rebuild ≥ 10,000 envelopes/s.
 */
final class SilverBenchmark {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final int INCREMENTS = 3;
  private static final long SEED = 42;

  private final int cityCount;
  private final int historyDays;

  SilverBenchmark(int cityCount, int historyDays) {
    if (cityCount < 1 || historyDays < 2) {
      throw new IllegalArgumentException("bench silver needs --cities ≥ 1 and --history-days ≥ 2");
    }
    this.cityCount = cityCount;
    this.historyDays = historyDays;
  }

  record Figures(long envelopes, Duration rebuild, Duration medianIncrement) {
    double envelopesPerSecond() {
      return envelopes / (rebuild.toMillis() / 1000.0);
    }
  }

  int run(PrintStream out) {
    GoodairConfig config = GoodairConfig.load(null);
    List<City> cities = IngestBenchmark.benchCities(cityCount);
    out.printf("bench silver: %d cities x 3 sources; history of 1 day and %d days; %d timed hourly increments%n",
        cityCount, historyDays, INCREMENTS);
    Figures day = measure(config, "goodair-bench-1d", 1, cities, out);
    Figures year = measure(config, "goodair-bench-" + historyDays + "d", historyDays, cities, out);
    double ratio = seconds(year.medianIncrement()) / seconds(day.medianIncrement());
    out.printf("%nhourly increment: %.2f s on 1 day, %.2f s on %d days: ratio %.2f (goal ≤ 1.3)%n",
        seconds(day.medianIncrement()), seconds(year.medianIncrement()), historyDays, ratio);
    out.printf("full rebuild of %d days: %,d envelopes in %.1f s = %,.0f envelopes/s (goal ≥ 10,000)%n", historyDays,
        year.envelopes(), seconds(year.rebuild()), year.envelopesPerSecond());
    return 0;
  }

  private Figures measure(GoodairConfig config, String bucket, int days, List<City> cities, PrintStream out) {
    Instant end = START.plus(days, ChronoUnit.DAYS);
    try (Lake lake = Lake.open(config.with(Map.of("lake.root", "s3a://" + bucket)), "goodair-bench-silver")) {
      try (S3ObjectStore store = lake.store().bucket(bucket)) {
        String marker = "bench/history-" + cityCount + "-cities-" + days + "-days-seed-" + SEED;
        if (store.head(marker).isEmpty()) {
          out.printf("  %s: generating %d days of bronze (once; kept for later runs)...%n", bucket, days);
          Instant t0 = Instant.now();
          long written = SimulatedHistory.write(store, cities, START, end, SEED, 8);
          store.put(marker, "complete".getBytes(StandardCharsets.UTF_8), Map.of());
          out.printf("  %s: %,d envelopes written in %.0f s%n", bucket, written,
              seconds(Duration.between(t0, Instant.now())));
        }

        reset(lake, store, end);
        SilverPromotionJob.Options rebuildOptions = new SilverPromotionJob.Options(Integer.MAX_VALUE, 3, true);
        Instant t0 = Instant.now();
        List<SilverPromotionJob.BatchReport> rebuilt = job(lake, rebuildOptions, cities).run();
        Duration rebuild = Duration.between(t0, Instant.now());
        long envelopes = rebuilt.stream().mapToLong(SilverPromotionJob.BatchReport::envelopes).sum();
        out.printf("  %s: rebuild %,d envelopes in %.1f s%n", bucket, envelopes, seconds(rebuild));

        List<Duration> increments = new ArrayList<>();
        for (int i = 0; i < INCREMENTS; i++) {
          Instant hour = end.plus(i, ChronoUnit.HOURS);
          SimulatedHistory.write(store, cities, hour, hour.plus(1, ChronoUnit.HOURS), SEED, 3);
          Instant t1 = Instant.now();
          List<SilverPromotionJob.BatchReport> reports = job(lake, SilverPromotionJob.Options.from(lake.config()), cities).run();
          increments.add(Duration.between(t1, Instant.now()));
          out.printf("  %s: increment %s: %s in %.2f s%n", bucket, hour,
              reports.isEmpty() ? "nothing" : reports.get(0).envelopes() + " envelopes", seconds(increments.get(i)));
        }
        increments.sort(Duration::compareTo);
        return new Figures(envelopes, rebuild, increments.get(INCREMENTS / 2));
      }
    }
  }

  private static SilverPromotionJob job(Lake lake, SilverPromotionJob.Options options, List<City> cities) {
    QualityGate gate = lake.qualityGate();
    return new SilverPromotionJob(lake.spark(), lake.layout(), gate, cities, options, Clock.systemUTC());
  }

  /**
   * Drops silver and quality (tables and files) and the increment hours a previous run added to bronze: the
   * rebuild starts from the generated history alone.
   */
  private static void reset(Lake lake, S3ObjectStore store, Instant end) {
    for (int i = 0; i < INCREMENTS; i++) {
      Instant hour = end.plus(i, ChronoUnit.HOURS);
      for (fr.goodair.ingestion.source.Source source : fr.goodair.ingestion.source.Source.values()) {
        store.deleteTree(fr.goodair.ingestion.bronze.BronzeLayout.hourPrefix(source, hour));
      }
    }
    for (LakeTable table : SilverTables.all(lake.layout())) {
      lake.spark().sql("DROP TABLE IF EXISTS " + table.name());
    }
    lake.spark().sql("DROP DATABASE IF EXISTS quality CASCADE");
    store.deleteTree("silver/");
    store.deleteTree("quality/");
    lake.resetQualityGate();
    SilverTables.all(lake.layout()).forEach(t -> t.ensure(lake.spark()));
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
