package fr.goodair.quality;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class LakeTableTest {

  @Test
  void ensureCreatesThenReRegistersAnExistingDeltaLocation() {
    SparkSession spark = SparkTestSession.get();
    LakeLayout lake = new LakeLayout(SparkTestSession.tempDir("lake").toUri().toString());
    LakeTable table = lake.table("probe.readings", "id INT NOT NULL, value DOUBLE COMMENT 'µg/m³'", "one reading");
    table.ensure(spark);
    spark.sql("INSERT INTO probe.readings VALUES (1, 2.5)");

    // A new process has an empty catalog: registering the same location again finds the data.
    spark.sql("DROP TABLE probe.readings");
    assertThat(spark.sql("SHOW TABLES IN probe").count()).isZero();
    table.ensure(spark);
    assertThat(spark.sql("SELECT value FROM probe.readings WHERE id = 1").first().getDouble(0)).isEqualTo(2.5);
  }
}
