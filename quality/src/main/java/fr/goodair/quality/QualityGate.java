package fr.goodair.quality;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.checks.Check;
import fr.goodair.lake.LakeLayout;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality gate of the silver promotion: rules come from a {@link RuleRegistry}, verdicts and measurements go to
 * the Delta table {@code quality.metrics} under the given lake. Deequ does the measuring; this class keeps its Scala
 * API out of the callers' way.
 *
 * <p>How the silver job uses it, per table and batch:
 * <pre>{@code
 * QualityGate gate = new QualityGate(spark, RuleRegistry.load(), lake);
 * try (RowSplit split = gate.splitRows("silver.weather_observation", candidates)) {
 *   BatchVerdict verdict = gate.verifyBatch("silver.weather_observation", split, new BatchKey(runId, hour));
 *   if (verdict.holdsBack()) {
 *     // leave the bronze objects unprocessed, alert with verdict.describe()
 *   } else {
 *     // MERGE split.accepted() into silver, append split.rejected() to quarantine
 *   }
 * }
 * }</pre>
 * and on a schedule: {@code gate.checkTables(Map.of("silver.weather_observation", spark.table(...)), now)}.
 */
public final class QualityGate {

  /** Column of {@link RowSplit#rejected()} naming the failed rule. */
  public static final String RULE_COLUMN = "rule";

  /** Column of {@link RowSplit#rejected()} explaining the failure for this row. */
  public static final String DETAIL_COLUMN = "detail";

  private static final Logger LOG = LoggerFactory.getLogger(QualityGate.class);
  private static final String RULE_FLAG_PREFIX = "_dq_rule_";
  private static final String FAILURES = "_dq_failures";

  private final SparkSession spark;
  private final RuleRegistry registry;
  private final MetricsStore store;
  private final Clock clock;
  /** Records waiting for one commit while a {@link #metricsInOneCommit()} scope is open; null otherwise. */
  private List<MetricRecord> deferred;

  /** A gate recording under {@code lake} ({@code <root>/quality/metrics}), created if missing. */
  public QualityGate(SparkSession spark, RuleRegistry registry, LakeLayout lake) {
    this(spark, registry, lake, Clock.systemUTC());
  }

  /** Same, with the clock that stamps batch verifications (tests pin it). */
  public QualityGate(SparkSession spark, RuleRegistry registry, LakeLayout lake, Clock clock) {
    this.spark = spark;
    this.registry = registry;
    this.clock = clock;
    this.store = new MetricsStore(spark, lake);
  }

  public RuleRegistry registry() {
    return registry;
  }

  /** Quality's tables under a lake root: the metrics history and the alert episodes. */
  public static java.util.List<fr.goodair.lake.LakeTable> tables(LakeLayout lake) {
    return java.util.List.of(MetricsStore.table(lake), fr.goodair.quality.alert.AlertsTable.definition(lake));
  }

  /**
   * Until the returned scope is closed, the results this gate records wait and then go to {@code quality.metrics}
   * in one Delta commit: a promotion verifying six tables commits once, not six times.
   * <pre>{@code
   * try (QualityGate.MetricsCommit commit = gate.metricsInOneCommit()) {
   *   gate.verifyBatch(...); gate.verifyBatch(...);
   * }
   * }</pre>
   */
  public MetricsCommit metricsInOneCommit() {
    if (deferred != null) {
      throw new IllegalStateException("a metrics commit is already open");
    }
    deferred = new ArrayList<>();
    return new MetricsCommit();
  }

  /** See {@link #metricsInOneCommit()}. */
  public final class MetricsCommit implements AutoCloseable {

    private MetricsCommit() {}

    @Override
    public void close() {
      List<MetricRecord> records = deferred;
      deferred = null;
      store.append(records);
    }
  }

  private void record(List<MetricRecord> records) {
    if (deferred != null) {
      deferred.addAll(records);
    } else {
      store.append(records);
    }
  }

