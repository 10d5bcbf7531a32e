package fr.goodair.quality;

import java.time.Instant;

/**
 * One row of {@code quality.metrics}: one measured value, with the verdict of the rule that measured it. Points of
 * a series kept for anomaly detection (rows per hour) are measurements only: their {@code passed} is null.
 *
 * @param batchId the verified batch, null for scheduled checks
 * @param metric what {@code value} measures: {@code rejected_rows}, {@code completeness}, {@code age_hours}…
 * @param metricTime the time the value describes (the UTC hour of a rows-per-hour point, the batch's time), or null
 */
record MetricRecord(Instant checkedAt, String batchId, String table, String rule, String kind, String subject,
    String metric, Double value, Instant metricTime, Level level, Boolean passed, String message) {

  /** The record of a rule's verdict. */
  static MetricRecord of(RuleResult result, Rule rule, String batchId, String metric, Instant metricTime) {
    return new MetricRecord(result.checkedAt(), batchId, result.table(), result.rule(), rule.kind().yaml(),
        result.subject(), metric, result.metric(), metricTime, result.level(), result.passed(), result.message());
  }
}
