package fr.goodair.lake;

import fr.goodair.cli.SimulatedHistory;
import fr.goodair.gold.GoldAlerts;
import fr.goodair.gold.GoldPromotionJob;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.quality.QualityGate;
import fr.goodair.quality.RuleRegistry;
import fr.goodair.quality.alert.AlertManager;
import fr.goodair.silver.SilverPromotionJob;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * One small lake for the tests that only read gold (notebooks, reports, BI assets), built once per test JVM: three
 * cities over three weeks of early summer (long enough for the 14-day baselines of extreme variations and a
 * simulated heat episode), simulated bronze promoted through the real silver and gold jobs, and gold's alerts
 * recorded in {@code quality.alerts} as the pipeline would. Readers must not change it.
 */
public final class SimulatedGoldLake {

  public static final Instant FROM = Instant.parse("2026-06-18T00:00:00Z");
  public static final Instant TO = Instant.parse("2026-07-10T00:00:00Z");
  public static final List<String> CITIES = List.of("paris", "lyon", "marseille");
  /** The gold run and the alerts are evaluated just after the last simulated hour. */
  public static final Clock CLOCK = Clock.fixed(TO.plus(5, ChronoUnit.MINUTES), ZoneOffset.UTC);

  private static LakeLayout lake;

  private SimulatedGoldLake() {}

  public static synchronized LakeLayout get() {
    if (lake == null) {
      var spark = TestLake.spark();
      LakeLayout built = TestLake.newLake();
      Lake.tables(built).forEach(t -> t.ensure(spark));
      List<City> cities = CityReference.loadDefault().cities().stream().filter(c -> CITIES.contains(c.id())).toList();
      try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(built))) {
        SimulatedHistory.write(store, cities, FROM, TO, 42, 2);
      }
      new SilverPromotionJob(spark, built, new QualityGate(spark, RuleRegistry.load(), built), cities,
          new SilverPromotionJob.Options(100_000, 3, false), CLOCK).run();
      new GoldPromotionJob(spark, built, CLOCK).run();
      AlertManager.builder(spark, built).clock(CLOCK).build()
          .evaluate(Set.of(GoldAlerts.EXCEEDANCE, GoldAlerts.EXTREME), GoldAlerts.conditions(spark, CLOCK.instant()));
      lake = built;
    }
    // Another test class may have registered another lake's tables under the same names since.
    Lake.tables(lake).forEach(t -> t.ensure(TestLake.spark()));
    return lake;
  }
}
