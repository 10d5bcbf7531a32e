package fr.goodair.ingestion.source;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * Never lets more than {@code maxCalls} calls start in any window of length {@code window}: a sliding window log
 * (the start time of each of the last {@code maxCalls} calls). Unlike a fixed-minute counter it cannot let
 * 2 × maxCalls through around a minute boundary, which is what a provider counting on its own clock would punish.
 * Thread-safe; waiting happens outside the lock.
 */
public final class SlidingWindowRateLimiter {

  private final int maxCalls;
  private final long windowNanos;
  private final LongSupplier nanoTicker;
  private final Sleeper sleeper;
  private final Deque<Long> starts = new ArrayDeque<>();

  public SlidingWindowRateLimiter(int maxCalls, Duration window, LongSupplier nanoTicker, Sleeper sleeper) {
    if (maxCalls < 1) {
      throw new IllegalArgumentException("maxCalls must be at least 1");
    }
    this.maxCalls = maxCalls;
    this.windowNanos = window.toNanos();
    this.nanoTicker = nanoTicker;
    this.sleeper = sleeper;
  }

  /** Blocks until a call may start, and records that it starts now. */
  public void acquire() throws InterruptedException {
    while (true) {
      long waitNanos = tryAcquire();
      if (waitNanos == 0) {
        return;
      }
      sleeper.sleep(Duration.ofNanos(waitNanos));
    }
  }

  /** Records a start and returns 0, or returns how long to wait before a slot frees up. */
  private synchronized long tryAcquire() {
    long now = nanoTicker.getAsLong();
    while (!starts.isEmpty() && now - starts.peekFirst() >= windowNanos) {
      starts.pollFirst();
    }
    if (starts.size() < maxCalls) {
      starts.addLast(now);
      return 0;
    }
    return Math.max(1, starts.peekFirst() + windowNanos - now);
  }
}