  /**
   * Splits candidate rows by the table's row-level rules. One Deequ verification run (one check per rule, one scan of
   * the candidates) measures each rule's compliance, which gives its rejected count; when every rule passes on every
   * row, as in most batches, that scan is all: {@link RowSplit#accepted()} is the candidates themselves. Otherwise
   * Deequ's row-level results give one boolean per rule and row; the rows marked with their failing rules are cached
   * for the split's lifetime, so reading both views and verifying the batch evaluate no rule again. Close the split
   * when done. The candidates are read again by whoever reads the accepted rows: cache them first when they are
   * expensive to recompute.
   *
   * @throws IllegalArgumentException when a rule names a column the candidates lack, or its SQL cannot run on them
   */
  public RowSplit splitRows(String table, Dataset<Row> candidates) {
    TableRules rules = registry.rules(table);
    List<Rule.RowRule> rowRules = rules.rowLevel();
    requireColumns(rules, rowRules, candidates);
    return split(table, rowRules, candidates);
  }

  private RowSplit split(String table, List<Rule.RowRule> rowRules, Dataset<Row> input) {
    Column[] original = Arrays.stream(input.columns()).map(name -> col(Rule.quote(name))).toArray(Column[]::new);
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < rowRules.size(); i++) {
      checks.add(DeequChecks.rowCheck(rowRules.get(i), RULE_FLAG_PREFIX + i));
    }
    long started = System.nanoTime();
    // Pass 1: Deequ's run. Each rule's compliance (the share of rows passing) times the row count is its count of
    // passing rows, exactly: the counts are far below the 2^53 a double holds without rounding.
    VerificationResult result = DeequChecks.run(input, checks);
    long candidateRows = DeequChecks.size(result);
    // No rejected row: an empty dataset of the rejected view's columns, which reading never evaluates the input for.
    Dataset<Row> noRejection = spark.createDataFrame(List.of(), input.schema()
        .add(RULE_COLUMN, DataTypes.StringType).add(DETAIL_COLUMN, DataTypes.StringType));
    if (candidateRows == 0) {
      // Deequ measures nothing on no rows (empty states, no row-level columns): nothing to reject either.
      Map<String, Long> zeros = new LinkedHashMap<>();
      rowRules.forEach(rule -> zeros.put(rule.name(), 0L));
      return new RowSplit(input, noRejection, 0, 0, zeros, () -> { });
    }
    Map<String, Long> measured = new LinkedHashMap<>();
    for (int i = 0; i < rowRules.size(); i++) {
      DeequChecks.Outcome outcome = DeequChecks.outcome(result, checks.get(i));
      if (outcome.value().isEmpty()) {
        // Deequ could not evaluate the rule (e.g. an unknown column in its SQL).
        throw new IllegalArgumentException(table + " rule '" + rowRules.get(i).name() + "' cannot run on these rows: "
            + outcome.message());
      }
      measured.put(rowRules.get(i).name(), candidateRows - Math.round(outcome.value().get() * candidateRows));
    }
    if (measured.values().stream().allMatch(rejected -> rejected == 0)) {
      LOG.info("{}: {} candidate rows, 0 rejected ({} ms)", table, candidateRows,
          (System.nanoTime() - started) / 1_000_000);
      return new RowSplit(input, noRejection, candidateRows, 0, measured, () -> { });
    }
    Dataset<Row> flagged = VerificationResult.rowLevelResultsAsDataFrame(spark, result, input);
    Set<String> flags = Set.of(flagged.columns());
    List<Column> failures = new ArrayList<>();
    for (int i = 0; i < rowRules.size(); i++) {
      Rule.RowRule rule = rowRules.get(i);
      if (!flags.contains(RULE_FLAG_PREFIX + i)) {
        // Deequ leaves the column out when it could not evaluate the rule (e.g. an unknown column in SQL).
        throw new IllegalArgumentException(table + " rule '" + rule.name() + "' cannot run on these rows: "
            + DeequChecks.outcome(result, checks.get(i)).message());
      }
      Column failed = not(coalesce(col(RULE_FLAG_PREFIX + i), lit(false)));
      failures.add(when(failed, struct(lit(rule.name()).as(RULE_COLUMN), expr(rule.detail()).as(DETAIL_COLUMN))));
    }
    Column failureList = failures.isEmpty()
        ? array().cast("array<struct<" + RULE_COLUMN + ":string," + DETAIL_COLUMN + ":string>>")
        : array_compact(array(failures.toArray(Column[]::new)));
    // Pass 2: each row with the list of rules it fails, cached so that the counts, the accepted rows, the
    // quarantine and the batch verification all read it without evaluating a rule again.
    Dataset<Row> marked = flagged.select(concat(original, failureList.as(FAILURES)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Column> counts = new ArrayList<>();
      counts.add(sum(when(size(col(FAILURES)).gt(0), 1L).otherwise(0L)));
      for (Rule.RowRule rule : rowRules) {
        counts.add(sum(when(array_contains(col(FAILURES + "." + RULE_COLUMN), rule.name()), 1L).otherwise(0L)));
      }
      Row totals = marked.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
      long rejectedRows = totals.isNullAt(0) ? 0 : totals.getLong(0);
      Map<String, Long> byRule = new LinkedHashMap<>();
      for (int i = 0; i < rowRules.size(); i++) {
        byRule.put(rowRules.get(i).name(), totals.isNullAt(i + 1) ? 0 : totals.getLong(i + 1));
      }

      Dataset<Row> accepted = marked.where(size(col(FAILURES)).equalTo(0)).select(original);
      Dataset<Row> rejected = marked.where(size(col(FAILURES)).gt(0))
          .select(concat(original, explode(col(FAILURES)).as("_dq_failure")))
          .select(concat(original, col("_dq_failure." + RULE_COLUMN).as(RULE_COLUMN),
              col("_dq_failure." + DETAIL_COLUMN).as(DETAIL_COLUMN)));
      LOG.info("{}: {} candidate rows, {} rejected{} ({} ms)", table, candidateRows, rejectedRows,
          rejectedRows == 0 ? "" : " (" + byRule.entrySet().stream().filter(e -> e.getValue() > 0)
              .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")",
          (System.nanoTime() - started) / 1_000_000);
      return new RowSplit(accepted, rejected, candidateRows, rejectedRows, byRule, () -> marked.unpersist(false));
    } catch (RuntimeException e) {
      marked.unpersist(false);
      throw e;
    }
  }

