package fr.goodair.silver;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;

/**
 * The columns every fact candidate carries besides its values: when it was captured (first = last for a single
 * capture; {@link LatestCapture} widens them), where it came from, and whether the simulator made it.
 */
final class CaptureLineage {

  private CaptureLineage() {}

  /** {@code values} followed by the lineage columns, for a {@code select} over parsed envelopes. */
  static Column[] with(Column... values) {
    return Stream.concat(Arrays.stream(values), Stream.of(
        col("fetched_at").as("first_fetched_at"),
        col("fetched_at").as("last_fetched_at"),
        col("bronze_object"),
        col("simulated"),
        col("line_number"),
        col("fetched_at"))).toArray(Column[]::new);
  }
}
