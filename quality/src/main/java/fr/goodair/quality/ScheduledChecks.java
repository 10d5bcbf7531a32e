package fr.goodair.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The per-group table checks that are plain aggregations (one small Spark job per rule): freshness and error rate.
 * They are not Deequ constraints because Deequ has no per-group metrics; their results go to the same metrics table.
 */
final class ScheduledChecks {

  private ScheduledChecks() {}

  /** One result per group: age of the group's newest timestamp at {@code now}. */
  static List<RuleResult> freshness(String table, Rule.Freshness rule, Dataset<Row> data, Instant now) {
    Column latest = max(col(rule.column())).as("latest");
    List<Row> rows = rule.groupBy().isEmpty() ? data.agg(latest).collectAsList()
        : data.groupBy(columns(rule.groupBy())).agg(latest).collectAsList();
    List<RuleResult> results = new ArrayList<>();
    for (Row row : rows) {
      String subject = subject(rule.groupBy(), row);
      Instant newest = MetricsStore.instant(row.get(row.fieldIndex("latest")));
      if (newest == null) {
        results.add(new RuleResult(table, rule.name(), rule.level(), subject, false, null,
            "no " + rule.column() + " at all", now));
        continue;
      }
      double ageHours = Duration.between(newest, now).toSeconds() / 3600.0;
      boolean passed = ageHours <= rule.maxAgeHours();
      results.add(new RuleResult(table, rule.name(), rule.level(), subject, passed, round(ageHours, 2),
          "newest " + rule.column() + " " + newest + " is " + hours(ageHours) + " old (max "
              + Rule.number(rule.maxAgeHours()) + " h)", now));
    }
    if (results.isEmpty()) {
      results.add(new RuleResult(table, rule.name(), rule.level(), "", false, null, "the table has no rows", now));
    }
    results.sort(Comparator.comparing(RuleResult::subject));
    return results;
  }

  /** One result per group: share of rows matching {@code failedWhen} in the last {@code windowHours}. */
  static List<RuleResult> errorRate(String table, Rule.ErrorRate rule, Dataset<Row> data, Instant now) {
    Instant from = now.minusSeconds(Math.round(rule.windowHours() * 3600));
    Dataset<Row> window = data.where(col(rule.column()).gt(lit(Timestamp.from(from)))
        .and(col(rule.column()).leq(lit(Timestamp.from(now)))));
    Column[] aggregates = {count(lit(1)).as("rows"),
        sum(when(expr(rule.failedWhen()), 1).otherwise(0)).as("failed")};
    List<Row> rows = rule.groupBy().isEmpty()
        ? window.agg(aggregates[0], aggregates[1]).collectAsList()
        : window.groupBy(columns(rule.groupBy())).agg(aggregates[0], aggregates[1]).collectAsList();
    String span = "in the last " + Rule.number(rule.windowHours()) + " h";
    List<RuleResult> results = new ArrayList<>();
    for (Row row : rows) {
      long total = row.getLong(row.fieldIndex("rows"));
      if (total == 0) {
        continue; // an ungrouped aggregate over no rows still returns one row
      }
      long failed = row.getLong(row.fieldIndex("failed"));
      double share = (double) failed / total;
      results.add(new RuleResult(table, rule.name(), rule.level(), subject(rule.groupBy(), row),
          share <= rule.max(), round(share, 4), failed + " of " + total + " rows failed " + span + " ("
              + percent(share) + ", max " + percent(rule.max()) + ") [" + rule.failedWhen() + "]", now));
    }
    if (results.isEmpty()) {
      // Silence is not health: no rows at all means nothing ran (freshness rules say since when).
      results.add(new RuleResult(table, rule.name(), rule.level(), "", false, null, "no rows " + span, now));
    }
    results.sort(Comparator.comparing(RuleResult::subject));
    return results;
  }

  static Column[] columns(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  /** {@code city_id=paris}, or {@code source=aqicn city_id=paris} for several group columns. */
  static String subject(List<String> groupBy, Row row) {
    return groupBy.stream().map(name -> name + "=" + row.get(row.fieldIndex(name)))
        .collect(Collectors.joining(" "));
  }

  static String percent(double share) {
    double value = share * 100;
    return (value == Math.rint(value) ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value)) + "%";
  }

  static String hours(double hours) {
    return String.format(Locale.ROOT, "%.1f h", hours);
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
