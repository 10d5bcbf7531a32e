package fr.goodair.quality;

import java.time.Instant;
import java.util.Objects;

/**
 * Identifies a batch in the metrics history.
 *
 * @param id the promotion run's identity for this batch (e.g. the streaming batch id or the bronze run id); a
 *     batch held back and re-run later is recorded again under the same id
 * @param time the time the batch's data belong to (e.g. the ingestion hour), recorded as the metrics' time
 */
public record BatchKey(String id, Instant time) {

  public BatchKey {
    Objects.requireNonNull(time, "time");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a batch needs an id");
    }
  }
}
