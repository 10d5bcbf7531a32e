package fr.goodair.pipeline;

import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.gold.GoldAlerts;
import fr.goodair.gold.GoldPromotionJob;
import fr.goodair.lake.Lake;
import fr.goodair.maintenance.TableMaintenance;
import fr.goodair.quality.Level;
import fr.goodair.quality.QualitySummary;
import fr.goodair.quality.RuleResult;
import fr.goodair.quality.alert.AlertCondition;
import fr.goodair.quality.alert.AlertConditions;
import fr.goodair.quality.alert.AlertEpisode;
import fr.goodair.quality.alert.AlertEvaluation;
import fr.goodair.quality.alert.AlertManager;
import fr.goodair.quality.alert.AlertSettings;
import fr.goodair.reports.GoldReports;
import fr.goodair.retention.RetentionJob;
import fr.goodair.silver.SilverPromotionJob;
import fr.goodair.silver.SilverTables;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The steps after capture, with their alerts: silver promotion, gold promotion, the HTML reports, the scheduled
 * quality checks, the tables' maintenance and the retention policy. Each step
 * reports on the problems it owns, so an evaluation never closes an episode another step opened:
 * <ul>
 *   <li>a job owns {@code job/<name>} (kind {@code job_failure}): failure opens it, the next success closes it;</li>
 *   <li>silver promotion owns {@code silver/held-back} (kind {@code held_back});</li>
 *   <li>the checks own the kinds {@code quality}, {@code freshness} and {@code error_rate};</li>
 *   <li>gold promotion owns the kinds {@code threshold_exceedance} and {@code extreme_variation}.</li>
 * </ul>
 */
public final class Pipeline {

  public static final String HELD_BACK = "held_back";
  /** Whole-table checks of {@code ./goodair check}: what is read, by table name. */
  static final List<String> CHECKED_TABLES = List.of(SilverTables.AIR_QUALITY, SilverTables.CONCENTRATION,
      SilverTables.WEATHER, SilverTables.FORECAST, SilverTables.INGESTION_LOG, SilverTables.DIM_STATION);

  private final Lake lake;
  private final AlertManager alerts;
  private final PrintStream out;
  private final Clock clock;

  private Pipeline(Lake lake, AlertManager alerts, PrintStream out, Clock clock) {
    this.lake = lake;
    this.alerts = alerts;
    this.out = out;
    this.clock = clock;
  }

  public static Pipeline open(Lake lake, PrintStream out) {
    Clock clock = Clock.systemUTC();
    AlertManager alerts = AlertManager.builder(lake.spark(), lake.layout())
        .settings(AlertSettings.from(lake.config())).clock(clock).build();
    return new Pipeline(lake, alerts, out, clock);
  }

  /** Bronze → silver; a failure raises {@code job/silver} (and is rethrown), a held-back batch {@code silver/held-back}. */
  public List<SilverPromotionJob.BatchReport> promoteSilver(boolean fullScan) {
    List<City> cities = CityReference.fromConfig(lake.config()).cities();
    SilverPromotionJob.Options options = SilverPromotionJob.Options.from(lake.config());
    SilverPromotionJob job = new SilverPromotionJob(lake.spark(), lake.layout(), lake.qualityGate(), cities,
        fullScan ? options.withFullScan() : options, clock);
    List<SilverPromotionJob.BatchReport> reports = guarded("silver", job::run);
    if (reports.isEmpty()) {
      out.println("silver: nothing new in bronze");
    }
    reports.forEach(r -> out.println("silver batch " + SilverPromotionJob.describe(r)));
    List<AlertCondition> heldBack = new ArrayList<>();
    reports.stream().filter(SilverPromotionJob.BatchReport::heldBack).findFirst().ifPresent(r -> {
      List<RuleResult> failed = r.results().stream().filter(RuleResult::failedAtError).toList();
      StringBuilder detail = new StringBuilder("Batch " + r.batchId() + " (" + r.objects()
          + " bronze objects) was not promoted; its objects stay pending in bronze and the next run after a fix "
          + "promotes them.\n");
      failed.forEach(f -> detail.append(f.table()).append(' ').append(f.rule()).append(": ").append(f.message())
          .append('\n'));
      heldBack.add(new AlertCondition("silver/held-back", HELD_BACK, Level.ERROR,
          "Silver promotion held back by " + failed.size() + " failed rule(s): "
              + String.join(", ", failed.stream().map(RuleResult::rule).distinct().toList()),
          detail.toString().strip()));
    });
    report(HELD_BACK, key -> key.equals("silver/held-back"), heldBack);
    return reports;
  }

  /** Silver → gold; a failure raises {@code job/gold}; then gold's exceedance and extreme-variation alerts. */
  public GoldPromotionJob.Report promoteGold() {
    GoldPromotionJob job = new GoldPromotionJob(lake.spark(), lake.layout(), clock);
    GoldPromotionJob.Report report = guarded("gold", job::run);
    out.println(report.nothingNew() ? "gold: nothing new in silver" : "gold " + GoldPromotionJob.describe(report));
    List<AlertCondition> conditions = GoldAlerts.conditions(lake.spark(), clock.instant());
    for (String kind : List.of(GoldAlerts.EXCEEDANCE, GoldAlerts.EXTREME)) {
      report(kind, key -> true, conditions.stream().filter(c -> c.kind().equals(kind)).toList());
    }
    return report;
  }

