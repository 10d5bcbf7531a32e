package fr.goodair.quality.alert;

import fr.goodair.quality.Level;
import fr.goodair.quality.RuleResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Pure functions that turn what the pipeline observed into {@link AlertCondition}s.
 *
 * <p>Mapping of rule results ({@link #fromRuleResults}): every failed rule, whatever its level, is one condition
 * with the rule's level as severity and the key {@code quality/<table>/<rule>/<subject>} (without the last part
 * when the subject is empty). Its kind comes from the rule's name alone ({@link #kindOfRule}): a name containing
 * {@code freshness} gives {@code freshness}, one containing {@code error_rate} (or {@code error-rate}) gives
 * {@code error_rate}, any other gives {@code quality}. A check run therefore evaluates {@link #RULE_KINDS}.
 */
public final class AlertConditions {

  /** A data-quality rule failed. */
  public static final String QUALITY = "quality";
  /** A city × source has no fresh data. */
  public static final String FRESHNESS = "freshness";
  /** Ingestion fails too often. */
  public static final String ERROR_RATE = "error_rate";
  /** A job of the pipeline failed. */
  public static final String JOB_FAILURE = "job_failure";
  /** The kinds {@link #fromRuleResults} can produce: what a full quality check evaluates. */
  public static final Set<String> RULE_KINDS = Set.of(QUALITY, FRESHNESS, ERROR_RATE);

  private AlertConditions() {}

  /** One condition per failed rule (passed ones give nothing); see the class comment for keys and kinds. */
  public static List<AlertCondition> fromRuleResults(List<RuleResult> results) {
    List<AlertCondition> conditions = new ArrayList<>();
    for (RuleResult result : results) {
      if (result.passed()) {
        continue;
      }
      String subject = result.subject() == null ? "" : result.subject().strip();
      String key = "quality/" + result.table() + "/" + result.rule() + (subject.isEmpty() ? "" : "/" + subject);
      String what = SafeText.oneLine(result.message());
      String summary = result.table() + " " + result.rule() + (subject.isEmpty() ? "" : " [" + subject + "]")
          + (what.isEmpty() ? " failed" : ": " + what);
      StringBuilder detail = new StringBuilder()
          .append("rule ").append(result.rule()).append(" (").append(result.level()).append(") on ")
          .append(result.table()).append(subject.isEmpty() ? "" : ", " + subject).append('\n');
      if (!what.isEmpty()) {
        detail.append(what).append('\n');
      }
      if (result.metric() != null) {
        detail.append("measured: ").append(result.metric()).append('\n');
      }
      if (result.checkedAt() != null) {
        detail.append("checked at ").append(result.checkedAt()).append('\n');
      }
      conditions.add(new AlertCondition(key, kindOfRule(result.rule()), result.level(), SafeText.truncate(summary),
          detail.toString().strip()));
    }
    return conditions;
  }

  /** The alert kind of a rule, from its name: {@code freshness}, {@code error_rate} or {@code quality}. */
  public static String kindOfRule(String rule) {
    String name = rule.toLowerCase(Locale.ROOT).replace('-', '_');
    if (name.contains("freshness")) {
      return FRESHNESS;
    }
    return name.contains("error_rate") ? ERROR_RATE : QUALITY;
  }

  /**
   * A failed job: key {@code job/<job>}, kind {@code job_failure}, severity ERROR. The cause is one line (the
   * exception and, if different, its root cause, credentials in URLs scrubbed), never a stack trace. The job's
   * next successful run, evaluated with kind {@code job_failure}, closes it.
   */
  public static AlertCondition jobFailure(String job, Throwable cause) {
    if (job == null || job.isBlank()) {
      throw new IllegalArgumentException("a job failure needs the job's name");
    }
    String name = job.strip();
    String why = SafeText.describe(cause);
    return new AlertCondition("job/" + name, JOB_FAILURE, Level.ERROR,
        SafeText.truncate("Job " + name + " failed: " + why),
        "job " + name + " failed: " + why
            + "\nRun it with --verbose for the stack trace; its next successful run closes this alert.");
  }
}
