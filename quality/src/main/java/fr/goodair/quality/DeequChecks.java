package fr.goodair.quality;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.anomalydetection.Anomaly;
import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import com.amazon.deequ.anomalydetection.AnomalyDetector;
import com.amazon.deequ.anomalydetection.DataPoint;
import com.amazon.deequ.anomalydetection.DetectionResult;
import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import com.amazon.deequ.anomalydetection.seasonal.HoltWinters;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckLevel;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.constraints.Constraint;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.util.Try;

/**
 * Everything that touches Deequ's Scala API, so that the rest of the gate reads as plain Java. From Java every
 * Scala default must be passed ({@code Option.empty()}), enumerations are methods ({@code CheckLevel.Error()}),
 * assertions are {@code scala.Function1<Object, Object>} on boxed values, and sequences go through
 * {@link JavaConverters} (ENGINEERING.md pitfall 10).
 */
final class DeequChecks {

  /** Holt-Winters needs two full seasons (2 x 24 hourly points) before it can forecast. */
  static final int HOLT_WINTERS_MIN_POINTS = 48;

  private DeequChecks() {}

  /** An empty check; Deequ's level only colours its own status, the gate reads each constraint's status. */
  static Check check(Level level, String description) {
    return new Check(level == Level.ERROR ? CheckLevel.Error() : CheckLevel.Warning(), description,
        seq(new ArrayList<Constraint>()));
  }

  /**
   * One check holding one row-level rule, so that {@link VerificationResult#rowLevelResultsAsDataFrame} gives one
   * boolean column per rule, named {@code column}.
   */
  static Check rowCheck(Rule.RowRule rule, String column) {
    Check empty = check(rule.level(), column);
    Option<String> hint = Option.apply(rule.name());
    if (rule instanceof Rule.NotNull notNull) {
      return empty.isComplete(notNull.column(), hint, Option.empty());
    }
    // The rule's scope is folded into the predicate rather than given to Deequ's where(): in 2.0.7 a filtered
    // constraint whose filter matches no row of the batch has an empty state, hence no row-level column at all, and
    // a NULL filter counts as in scope in the row-level column (not in the aggregate). Rows outside the scope pass,
    // NULL scope results count as outside, and NULL predicate results pass (see Rule.RowRule).
    String predicate = "coalesce((" + rule.predicate() + "), true)";
    String scoped = rule.scope().map(scope -> "NOT coalesce((" + scope + "), false) OR " + predicate)
        .orElse(predicate);
    return empty.satisfies(scoped, rule.name(), Check.IsOne(), hint,
        scala.collection.immutable.List$.MODULE$.empty(), Option.empty());
  }

  /**
   * The Deequ check of each rule measured over a whole dataset ({@code complete}, {@code unique},
   * {@code max_rejected_share}, in their order); other rules are not Deequ checks and are skipped.
   *
   * @param rejectedRows rows the row-level rules rejected, for {@code max_rejected_share}
   */
  static Map<Rule, Check> tableChecks(List<? extends Rule> rules, long rejectedRows) {
    Map<Rule, Check> checks = new java.util.LinkedHashMap<>();
    for (Rule rule : rules) {
      if (rule instanceof Rule.Complete complete) {
        checks.put(rule, complete(complete));
      } else if (rule instanceof Rule.Unique unique) {
        checks.put(rule, unique(unique));
      } else if (rule instanceof Rule.MaxRejectedShare share) {
        checks.put(rule, maxRejectedShare(share, rejectedRows));
      }
    }
    return checks;
  }

  static Check complete(Rule.Complete rule) {
    return check(rule.level(), rule.name())
        .hasCompleteness(rule.column(), doubleAssertion(ratio -> ratio >= rule.min()), Option.apply(rule.name()),
            Option.empty());
  }

  static Check unique(Rule.Unique rule) {
    return check(rule.level(), rule.name())
        .hasUniqueness(seq(rule.columns()), doubleAssertion(ratio -> ratio == 1.0), Option.apply(rule.name()));
  }

  /** Size of the accepted rows, asserted through the share they leave to the rejected ones. */
  static Check maxRejectedShare(Rule.MaxRejectedShare rule, long rejectedRows) {
    return check(rule.level(), rule.name())
        .hasSize(longAssertion(accepted -> share(rejectedRows, accepted) <= rule.max()), Option.apply(rule.name()));
  }

  static double share(long rejected, long accepted) {
    return rejected + accepted == 0 ? 0.0 : (double) rejected / (rejected + accepted);
  }

