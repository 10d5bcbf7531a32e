package fr.goodair.quality.alert;

import java.time.Instant;
import java.util.List;

/**
 * What one {@link AlertManager#evaluate} did.
 *
 * @param evaluatedAt the evaluation's time
 * @param opened episodes opened by this evaluation (keys not seen before, or not since the cooldown)
 * @param reopened recently recovered episodes whose key came back within the cooldown: folded, not re-announced
 * @param stillOpen open episodes whose key is still active: kept open with {@code last_seen_at} updated
 * @param recovered episodes closed by this evaluation
 * @param digest what was (or would have been) sent; {@link AlertDigest#hasNews()} is false when nothing was
 * @param deliveries one outcome per sink when a digest was sent, else empty
 */
public record AlertEvaluation(Instant evaluatedAt, List<AlertEpisode> opened, List<AlertEpisode> reopened,
    List<AlertEpisode> stillOpen, List<AlertEpisode> recovered, AlertDigest digest, List<SinkDelivery> deliveries) {

  public AlertEvaluation {
    opened = List.copyOf(opened);
    reopened = List.copyOf(reopened);
    stillOpen = List.copyOf(stillOpen);
    recovered = List.copyOf(recovered);
    deliveries = List.copyOf(deliveries);
  }

  /** Whether a digest went out (or was attempted) to the sinks. */
  public boolean notified() {
    return digest.hasNews();
  }
}
