package fr.goodair.retention;

import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.reports.GoldReports;
import fr.goodair.serving.SqlServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention policy carried out: every step plans what it would remove at {@code now} (the dry run stops
 * there), then a real run applies exactly those actions, step by step. A real run ends by recording its UTC day in
 * {@code <lake>/retention/last-run}, so that the hourly cycle applies the policy once a day ({@link #dueOn}).
 *
 * <p>Crash and re-run: every action is a rule with its cutoff (rows before it, files before it), so a run killed
 * half-way leaves some actions done and the next plan lists the others again.
 */
public final class RetentionJob {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

  /** What a plan holds: each step's actions, in step order. */
  public record Plan(Instant now, Map<RetentionStep, List<RetentionAction>> byStep) {

    public List<RetentionAction> actions() {
      return byStep.values().stream().flatMap(List::stream).toList();
    }

    public boolean isEmpty() {
      return actions().isEmpty();
    }
  }

  private final List<RetentionStep> steps;
  private final String lakeRoot;
  private final SparkSession spark;

  public RetentionJob(SparkSession spark, LakeLayout lake, List<RetentionStep> steps) {
    this.spark = spark;
    this.lakeRoot = lake.root();
    this.steps = List.copyOf(steps);
  }

  /** The job of an open lake, with the policy its configuration names. */
  public static RetentionJob of(Lake lake) {
    RetentionPolicy policy = RetentionPolicy.load(lake.config());
    return new RetentionJob(lake.spark(), lake.layout(), steps(lake.spark(), lake.layout(), policy,
        GoldReports.localFolder(lake.config()), SqlServer.auditDir(lake.config())));
  }

  /** Every step of the policy, in the order they run: bronze, tables' rows, Delta properties and VACUUM, reports, audit. */
  public static List<RetentionStep> steps(SparkSession spark, LakeLayout lake, RetentionPolicy policy,
      Path localReports, Path auditDir) {
    List<fr.goodair.lake.LakeTable> tables = Lake.tables(lake);
    List<RetentionStep> steps = new ArrayList<>();
    steps.add(new BronzeArchiver(spark, lake, policy.bronze().hotDays(), policy.bronze().archiveYears()));
    steps.add(new RowRetention(spark, policy));
    steps.add(new DeltaProperties(spark, tables, policy));
    steps.add(new DeltaVacuum(spark, tables, policy, java.time.Clock.systemUTC()));
    steps.add(new ReportRetention(lake.reportsRoot(), spark.sparkContext().hadoopConfiguration(), localReports,
        policy));
    steps.add(new AuditRetention(auditDir, policy));
    return steps;
  }

  /** What every step would remove at {@code now}; changes nothing. */
  public Plan plan(Instant now) {
    Map<RetentionStep, List<RetentionAction>> byStep = new LinkedHashMap<>();
    for (RetentionStep step : steps) {
      long started = System.nanoTime();
      try {
        byStep.put(step, List.copyOf(step.plan(now)));
        LOG.info("retention: {} planned {} actions in {} ms", step.getClass().getSimpleName(),
            byStep.get(step).size(), (System.nanoTime() - started) / 1_000_000);
      } catch (IOException e) {
        throw new UncheckedIOException("retention: cannot plan " + step.getClass().getSimpleName() + ": "
            + e.getMessage(), e);
      }
    }
    return new Plan(now, byStep);
  }

  /** Carries out {@code plan} (each step gets its own actions), then records the day. */
  public void apply(Plan plan) {
    long started = System.nanoTime();
    plan.byStep().forEach((step, actions) -> {
      if (actions.isEmpty()) {
        return;
      }
      try {
        step.apply(actions);
      } catch (IOException e) {
        throw new UncheckedIOException("retention: " + step.getClass().getSimpleName() + " failed: "
            + e.getMessage(), e);
      }
      actions.forEach(a -> LOG.info("retention: {} {} {} (before {}): {}", a.zone(), a.action(), a.target(),
          a.before(), a.detail()));
    });
    recordRun(plan);
    LOG.info("retention: {} actions applied in {} ms", plan.actions().size(), (System.nanoTime() - started) / 1_000_000);
  }

  /** Whether no real run was recorded on {@code now}'s UTC day: the hourly cycle then runs the policy. */
  public boolean dueOn(Instant now) {
    return lastRunDay().map(day -> day.isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC))).orElse(true);
  }

  private org.apache.hadoop.fs.Path marker() {
    return new org.apache.hadoop.fs.Path(lakeRoot + "/retention/last-run");
  }

  private Optional<LocalDate> lastRunDay() {
    org.apache.hadoop.fs.Path marker = marker();
    try {
      FileSystem fs = marker.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(marker)) {
        return Optional.empty();
      }
      try (var in = fs.open(marker)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        return Optional.of(LocalDate.parse(text.substring(0, Math.min(10, text.length()))));
      }
    } catch (IOException | java.time.format.DateTimeParseException e) {
      LOG.warn("retention: cannot read {} ({}): the policy runs again", marker, e.toString());
      return Optional.empty();
    }
  }

  /** {@code <UTC day> <now> <actions>}: the day decides the next run; the rest is for people. */
  private void recordRun(Plan plan) {
    org.apache.hadoop.fs.Path marker = marker();
    try {
      FileSystem fs = marker.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(marker, true)) {
        out.write((LocalDate.ofInstant(plan.now(), ZoneOffset.UTC) + " " + plan.now() + " " + plan.actions().size()
            + " actions\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("retention: cannot record the run in " + marker, e);
    }
  }
}
