package fr.goodair.silver;

import static org.apache.spark.sql.functions.expr;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The MERGE shapes silver uses. Every one is idempotent and independent of batch boundaries and order, which
 * is what makes a re-run after a crash give the same tables: merging the same rows twice changes nothing, and
 * when two captures of one observation meet, the values of the latest capture win wherever they come from.
 *
 * <p>A table without data files (a first promotion, a rebuild) takes the rows as a plain append instead: the
 * callers hand over rows already unique on the key, so the result is the MERGE's, at a fraction of its cost. A
 * crash after that commit leaves a non-empty table, and the re-run MERGEs as usual.
 *
 * <p>Hourly MERGEs add a file or two per table each time; {@code TableMaintenance} compacts them at the end of
 * each cycle.
 */
final class DeltaMerge {

  private DeltaMerge() {}

  /**
   * Observations captured possibly many times: key → values of the latest capture, first/last fetch times.
   * {@code prunedBy} (a timestamp column of the key) limits the target scan to the batch's time range, so the
   * cost of an hourly merge does not grow with the years already in the table.
   */
  static void observations(SparkSession spark, String table, Dataset<Row> source, List<String> keys,
      List<String> values, String prunedBy) {
    Map<String, String> set = new LinkedHashMap<>();
    set.put("first_fetched_at", "least(t.first_fetched_at, s.first_fetched_at)");
    set.put("bronze_object",
        "CASE WHEN s.first_fetched_at < t.first_fetched_at THEN s.bronze_object ELSE t.bronze_object END");
    set.put("last_fetched_at", "greatest(t.last_fetched_at, s.last_fetched_at)");
    for (String v : values) {
      set.put(v, "CASE WHEN s.last_fetched_at > t.last_fetched_at THEN s." + v + " ELSE t." + v + " END");
    }
    write(spark, table, source, () -> DeltaTable.forName(spark, table).as("t")
        .merge(source.as("s"), keyMatch(keys) + range(source, prunedBy))
        .whenMatched("s.first_fetched_at < t.first_fetched_at OR s.last_fetched_at > t.last_fetched_at")
        .updateExpr(set)
        .whenNotMatched().insertAll()
        .execute());
  }

  /** Stations: first/last seen widen, the descriptive columns follow the latest sighting. */
  static void stations(SparkSession spark, String table, Dataset<Row> source) {
    Map<String, String> set = new LinkedHashMap<>();
    for (String column : source.columns()) {
      set.put(column, "CASE WHEN s.last_seen_at > t.last_seen_at THEN s." + column + " ELSE t." + column + " END");
    }
    set.put("first_seen_at", "least(t.first_seen_at, s.first_seen_at)");
    set.put("last_seen_at", "greatest(t.last_seen_at, s.last_seen_at)");
    set.remove("station_idx");
    write(spark, table, source, () -> DeltaTable.forName(spark, table).as("t")
        .merge(source.as("s"), "t.station_idx = s.station_idx")
        .whenMatched("s.first_seen_at < t.first_seen_at OR s.last_seen_at > t.last_seen_at")
        .updateExpr(set)
        .whenNotMatched().insertAll()
        .execute());
  }

  /** Rows that never change once written (log entries, quarantine records, manifest lines): insert if absent. */
  static void insertNew(SparkSession spark, String table, Dataset<Row> source, List<String> keys, String prunedBy) {
    write(spark, table, source, () -> DeltaTable.forName(spark, table).as("t")
        .merge(source.as("s"), keyMatch(keys) + (prunedBy == null ? "" : range(source, prunedBy)))
        .whenNotMatched().insertAll()
        .execute());
  }

  /** Rows where the newest version wins, judged by {@code versionColumn} (then {@code tieBreak}). */
  static void latest(SparkSession spark, String table, Dataset<Row> source, List<String> keys,
      String versionColumn, Map<String, String> extraSet) {
    Map<String, String> set = new LinkedHashMap<>();
    for (String column : source.columns()) {
      set.put(column, "s." + column);
    }
    set.putAll(extraSet);
    write(spark, table, source, () -> DeltaTable.forName(spark, table).as("t")
        .merge(source.as("s"), keyMatch(keys))
        .whenMatched("s." + versionColumn + " > t." + versionColumn + " OR t." + versionColumn + " IS NULL")
        .updateExpr(set)
        .whenNotMatched().insertAll()
        .execute());
  }

  /** Table property holding the fingerprint of the reference rows a table was last made equal to. */
  static final String REFERENCE_FINGERPRINT = "goodair.reference-sha256";

  /**
   * Small reference tables: make the table exactly {@code source}, touching it only when something differs. What
   * the table holds is known by the fingerprint of the rows it was last given, kept in its properties: checking
   * costs a property read, not a comparison of both tables. A crash between the MERGE and the property leaves the
   * old fingerprint, and the next run MERGEs again (the MERGE is idempotent).
   */
  static void replaceIfChanged(SparkSession spark, String table, Dataset<Row> source, List<String> keys) {
    String fingerprint = fingerprint(source);
    Row detail = DeltaTable.forName(spark, table).detail().select("properties").first();
    if (fingerprint.equals(detail.<String, String>getJavaMap(0).get(REFERENCE_FINGERPRINT))) {
      return;
    }
    DeltaTable.forName(spark, table).as("t")
        .merge(source.as("s"), keyMatch(keys))
        .whenMatched().updateAll()
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource().delete()
        .execute();
    spark.sql("ALTER TABLE " + table + " SET TBLPROPERTIES ('" + REFERENCE_FINGERPRINT + "' = '" + fingerprint + "')");
  }

  /** SHA-256 of the rows (order-independent): reference rows are few and built on the driver. */
  private static String fingerprint(Dataset<Row> rows) {
    List<String> lines = rows.collectAsList().stream().map(Row::toString).sorted().toList();
    return org.apache.commons.codec.digest.DigestUtils.sha256Hex(String.join("\n", lines));
  }

  /** Runs {@code merge}, or appends {@code source} (by column name) when the table has no data file yet. */
  private static void write(SparkSession spark, String table, Dataset<Row> source, Runnable merge) {
    long files = fr.goodair.lake.DeltaFiles.count(spark, table);
    if (files == 0) {
      try {
        source.writeTo(table).append();
      } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
        throw new IllegalStateException(table + " is not registered: " + e.getMessage(), e);
      }
      return;
    }
    merge.run();
  }

  private static String keyMatch(List<String> keys) {
    return keys.stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
  }

  /** {@code AND t.c BETWEEN <min> AND <max>} with the batch's bounds as literals, so Delta can skip files. */
  private static String range(Dataset<Row> source, String column) {
    // Formatted by Spark in the session time zone (UTC), which is also how the literals are read back.
    String format = "'yyyy-MM-dd HH:mm:ss.SSSSSS'";
    Row bounds = source.agg(expr("date_format(min(" + column + "), " + format + ")"),
        expr("date_format(max(" + column + "), " + format + ")")).first();
    if (bounds.isNullAt(0)) {
      return "";
    }
    return " AND t." + column + " BETWEEN TIMESTAMP '" + bounds.getString(0) + "' AND TIMESTAMP '"
        + bounds.getString(1) + "'";
  }
}
