package fr.goodair.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.gold.GoldTables;
import fr.goodair.gold.HourlySeries;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import fr.goodair.lake.TestLake;
import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Hour after hour of small writes: with maintenance after each cycle, a table's file count stays bounded. */
class TableMaintenanceTest {

  private final SparkSession spark = TestLake.spark();

  private long files(String table) {
    return DeltaTable.forName(spark, table).detail().select("numFiles").first().getLong(0);
  }

  @Test
  void theFileCountOfAnHourlyTableStaysBoundedAndZOrderedByCity() throws Exception {
    LakeLayout lake = TestLake.newLake();
    LakeTable hourly = GoldTables.all(lake).stream().filter(t -> t.name().equals(GoldTables.CITY_HOURLY))
        .findFirst().orElseThrow();
    hourly.ensure(spark);
    TableMaintenance maintenance = new TableMaintenance(spark, 4);
    Instant start = Instant.parse("2026-07-01T00:00:00Z");
    long most = 0;
    int compactions = 0;
    for (int h = 0; h < 12; h++) {
      // One hourly cycle: each city's hour appended as its own file, as hourly MERGEs add files.
      for (String city : List.of("paris", "lyon")) {
        HourlySeries.of(city, "Europe/Paris", start.plus(h, ChronoUnit.HOURS), 1).with("temperature_c", x -> 20.0)
            .rows(spark).coalesce(1).writeTo(GoldTables.CITY_HOURLY).append();
      }
      most = Math.max(most, files(GoldTables.CITY_HOURLY));
      compactions += maintenance.run(List.of(hourly)).size();
      assertThat(files(GoldTables.CITY_HOURLY)).isLessThan(4);
    }
    // Never more than the bound plus one cycle's files, however many hours went by.
    assertThat(most).isLessThanOrEqualTo(4 + 1);
    assertThat(compactions).isGreaterThanOrEqualTo(12 * 2 / 4);
    assertThat(spark.table(GoldTables.CITY_HOURLY).count()).isEqualTo(24);
    Row last = spark.sql("DESCRIBE HISTORY " + GoldTables.CITY_HOURLY).where("operation = 'OPTIMIZE'")
        .orderBy(org.apache.spark.sql.functions.desc("version")).first();
    assertThat(last.<scala.collection.Map<String, String>>getAs("operationParameters").get("zOrderBy").get())
        .contains("city_id");
  }

  @Test
  void aBoundBelowTwoIsRefused() {
    assertThatThrownBy(() -> new TableMaintenance(spark, 1)).hasMessageContaining("at least 2");
  }
}
