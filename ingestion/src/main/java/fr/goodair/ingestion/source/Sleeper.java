package fr.goodair.ingestion.source;

import java.time.Duration;

/** Waits. Injected so that tests can observe or shorten the backoff and rate-limit waits. */
@FunctionalInterface
public interface Sleeper {

  /** The real thing: {@link Thread#sleep(long, int)}. */
  Sleeper SYSTEM = duration -> {
    if (!duration.isNegative() && !duration.isZero()) {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
  };

  void sleep(Duration duration) throws InterruptedException;
}
