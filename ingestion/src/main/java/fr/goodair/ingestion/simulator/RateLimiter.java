package fr.goodair.ingestion.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Sliding-window quota in wall-clock time (a real provider counts real seconds, whatever the simulated clock
 * says): at most {@code limit} accepted calls in any {@code window}.
 */
final class RateLimiter {

  private final int limit;
  private final long windowNanos;
  private final Deque<Long> accepted = new ArrayDeque<>();

  RateLimiter(int limit, Duration window) {
    this.limit = limit;
    this.windowNanos = window.toNanos();
  }

  /** Zero when the call is accepted (and counted), else how long until a slot frees up. */
  synchronized Duration tryAcquire() {
    long now = System.nanoTime();
    while (!accepted.isEmpty() && now - accepted.peekFirst() >= windowNanos) {
      accepted.pollFirst();
    }
    if (accepted.size() < limit) {
      accepted.addLast(now);
      return Duration.ZERO;
    }
    return Duration.ofNanos(windowNanos - (now - accepted.peekFirst()));
  }
}