  /**
   * Verifies a batch's accepted rows against the table's batch rules ({@code complete}, {@code unique},
   * {@code max_rejected_share}) in one Deequ run, records every result in {@code quality.metrics} and returns the
   * verdict. Prefer {@link #verifyBatch(String, RowSplit, BatchKey)}, which also records per-rule rejected counts.
   *
   * @param rejectedRows candidate rows the row-level rules rejected, for {@code max_rejected_share}
   */
  public BatchVerdict verifyBatch(String table, Dataset<Row> accepted, long rejectedRows, BatchKey key) {
    return verify(table, accepted, rejectedRows, Map.of(), key);
  }

  /** As {@link #verifyBatch(String, Dataset, long, BatchKey)}, plus one result per row-level rule (rows rejected). */
  public BatchVerdict verifyBatch(String table, RowSplit split, BatchKey key) {
    return verify(table, split.accepted(), split.rejectedRows(), split.rejectedByRule(), key);
  }

  /**
   * As {@link #verifyBatch(String, RowSplit, BatchKey)}, on the accepted rows as they will be written: the silver
   * job collapses repeated captures of one observation first, so that the natural key is unique.
   */
  public BatchVerdict verifyBatch(String table, Dataset<Row> written, RowSplit split, BatchKey key) {
    return verify(table, written, split.rejectedRows(), split.rejectedByRule(), key);
  }

