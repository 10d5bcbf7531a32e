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

  private static String property(SparkSession spark, String table, String key) {
    org.apache.spark.sql.Row detail = spark.sql("DESCRIBE DETAIL " + table).first();
    return detail.<String, String>getJavaMap(detail.fieldIndex("properties")).get(key);
  }

  @Test
  void declaredPropertiesAreSetOnANewTableKeptOnReRegistrationAndAddedToAnOlderOne() {
    SparkSession spark = SparkTestSession.get();
    LakeLayout lake = new LakeLayout(SparkTestSession.tempDir("lake").toUri().toString());
    LakeTable plain = lake.table("probe.changes", "id INT NOT NULL", "one change");
    LakeTable withFeed = plain.withProperty("delta.enableChangeDataFeed", "true");

    // A table created before the property was declared gets it from the next registration.
    plain.ensure(spark);
    assertThat(property(spark, "probe.changes", "delta.enableChangeDataFeed")).isNull();
    spark.sql("DROP TABLE probe.changes");
    withFeed.ensure(spark);
    assertThat(property(spark, "probe.changes", "delta.enableChangeDataFeed")).isEqualTo("true");
    // Registering it again (another process) neither fails nor adds a commit.
    long versions = spark.sql("DESCRIBE HISTORY probe.changes").count();
    spark.sql("DROP TABLE probe.changes");
    withFeed.ensure(spark);
    assertThat(spark.sql("DESCRIBE HISTORY probe.changes").count()).isEqualTo(versions);

    // A new table has it from its first commit.
    LakeTable fresh = lake.table("probe.fresh", "id INT NOT NULL", "one row")
        .withProperty("delta.enableChangeDataFeed", "true");
    fresh.ensure(spark);
    assertThat(property(spark, "probe.fresh", "delta.enableChangeDataFeed")).isEqualTo("true");
    assertThat(spark.sql("DESCRIBE HISTORY probe.fresh").count()).isEqualTo(1);
  }
}
