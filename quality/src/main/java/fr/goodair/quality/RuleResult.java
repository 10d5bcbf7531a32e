package fr.goodair.quality;

import java.time.Instant;

/**
 * The outcome of one rule on one table (and, for per-group rules such as freshness, one subject).
 *
 * @param table the table the rule belongs to, e.g. {@code silver.weather_observation}
 * @param rule the rule's name in the registry, e.g. {@code temperature_physical_range}
 * @param subject the group the result is about ({@code city=paris source=aqicn}), or empty for the whole table
 * @param metric the measured value (completeness ratio, failing-row count, age in hours…), null when none
 * @param message one human line: what was measured against what
 */
public record RuleResult(String table, String rule, Level level, String subject, boolean passed, Double metric,
    String message, Instant checkedAt) {

  public boolean failedAtError() {
    return !passed && level == Level.ERROR;
  }
}