  private BatchVerdict verify(String table, Dataset<Row> accepted, long rejectedRows, Map<String, Long> rowCounts,
      BatchKey key) {
    TableRules rules = registry.rules(table);
    Instant checkedAt = clock.instant();
    long started = System.nanoTime();
    Map<Rule, Check> checks = DeequChecks.tableChecks(rules.batchLevel(), rejectedRows);
    VerificationResult result = DeequChecks.run(accepted, new ArrayList<>(checks.values()));
    long acceptedRows = DeequChecks.size(result);

    List<RuleResult> results = new ArrayList<>();
    List<MetricRecord> records = new ArrayList<>();
    for (Map.Entry<Rule, Check> entry : checks.entrySet()) {
      Rule rule = entry.getKey();
      RuleResult ruleResult = describe(table, rule, DeequChecks.outcome(result, entry.getValue()), acceptedRows,
          rejectedRows, checkedAt);
      results.add(ruleResult);
      records.add(MetricRecord.of(ruleResult, rule, key.id(), metricName(rule), key.time()));
    }
    for (Rule.RowRule rule : rules.rowLevel()) {
      Long rejected = rowCounts.get(rule.name());
      if (rejected != null) {
        RuleResult ruleResult = new RuleResult(table, rule.name(), rule.level(), "", rejected == 0,
            (double) rejected, rejected + " of " + (acceptedRows + rejectedRows) + " candidate rows rejected"
                + (rejected == 0 ? "" : " to quarantine"), checkedAt);
        results.add(ruleResult);
        records.add(MetricRecord.of(ruleResult, rule, key.id(), "rejected_rows", key.time()));
      }
    }
    record(records);
    BatchVerdict verdict = new BatchVerdict(table, key, acceptedRows, rejectedRows, results);
    long ms = (System.nanoTime() - started) / 1_000_000;
    if (verdict.holdsBack()) {
      LOG.warn("{} ({} ms)", verdict.describe(), ms);
    } else {
      LOG.info("{} ({} ms)", verdict.describe(), ms);
    }
    return verdict;
  }

  private static RuleResult describe(String table, Rule rule, DeequChecks.Outcome outcome, long acceptedRows,
      long rejectedRows, Instant checkedAt) {
    if (rule instanceof Rule.MaxRejectedShare share) {
      double measured = DeequChecks.share(rejectedRows, acceptedRows);
      return new RuleResult(table, rule.name(), rule.level(), "", outcome.passed(), ScheduledChecks.round(measured, 4),
          rejectedRows + " of " + (acceptedRows + rejectedRows) + " candidate rows rejected ("
              + ScheduledChecks.percent(measured) + ", max " + ScheduledChecks.percent(share.max()) + ")", checkedAt);
    }
    if (acceptedRows == 0) {
      return new RuleResult(table, rule.name(), rule.level(), "", true, null, "no rows to check", checkedAt);
    }
    if (outcome.value().isEmpty()) {
      return new RuleResult(table, rule.name(), rule.level(), "", false, null,
          "could not be measured: " + outcome.message(), checkedAt);
    }
    double value = outcome.value().get();
    String message;
    if (rule instanceof Rule.Complete complete) {
      message = "completeness of " + complete.column() + " " + ratio(value) + " (min " + ratio(complete.min()) + ")";
    } else {
      Rule.Unique unique = (Rule.Unique) rule;
      long sharing = Math.round((1 - value) * acceptedRows);
      String key = "(" + String.join(", ", unique.columns()) + ")";
      message = outcome.passed() ? (acceptedRows == 1 ? "the only row has its own " : "all " + acceptedRows
          + " rows have their own ") + key
          : sharing + " of " + acceptedRows + " rows share their " + key + " with another row";
    }
    return new RuleResult(table, rule.name(), rule.level(), "", outcome.passed(), ScheduledChecks.round(value, 4),
        message, checkedAt);
  }

