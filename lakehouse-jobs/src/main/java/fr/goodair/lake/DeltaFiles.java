package fr.goodair.lake;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;

/** The data files of a Delta table, as its current snapshot counts them. */
public final class DeltaFiles {

  private DeltaFiles() {}

  /** Data files in the table's current version (0 for a table created but never written). */
  public static long count(SparkSession spark, String table) {
    return DeltaTable.forName(spark, table).detail().select("numFiles").first().getLong(0);
  }
}
