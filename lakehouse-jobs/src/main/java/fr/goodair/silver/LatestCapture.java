package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Collapses the captures of one observation inside a batch: an AQICN station answers with the same observation
 * hour after hour until it updates, OWM repeats {@code dt} between model runs. One row per natural key remains,
 * with the values of the latest capture, the first and last fetch times and the first capture's bronze object.
 * Deduplication is on the observation's key, never on fetch time (DESIGN.md §4).
 */
final class LatestCapture {

  private LatestCapture() {}

  /**
   * @param keys the natural key
   * @param values the other table columns (taken from the latest capture)
   */
  static Dataset<Row> collapse(Dataset<Row> rows, List<String> keys, List<String> values) {
    String latest = "struct(last_fetched_at, bronze_object, line_number)";
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(expr("max_by(struct(" + String.join(", ", values) + "), " + latest + ")").as("v"));
    aggregates.add(expr("max(last_fetched_at)").as("last_fetched_at"));
    aggregates.add(expr("min_by(bronze_object, struct(first_fetched_at, bronze_object))").as("bronze_object"));
    Column[] keyColumns = keys.stream().map(k -> col(k)).toArray(Column[]::new);
    return rows.groupBy(keyColumns)
        .agg(expr("min(first_fetched_at)").as("first_fetched_at"), aggregates.toArray(Column[]::new))
        .select(Stream.of(keys.stream(), values.stream().map(v -> "v." + v),
                Stream.of("first_fetched_at", "last_fetched_at", "bronze_object"))
            .flatMap(s -> s).map(c -> col(c)).toArray(Column[]::new));
  }

  /** The table columns of {@code rows} that are neither key nor lineage: what a later capture may revise. */
  static List<String> valueColumns(List<String> tableColumns, List<String> keys) {
    return tableColumns.stream()
        .filter(c -> !keys.contains(c))
        .filter(c -> !List.of("first_fetched_at", "last_fetched_at", "bronze_object").contains(c))
        .collect(Collectors.toList());
  }
}
