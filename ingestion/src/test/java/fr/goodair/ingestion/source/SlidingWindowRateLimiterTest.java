package fr.goodair.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {

  /** Any N+1 consecutive starts (sorted) must span at least the window. */
  private static void assertNoMoreThan(int maxCalls, long windowNanos, long toleranceNanos, List<Long> starts) {
    List<Long> sorted = new ArrayList<>(starts);
    Collections.sort(sorted);
    for (int i = 0; i + maxCalls < sorted.size(); i++) {
      assertThat(sorted.get(i + maxCalls) - sorted.get(i))
          .as("starts %d and %d", i, i + maxCalls)
          .isGreaterThanOrEqualTo(windowNanos - toleranceNanos);
    }
  }

  @Test
  void neverMoreThanNStartsInAnyWindowOnAFakeClock() throws InterruptedException {
    AtomicLong now = new AtomicLong();
    Sleeper fakeSleep = duration -> now.addAndGet(duration.toNanos());
    SlidingWindowRateLimiter limiter =
        new SlidingWindowRateLimiter(60, Duration.ofMinutes(1), now::get, fakeSleep);
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(137)); // callers arriving faster than the quota allows
      limiter.acquire();
      starts.add(now.get());
    }
    assertNoMoreThan(60, Duration.ofMinutes(1).toNanos(), 0, starts);
    // and it does not wait more than needed: 200 calls at 60/min take a bit more than 3 minutes
    assertThat(starts.get(199) - starts.get(0)).isLessThan(Duration.ofMinutes(4).toNanos());
  }

  @Test
  void neverMoreThanNStartsInAnyWindowUnderConcurrency() throws Exception {
    int maxCalls = 5;
    Duration window = Duration.ofMillis(300);
    SlidingWindowRateLimiter limiter = new SlidingWindowRateLimiter(maxCalls, window, System::nanoTime,
        Sleeper.SYSTEM);
    List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 18; i++) {
        futures.add(pool.submit(() -> {
          limiter.acquire();
          starts.add(System.nanoTime());
          return null;
        }));
      }
      for (Future<?> future : futures) {
        future.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(starts).hasSize(18);
    // a start is recorded a moment after the limiter let it go: allow a few ms of scheduling noise
    assertNoMoreThan(maxCalls, window.toNanos(), TimeUnit.MILLISECONDS.toNanos(15), starts);
  }
}
