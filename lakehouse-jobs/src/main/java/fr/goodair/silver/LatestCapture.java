package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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
   * One row per natural key of observation candidates: the values of the latest capture (by last fetch, then
   * object and line), the earliest first fetch, the latest last fetch, the first capture's bronze object.
   *
   * @param columns the table's columns: {@code keys}, values and lineage
   */
  static Dataset<Row> collapse(Dataset<Row> rows, List<String> keys, List<String> columns) {
    return newest(rows, keys, "struct(last_fetched_at, bronze_object, line_number)", columns, java.util.Map.of(
        "first_fetched_at", "min(first_fetched_at)",
        "last_fetched_at", "max(last_fetched_at)",
        "bronze_object", "min_by(bronze_object, struct(first_fetched_at, bronze_object))"));
  }

  /**
   * One row per key: the {@code columns} of the row with the greatest {@code order} (a SQL expression, e.g. a struct
   * of version, object and line for a total order), except those given in {@code aggregated} (column → SQL
   * aggregate over the key's rows, e.g. {@code min(first_seen_at)}). An aggregation, not a window: rows of one key
   * are combined before the shuffle.
   */
  static Dataset<Row> newest(Dataset<Row> rows, List<String> keys, String order, List<String> columns,
      java.util.Map<String, String> aggregated) {
    List<String> picked = columns.stream().filter(c -> !keys.contains(c) && !aggregated.containsKey(c)).toList();
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(expr("max_by(struct(" + String.join(", ", picked) + "), " + order + ")").as("v"));
    aggregated.forEach((column, aggregate) -> aggregates.add(expr(aggregate).as(column)));
    return rows.groupBy(keys.stream().map(k -> col(k)).toArray(Column[]::new))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
        .select(columns.stream().map(c -> picked.contains(c) ? col("v." + c).as(c) : col(c)).toArray(Column[]::new));
  }

  /** The table columns of {@code rows} that are neither key nor lineage: what a later capture may revise. */
  static List<String> valueColumns(List<String> tableColumns, List<String> keys) {
    return tableColumns.stream()
        .filter(c -> !keys.contains(c))
        .filter(c -> !List.of("first_fetched_at", "last_fetched_at", "bronze_object").contains(c))
        .collect(Collectors.toList());
  }
}
