package fr.goodair.maintenance;

import fr.goodair.gold.GoldTables;
import fr.goodair.lake.DeltaFiles;
import fr.goodair.lake.LakeTable;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the file count of the lake's Delta tables bounded. Every hourly MERGE adds a file or two per table, and
 * Delta's auto-compaction is off (it rewrote every write, see Sessions); so each hourly cycle ends here: a table
 * with {@code maxFiles} files or more is compacted with {@code OPTIMIZE}, Z-ordered by city where readers filter
 * by city and the table is read across time (gold's hourly tables). Between compactions a table grows by at
 * most one cycle's files, so the count stays under {@code maxFiles} plus one cycle's writes whatever the
 * history. A compaction rewrites only files below OPTIMIZE's minimum size (32 MB, see Sessions), so its cost is
 * bounded too; a Z-order rewrites the whole table, which at gold's size is a few megabytes per year and city set.
 */
public final class TableMaintenance {

  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);
  /** Tables worth Z-ordering: researchers and dashboards read one city's history at a time. */
  static final Map<String, List<String>> ZORDER = Map.of(
      GoldTables.CITY_HOURLY, List.of("city_id"),
      GoldTables.SEASONALITY_FEATURES, List.of("city_id"),
      GoldTables.EXTREME_VARIATIONS, List.of("city_id"));

  private final SparkSession spark;
  private final int maxFiles;

  public TableMaintenance(SparkSession spark, int maxFiles) {
    if (maxFiles < 2) {
      throw new IllegalArgumentException("maintenance.max-files must be at least 2, got " + maxFiles);
    }
    this.spark = spark;
    this.maxFiles = maxFiles;
  }

  /** Compacts the tables that reached the bound; returns their names. */
  public List<String> run(List<LakeTable> tables) {
    List<String> compacted = new ArrayList<>();
    for (LakeTable table : tables) {
      long files = DeltaFiles.count(spark, table.name());
      if (files < maxFiles) {
        continue;
      }
      List<String> zorder = ZORDER.getOrDefault(table.name(), List.of());
      long started = System.nanoTime();
      if (zorder.isEmpty()) {
        DeltaTable.forName(spark, table.name()).optimize().executeCompaction();
      } else {
        DeltaTable.forName(spark, table.name()).optimize().executeZOrderBy(zorder.toArray(String[]::new));
      }
      long after = DeltaFiles.count(spark, table.name());
      LOG.info("maintenance: {} compacted from {} to {} files{} in {} ms", table.name(), files, after,
          zorder.isEmpty() ? "" : " (Z-order " + zorder + ")", (System.nanoTime() - started) / 1_000_000);
      compacted.add(table.name());
    }
    return compacted;
  }
}
