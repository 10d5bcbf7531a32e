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
 * The Delta history of every table: first its retention properties, set explicitly so that every table promises
 * the same time travel ({@code delta.deletedFileRetentionDuration}, {@code delta.logRetentionDuration}; written
 * only where they differ, since each change is a commit), then {@code VACUUM … RETAIN <deleted-file retention>}:
 * the files no version of that window references are deleted, the ones it needs stay.
 *
 * <p>VACUUM judges age on the real clock (the files' and tombstones' times), not on the {@code now} given to
 * {@link #plan}: its plan is Delta's own dry run, and a table whose dry run lists nothing is not vacuumed.
 */
public final class DeltaHistoryRetention implements RetentionStep {

  static final String SET_PROPERTIES = "set properties";
  static final String VACUUM = "vacuum";

  private final SparkSession spark;
  private final List<LakeTable> tables;
  private final DeltaHistory history;

  public DeltaHistoryRetention(SparkSession spark, List<LakeTable> tables, RetentionPolicy policy) {
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
        actions.add(new RetentionAction(table.database(), SET_PROPERTIES, table.name(), null,
            String.join(", ", differing.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList())
                + " (time travel " + history.timeTravelDays() + " days)"));
      }
    }
    for (LakeTable table : tables) {
      long files = spark.sql(vacuum(table.name()) + " DRY RUN").count();
      if (files > 0) {
        actions.add(new RetentionAction(table.database(), VACUUM, table.name(), null, files
            + " files no version of the last " + history.deletedFileRetentionDays() + " days uses"));
      }
    }
    return actions;
  }

  @Override
  public void apply(List<RetentionAction> planned) {
    // Properties first: a VACUUM then runs under the table's own, consistent, retention.
    for (RetentionAction action : planned) {
      if (action.action().equals(SET_PROPERTIES)) {
        Map<String, String> differing = differing(action.target());
        if (!differing.isEmpty()) {
          spark.sql("ALTER TABLE " + action.target() + " SET TBLPROPERTIES (" + String.join(", ",
              differing.entrySet().stream().map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'").toList())
              + ")");
        }
      }
    }
    for (RetentionAction action : planned) {
      if (action.action().equals(VACUUM)) {
        spark.sql(vacuum(action.target()));
      } else if (!action.action().equals(SET_PROPERTIES)) {
        throw new IllegalArgumentException("not a Delta history action: " + action);
      }
    }
  }

  private String vacuum(String table) {
    return "VACUUM " + table + " RETAIN " + history.deletedFileRetentionDays() * 24L + " HOURS";
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
