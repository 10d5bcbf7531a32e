package fr.goodair.quality.alert;

import fr.goodair.lake.LakeLayout;
import fr.goodair.quality.SparkTestSession;
import org.apache.spark.sql.SparkSession;

/** A fresh lake for one alerting test, on the shared test session. */
final class AlertTestLake {

  private AlertTestLake() {}

  static LakeLayout fresh() {
    SparkSession spark = SparkTestSession.get();
    // Delta reads a table's log with 50 partitions by default: on a 2-core local session that alone takes about a
    // second per query of this tiny table. Only speed changes, so setting it on the shared session is harmless.
    spark.conf().set("spark.databricks.delta.snapshotPartitions", "1");
    // Each test is a new lake; the catalog entry of the previous one must go, as in a new process.
    spark.sql("DROP TABLE IF EXISTS " + AlertsTable.NAME);
    return new LakeLayout(SparkTestSession.tempDir("alerts").toUri().toString());
  }
}