  /** Runs all checks and a row count in one {@code VerificationSuite} run: one scan for scan-shareable metrics. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static VerificationResult run(Dataset<Row> data, List<Check> checks) {
    VerificationRunBuilder builder = new VerificationSuite().onData(data).addChecks(seq(checks));
    builder = builder.addRequiredAnalyzer((Analyzer) new Size(Option.empty()));
    return builder.run();
  }

  /** The number of rows the run saw (its {@code Size} metric). */
  static long size(VerificationResult result) {
    for (Map.Entry<Analyzer<?, Metric<?>>, Metric<?>> entry
        : JavaConverters.mapAsJavaMap(result.metrics()).entrySet()) {
      Object analyzer = entry.getKey();
      if (analyzer instanceof Size size && size.where().isEmpty()) {
        return Math.round(value(entry.getValue().value()).orElse(0.0));
      }
    }
    throw new IllegalStateException("Deequ returned no Size metric");
  }

  /** What one single-constraint check found. */
  record Outcome(boolean passed, Optional<Double> value, String message) {}

  static Outcome outcome(VerificationResult result, Check check) {
    Option<CheckResult> checkResult = result.checkResults().get(check);
    if (checkResult.isEmpty() || checkResult.get().constraintResults().isEmpty()) {
      throw new IllegalStateException("Deequ returned no result for check " + check.description());
    }
    ConstraintResult constraint = checkResult.get().constraintResults().head();
    boolean passed = constraint.status() == ConstraintStatus.Success();
    Optional<Double> value = constraint.metric().isEmpty() ? Optional.empty()
        : value(constraint.metric().get().value());
    String message = constraint.message().isEmpty() ? "" : constraint.message().get();
    return new Outcome(passed, value, message);
  }

  private static Optional<Double> value(Try<?> value) {
    return value.isSuccess() && value.get() instanceof Number number
        ? Optional.of(number.doubleValue()) : Optional.empty();
  }

  /** Deequ's Holt-Winters for hourly metrics with a daily cycle (period 24). */
  static AnomalyDetectionStrategy holtWintersHourlyDaily() {
    return new HoltWinters(HoltWinters.MetricInterval$.MODULE$.Hourly(), HoltWinters.SeriesSeasonality$.MODULE$.Daily());
  }

  /** Flags a point below {@code maxDecrease} or above {@code maxIncrease} times the previous one. */
  static AnomalyDetectionStrategy relativeRateOfChange(double maxDecrease, double maxIncrease) {
    return new RelativeRateOfChangeStrategy(Option.apply(maxDecrease), Option.apply(maxIncrease), 1);
  }

  /**
   * Asks {@code strategy} whether {@code value} at {@code time} is anomalous after {@code history} (time-ordered
   * epoch millis to value). Returns Deequ's explanation when it is.
   */
  static Optional<String> anomaly(AnomalyDetectionStrategy strategy, List<Map.Entry<Long, Double>> history,
      long time, double value) {
    List<DataPoint<Object>> points = new ArrayList<>();
    for (Map.Entry<Long, Double> point : history) {
      points.add(new DataPoint<>(point.getKey(), Option.apply(point.getValue())));
    }
    DataPoint<Object> newPoint = new DataPoint<>(time, Option.apply(value));
    // Holt-Winters prints its fitted parameters on Scala's stdout; keep the CLI's output to what we say.
    DetectionResult result = quietly(strategy, () -> scala.Console$.MODULE$.withOut(OutputStream.nullOutputStream(),
        () -> new AnomalyDetector(strategy).isNewPointAnomalous(seq(points), newPoint)));
    List<Tuple2<Object, Anomaly>> anomalies = JavaConverters.seqAsJavaList(result.anomalies());
    if (anomalies.isEmpty()) {
      return Optional.empty();
    }
    Anomaly anomaly = anomalies.get(0)._2();
    return Optional.of(anomaly.detail().isEmpty() ? "anomalous" : anomaly.detail().get());
  }

  private static final Set<Class<?>> STRATEGIES_USED = new HashSet<>();

  /**
   * Runs the first detection of each strategy in this JVM with {@code System.out} muted: Breeze's BLAS loader
   * (netlib) prints which implementation it picked the first time Holt-Winters needs it. Later calls run as they
   * are, leaving the global stream alone.
   */
  private static synchronized <T> T quietly(AnomalyDetectionStrategy strategy, Supplier<T> detection) {
    if (!STRATEGIES_USED.add(strategy.getClass())) {
      return detection.get();
    }
    // scala.Console keeps the System.out it sees when first loaded: load it now, or Dataset.show() and every
    // Scala println of this JVM would print into the muted stream.
    Objects.requireNonNull(scala.Console$.MODULE$.out());
    PrintStream out = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      return detection.get();
    } finally {
      System.setOut(out);
    }
  }

  static <T> Seq<T> seq(List<T> items) {
    return JavaConverters.asScalaBuffer(new ArrayList<>(items)).toList();
  }

  private static scala.Function1<Object, Object> doubleAssertion(DoublePredicate test) {
    return value -> test.test(((Number) value).doubleValue());
  }

  private static scala.Function1<Object, Object> longAssertion(LongPredicate test) {
    return value -> test.test(((Number) value).longValue());
  }
}