  /**
   * The HTML reports (indicators, extreme variations and alerts, correlations) from gold, into the lake's reports
   * zone and {@code reports.local-dir}. A failure raises {@code job/report} and is printed, not thrown: the
   * reports derive from tables already written, so the cycle goes on without them.
   */
  public Optional<GoldReports.Written> report() {
    try {
      GoldReports.Written written = guarded("report", () -> GoldReports.of(lake, clock).write());
      out.println("reports: " + written.describe());
      return Optional.of(written);
    } catch (RuntimeException e) {
      out.println("reports: not written: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Compacts the silver and gold tables that reached {@code maintenance.max-files} (default 32) files, then applies
   * the retention policy once per UTC day ({@link #retain}).
   */
  public List<String> maintain() {
    int maxFiles = lake.config().integer("maintenance.max-files", 32);
    List<String> compacted = guarded("maintenance",
        () -> new TableMaintenance(lake.spark(), maxFiles).run(Lake.tables(lake.layout())));
    if (!compacted.isEmpty()) {
      out.println("maintenance: compacted " + String.join(", ", compacted));
    }
    retain();
    return compacted;
  }

  /**
   * The retention policy, by the first cycle of each UTC day (a real run records its day in the lake). A failure
   * raises {@code job/retention} and is printed, not thrown: what is kept a day longer is kept, nothing is lost.
   */
  public Optional<RetentionJob.Plan> retain() {
    try {
      return guarded("retention", () -> {
        RetentionJob job = RetentionJob.of(lake);
        Instant now = clock.instant();
        if (!job.dueOn(now)) {
          return Optional.<RetentionJob.Plan>empty();
        }
        RetentionJob.Plan plan = job.plan(now);
        job.apply(plan);
        if (!plan.isEmpty()) {
          // One line: the actions themselves are in the log (and in ./goodair retention --dry-run beforehand).
          Map<String, Long> byAction = new java.util.TreeMap<>(plan.actions().stream().collect(
              java.util.stream.Collectors.groupingBy(a -> a.action(), java.util.stream.Collectors.counting())));
          out.println("retention: applied " + byAction.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
              .collect(java.util.stream.Collectors.joining(", ")));
        }
        return Optional.of(plan);
      });
    } catch (RuntimeException e) {
      out.println("retention: not applied: " + e.getMessage());
      return Optional.empty();
    }
  }

  /** Whole-table checks at {@code now} (freshness, error rate, completeness, row-count anomaly), then alerts. */
  public List<RuleResult> check(Instant now) {
    List<RuleResult> results = guarded("check", () -> {
      Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
      CHECKED_TABLES.forEach(t -> tables.put(t, lake.spark().table(t)));
      return lake.qualityGate().checkTables(tables, now);
    });
    List<AlertCondition> failing = AlertConditions.fromRuleResults(results);
    report(AlertConditions.QUALITY, key -> true, failing.stream()
        .filter(c -> c.kind().equals(AlertConditions.QUALITY)).toList());
    report(AlertConditions.FRESHNESS, key -> true, failing.stream()
        .filter(c -> c.kind().equals(AlertConditions.FRESHNESS)).toList());
    report(AlertConditions.ERROR_RATE, key -> true, failing.stream()
        .filter(c -> c.kind().equals(AlertConditions.ERROR_RATE)).toList());
    return results;
  }

  /** {@link #check} then the quality summary printed: what {@code ./goodair check} and {@code run} show. */
  public List<RuleResult> checkAndSummarize(Instant now) {
    List<RuleResult> results = check(now);
    out.print(QualitySummary.load(lake.spark(), lake.layout()).text());
    return results;
  }

  public List<AlertEpisode> openAlerts() {
    return alerts.openEpisodes();
  }

  /** Runs a step; its failure opens {@code job/<name>} and is rethrown, its success closes it. */
  public <T> T guarded(String job, Supplier<T> step) {
    T result;
    try {
      result = step.get();
    } catch (RuntimeException e) {
      jobFailed(job, e);
      throw e;
    }
    jobSucceeded(job);
    return result;
  }

  public void jobFailed(String job, RuntimeException e) {
    report(AlertConditions.JOB_FAILURE, key -> key.equals("job/" + job), List.of(AlertConditions.jobFailure(job, e)));
  }

  public void jobSucceeded(String job) {
    report(AlertConditions.JOB_FAILURE, key -> key.equals("job/" + job), List.of());
  }

  /**
   * Evaluates {@code kind} with {@code active} for the keys this step owns; open episodes of that kind it does
   * not own are carried over unchanged, so they are neither closed nor notified again.
   */
  private void report(String kind, java.util.function.Predicate<String> owns, List<AlertCondition> active) {
    List<AlertCondition> conditions = new ArrayList<>(active);
    for (AlertEpisode open : alerts.openEpisodes()) {
      if (open.kind().equals(kind) && !owns.test(open.key())) {
        conditions.add(new AlertCondition(open.key(), open.kind(), open.severity(), open.summary(), open.detail()));
      }
    }
    AlertEvaluation evaluation = alerts.evaluate(Set.of(kind), conditions);
    if (evaluation.notified()) {
      out.println("alerts: " + evaluation.digest().headline());
    }
  }
}
