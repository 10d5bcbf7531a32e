package fr.goodair.retention;

import fr.goodair.retention.RetentionPolicy.TableRule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Row retention of the silver, gold and quality tables: {@code DELETE FROM t WHERE <time column> < cutoff}, one
 * Delta commit per table. A table's {@code keep-newest} rows (gold's newest refresh-log entry, which tells the
 * gold job what silver it reflects) are never deleted, however old. Deleted rows stay readable by time travel for
 * the promised window, until VACUUM removes their files.
 */
public final class RowRetention implements RetentionStep {

  static final String ACTION = "delete rows";

  private final SparkSession spark;
  private final Map<String, TableRule> rules;

  public RowRetention(SparkSession spark, RetentionPolicy policy) {
    this.spark = spark;
    this.rules = policy.expiringTables().stream().collect(Collectors.toMap(TableRule::table, r -> r,
        (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Override
  public List<RetentionAction> plan(Instant now) {
    List<RetentionAction> actions = new ArrayList<>();
    for (TableRule rule : rules.values()) {
      Instant cutoff = rule.keep().cutoff(now);
      long rows = spark.sql("SELECT count(*) FROM " + rule.table() + " WHERE " + condition(rule, cutoff)).first()
          .getLong(0);
      if (rows > 0) {
        actions.add(new RetentionAction(zone(rule), ACTION, rule.table(), cutoff, rows + " rows with "
            + rule.timeColumn() + " older than " + rule.keep()
            + (rule.keepNewest() == null ? "" : " (the newest " + rule.keepNewest() + " kept)")));
      }
    }
    return actions;
  }

  @Override
  public void apply(List<RetentionAction> planned) {
    for (RetentionAction action : planned) {
      TableRule rule = rules.get(action.target());
      if (rule == null || !action.action().equals(ACTION)) {
        throw new IllegalArgumentException("not a row retention action: " + action);
      }
      spark.sql("DELETE FROM " + rule.table() + " WHERE " + condition(rule, action.before()));
    }
  }

  /**
   * The rows that go: older than the cutoff (on a DATE column, a day before the cutoff's UTC day); never the
   * newest {@code keep-newest} ones. Literals, not subqueries: Delta's DELETE takes no subquery.
   */
  private String condition(TableRule rule, Instant cutoff) {
    String older = rule.timeIsDate()
        ? rule.timeColumn() + " < DATE '" + LocalDate.ofInstant(cutoff, ZoneOffset.UTC) + "'"
        : rule.timeColumn() + " < TIMESTAMP '" + cutoff + "'";
    if (rule.keepNewest() == null) {
      return older;
    }
    Row newest = spark.sql("SELECT CAST(max(" + rule.keepNewest() + ") AS STRING) FROM " + rule.table()).first();
    return newest.isNullAt(0) ? older
        : older + " AND " + rule.keepNewest() + " < CAST('" + newest.getString(0).replace("'", "") + "' AS "
            + spark.table(rule.table()).schema().apply(rule.keepNewest()).dataType().sql() + ")";
  }

  private static String zone(TableRule rule) {
    return rule.table().substring(0, rule.table().indexOf('.'));
  }
}
