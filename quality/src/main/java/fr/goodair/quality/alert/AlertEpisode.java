package fr.goodair.quality.alert;

import fr.goodair.quality.Level;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One episode of one problem: from the evaluation that first saw its key to the one that no longer did. This is
 * one row of {@code quality.alerts}.
 *
 * <p>{@code announcedStatus} is what people were last told (null before any notification). It differs from
 * {@code status} while a change is not announced yet: a re-opening folded into a recently recovered episode
 * during the cooldown, or a notification that no sink could deliver.
 *
 * @param alertId random id of the episode
 * @param key the problem's {@link AlertCondition#key()}
 * @param kind the problem's family ({@code quality}, {@code freshness}, {@code error_rate}, {@code job_failure})
 * @param severity latest severity seen
 * @param summary latest one-line summary seen
 * @param detail latest detail seen
 * @param status open or recovered
 * @param openedAt when the episode was first seen
 * @param lastSeenAt the last evaluation that still saw the problem
 * @param recoveredAt when an evaluation first missed it, null while open
 * @param announcedStatus the status people were last notified of, null when never
 * @param lastNotifiedAt when a notification was last attempted for this episode, null when never
 * @param notifiedChannels the channels that delivered that notification (empty when none did)
 * @param deliveryStatus {@code sent}, {@code partial}, {@code failed} or {@code table_only}; null when never
 * @param deliveryError one line per failed channel, null when none failed
 * @param reopenCount how many times the problem came back during the cooldown and was folded into this episode
 */
public record AlertEpisode(String alertId, String key, String kind, Level severity, String summary, String detail,
    AlertStatus status, Instant openedAt, Instant lastSeenAt, Instant recoveredAt, AlertStatus announcedStatus,
    Instant lastNotifiedAt, List<String> notifiedChannels, String deliveryStatus, String deliveryError,
    int reopenCount) {

  /** Every sink delivered the last notification. */
  public static final String SENT = "sent";
  /** Some sinks delivered it, some failed. */
  public static final String PARTIAL = "partial";
  /** No sink delivered it. */
  public static final String FAILED = "failed";
  /** No sink is configured: the alerts table is the only channel. */
  public static final String TABLE_ONLY = "table_only";

  public AlertEpisode {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    notifiedChannels = notifiedChannels == null ? List.of() : List.copyOf(notifiedChannels);
  }

  /** A new open episode for a condition seen for the first time. */
  static AlertEpisode open(AlertCondition condition, Instant now) {
    return new AlertEpisode(UUID.randomUUID().toString(), condition.key(), condition.kind(), condition.severity(),
        condition.summary(), condition.detail(), AlertStatus.OPEN, now, now, null, null, null, List.of(), null, null,
        0);
  }

  public boolean isOpen() {
    return status == AlertStatus.OPEN;
  }

  /** Whether people have not been told the current status yet. */
  public boolean announcementPending() {
    return announcedStatus != status;
  }

  /** Still seen: keeps the latest wording and severity, so the table shows the problem as it is now. */
  AlertEpisode seen(AlertCondition condition, Instant now) {
    return new AlertEpisode(alertId, key, condition.kind(), condition.severity(), condition.summary(),
        condition.detail(), AlertStatus.OPEN, openedAt, now, null, announcedStatus, lastNotifiedAt,
        notifiedChannels, deliveryStatus, deliveryError, reopenCount);
  }

  /** Came back soon after recovering: the same episode goes on. */
  AlertEpisode reopened(AlertCondition condition, Instant now) {
    AlertEpisode seen = seen(condition, now);
    return new AlertEpisode(alertId, key, seen.kind, seen.severity, seen.summary, seen.detail, AlertStatus.OPEN,
        openedAt, now, null, announcedStatus, lastNotifiedAt, notifiedChannels, deliveryStatus, deliveryError,
        reopenCount + 1);
  }

  AlertEpisode recovered(Instant now) {
    return new AlertEpisode(alertId, key, kind, severity, summary, detail, AlertStatus.RECOVERED, openedAt,
        lastSeenAt, now, announcedStatus, lastNotifiedAt, notifiedChannels, deliveryStatus, deliveryError,
        reopenCount);
  }

  /**
   * Records a notification attempt. People count as told when at least one channel delivered, or when there is
   * no channel but the table; otherwise the change stays pending and is tried again after the cooldown.
   */
  AlertEpisode notified(Instant now, List<SinkDelivery> deliveries) {
    List<String> delivered = deliveries.stream().filter(SinkDelivery::delivered).map(SinkDelivery::channel).toList();
    List<String> errors = deliveries.stream().filter(d -> !d.delivered())
        .map(d -> d.channel() + ": " + d.error()).toList();
    String outcome = deliveries.isEmpty() ? TABLE_ONLY
        : errors.isEmpty() ? SENT
        : delivered.isEmpty() ? FAILED
        : PARTIAL;
    AlertStatus told = outcome.equals(FAILED) ? announcedStatus : status;
    return new AlertEpisode(alertId, key, kind, severity, summary, detail, status, openedAt, lastSeenAt,
        recoveredAt, told, now, delivered, outcome, errors.isEmpty() ? null : String.join("; ", errors),
        reopenCount);
  }
}