  /**
   * Runs the scheduled checks over whole tables: per table one Deequ run for its {@code complete} and
   * {@code unique} rules, then its {@code freshness}, {@code error_rate} and {@code row_count_anomaly} rules, all
   * judged at {@code now}. Every result (and every new point of the hourly row-count series) is appended to
   * {@code quality.metrics} in one commit.
   *
   * @param tables qualified table name to its rows (usually {@code spark.table(name)}, or a recent slice of it)
   */
  public List<RuleResult> checkTables(Map<String, Dataset<Row>> tables, Instant now) {
    List<RuleResult> results = new ArrayList<>();
    List<MetricRecord> records = new ArrayList<>();
    for (Map.Entry<String, Dataset<Row>> entry : new TreeMap<>(tables).entrySet()) {
      String table = entry.getKey();
      Dataset<Row> data = entry.getValue();
      TableRules rules = registry.rules(table);
      Map<Rule, Check> checks = DeequChecks.tableChecks(rules.scheduled(), 0);
      if (!checks.isEmpty()) {
        VerificationResult result = DeequChecks.run(data, new ArrayList<>(checks.values()));
        long rows = DeequChecks.size(result);
        for (Map.Entry<Rule, Check> check : checks.entrySet()) {
          RuleResult ruleResult = describe(table, check.getKey(), DeequChecks.outcome(result, check.getValue()),
              rows, 0, now);
          results.add(ruleResult);
          records.add(MetricRecord.of(ruleResult, check.getKey(), null, metricName(check.getKey()), null));
        }
      }
      for (Rule rule : rules.scheduled()) {
        if (rule instanceof Rule.Freshness freshness) {
          for (RuleResult ruleResult : ScheduledChecks.freshness(table, freshness, data, now)) {
            results.add(ruleResult);
            records.add(MetricRecord.of(ruleResult, rule, null, metricName(rule), null));
          }
        } else if (rule instanceof Rule.ErrorRate errorRate) {
          for (RuleResult ruleResult : ScheduledChecks.errorRate(table, errorRate, data, now)) {
            results.add(ruleResult);
            records.add(MetricRecord.of(ruleResult, rule, null, metricName(rule), null));
          }
        } else if (rule instanceof Rule.RowCountAnomaly anomaly) {
          RowCountAnomalyCheck.Evaluation evaluation = RowCountAnomalyCheck.evaluate(table, anomaly, data, now, store);
          results.add(evaluation.result());
          records.addAll(evaluation.seriesPoints());
          records.add(MetricRecord.of(evaluation.result(), rule, null, metricName(rule), evaluation.checkedHour()));
        }
      }
    }
    record(records);
    long failed = results.stream().filter(r -> !r.passed()).count();
    LOG.info("scheduled checks at {}: {} results, {} failed", now, results.size(), failed);
    return results;
  }

  /** The name under which a rule's value is recorded. */
  static String metricName(Rule rule) {
    return switch (rule.kind()) {
      case NOT_NULL, RANGE, ALLOWED_VALUES, EXPRESSION -> "rejected_rows";
      case COMPLETE -> "completeness";
      case UNIQUE -> "uniqueness";
      case MAX_REJECTED_SHARE -> "rejected_share";
      case ROW_COUNT_ANOMALY -> MetricsStore.ROWS_PER_HOUR;
      case FRESHNESS -> "age_hours";
      case ERROR_RATE -> "error_share";
    };
  }

  private static void requireColumns(TableRules rules, List<Rule.RowRule> rowRules, Dataset<Row> candidates) {
    Set<String> present = Set.of(candidates.columns());
    for (Rule.RowRule rule : rowRules) {
      for (String column : rule.columns()) {
        if (!present.contains(column)) {
          throw new IllegalArgumentException(rules.source() + " rule '" + rule.name() + "': column '" + column
              + "' is not in the candidate rows (" + String.join(", ", candidates.columns()) + ")");
        }
      }
    }
  }

  private static String ratio(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static Column[] concat(Column[] head, Column... tail) {
    Column[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
