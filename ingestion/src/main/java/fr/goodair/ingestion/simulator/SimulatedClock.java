package fr.goodair.ingestion.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulator's "now": observation times, OWM {@code dt} and fault time ranges follow it, not the machine's
 * clock. It stands still unless set or advanced ({@link #set}, {@link #advance}), or, after {@link #tick()}, moves
 * with the wall clock from where it was (for a long-running demo daemon). Thread-safe.
 *
 * <p>Example: {@code sim.clock().set(Instant.parse("2026-07-15T10:00:00Z"))}, then ingest, then
 * {@code sim.clock().advance(Duration.ofHours(1))}.
 */
public final class SimulatedClock extends Clock {

  private Instant base;
  private long wallNanosAtBase;
  private boolean ticking;

  public SimulatedClock(Instant start) {
    set(start);
  }

  public synchronized Instant now() {
    if (!ticking) {
      return base;
    }
    return base.plusNanos(System.nanoTime() - wallNanosAtBase);
  }

  /** Jumps to {@code time}; a ticking clock keeps ticking from there. */
  public synchronized void set(Instant time) {
    this.base = time;
    this.wallNanosAtBase = System.nanoTime();
  }

  public synchronized void advance(Duration duration) {
    set(now().plus(duration));
  }

  /** From now on, simulated time moves with the wall clock. */
  public synchronized void tick() {
    set(now());
    this.ticking = true;
  }

  /** Freezes simulated time where it is. */
  public synchronized void freeze() {
    set(now());
    this.ticking = false;
  }

  @Override
  public Instant instant() {
    return now();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulated clock is UTC");
  }
}
