package fr.goodair.retention;

import fr.goodair.lake.LakeTable;
import fr.goodair.retention.RetentionPolicy.DeltaHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta retention properties of every table, set explicitly so that every table keeps the history the policy
 * promises ({@code delta.deletedFileRetentionDuration}, {@code delta.logRetentionDuration}). Written only where a
 * table's differ: each change is a commit.
 */
public final class DeltaProperties implements RetentionStep {

  static final String ACTION = "set properties";

  private final SparkSession spark;
  private final List<LakeTable> tables;
  private final DeltaHistory history;

  public DeltaProperties(SparkSession spark, List<LakeTable> tables, RetentionPolicy policy) {
    this.spark = spark;
    this.tables = List.copyOf(tables);
    this.history = policy.delta();
  }

  @Override
  public List<RetentionAction> plan(Instant now) {
    List<RetentionAction> actions = new ArrayList<>();
    for (LakeTable table : tables) {
      Map<String, String> differing = differing(table.name());
      if (!differing.isEmpty()) {
        actions.add(new RetentionAction(table.database(), ACTION, table.name(), null,
            String.join(", ", differing.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList())
                + " (time travel " + history.timeTravelDays() + " days)"));
      }
    }
    return actions;
  }

  @Override
  public void apply(List<RetentionAction> planned) {
    for (RetentionAction action : planned) {
      if (!action.action().equals(ACTION)) {
        throw new IllegalArgumentException("not a Delta properties action: " + action);
      }
      Map<String, String> differing = differing(action.target());
      if (!differing.isEmpty()) {
        spark.sql("ALTER TABLE " + action.target() + " SET TBLPROPERTIES (" + String.join(", ",
            differing.entrySet().stream().map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'").toList()) + ")");
      }
    }
  }

  /** The policy's properties the table does not have yet (or has with another value). */
  private Map<String, String> differing(String table) {
    Row detail = spark.sql("DESCRIBE DETAIL " + table).select("properties").first();
    Map<String, String> actual = detail.getJavaMap(0);
    Map<String, String> differing = new LinkedHashMap<>();
    history.properties().forEach((key, value) -> {
      if (!value.equals(actual.get(key))) {
        differing.put(key, value);
      }
    });
    return differing;
  }
}
