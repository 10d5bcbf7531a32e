package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Every readable envelope, failed fetches and {@code missed} hours included: the availability record. */
public final class IngestionLogNormalizer {

  private IngestionLogNormalizer() {}

  public static Dataset<Row> entries(Dataset<Row> readableEnvelopes) {
    return readableEnvelopes.select(col("source"), col("city_id"), col("scheduled_for"), col("run_id"),
        col("fetched_at"), col("outcome"), col("http_status"), col("latency_ms"), col("attempts"), col("error"),
        col("simulated"), col("payload_sha256"), col("bronze_object"), col("line_number"));
  }
}
