package fr.goodair.gold;

import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How gold writes: a recomputed scope replaces the table's rows of that scope in one MERGE (matched rows
 * updated, new ones inserted, rows of the scope that the recomputation no longer yields deleted), so each
 * commit is a consistent table and repeating it changes nothing. A rebuild replaces the whole table in one
 * overwrite (an append when the table is empty).
 */
final class GoldWriter {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GoldWriter.class);

  private final SparkSession spark;
  private final boolean rebuild;
  private final GoldPromotionJob.CommitListener listener;

  GoldWriter(SparkSession spark, boolean rebuild, GoldPromotionJob.CommitListener listener) {
    this.spark = spark;
    this.rebuild = rebuild;
    this.listener = listener;
  }

  /** Replaces the rows of {@code scope} (on the table's {@code dateColumn}); returns the rows written. */
  long replace(String table, Dataset<Row> rows, List<String> keys, DayScope scope, String dateColumn) {
    return rebuild ? replaceAll(table, rows) : replaceWhere(table, rows, keys, scope.condition("t.", dateColumn));
  }

  /** Replaces the rows matching {@code targetCondition} (a predicate on target columns, prefixed {@code t.}). */
  long replaceWhere(String table, Dataset<Row> rows, List<String> keys, String targetCondition) {
    if (rebuild) {
      return replaceAll(table, rows);
    }
    long started = System.nanoTime();
    String match = keys.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
    DeltaTable.forName(spark, table).as("t")
        .merge(rows.as("s"), match + " AND " + targetCondition)
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource(targetCondition).delete()
        .execute();
    return committed(table, started, "numTargetRowsInserted", "numTargetRowsUpdated");
  }

  /** Makes the table exactly {@code rows}. */
  long replaceAll(String table, Dataset<Row> rows) {
    long started = System.nanoTime();
    try {
      if (fr.goodair.lake.DeltaFiles.count(spark, table) == 0) {
        rows.writeTo(table).append();
      } else {
        rows.writeTo(table).overwrite(lit(true));
      }
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      throw new IllegalStateException(table + " is not registered: " + e.getMessage(), e);
    }
    return committed(table, started, "numOutputRows");
  }

  /** Sum of the named operation metrics of the table's last commit, after telling the listener. */
  private long committed(String table, long started, String... metrics) {
    listener.committed(table);
    Row last = DeltaTable.forName(spark, table).history(1).first();
    Map<String, String> recorded = last.getJavaMap(last.fieldIndex("operationMetrics"));
    long total = 0;
    for (String m : metrics) {
      total += Long.parseLong(recorded.getOrDefault(m, "0"));
    }
    LOG.info("gold: {} ← {} rows in {} ms (computed and committed)", table, total,
        (System.nanoTime() - started) / 1_000_000);
    return total;
  }
}
