package fr.goodair.quality.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, so that an hour of cooldown takes no time. */
final class TestClock extends Clock {

  private Instant now;

  TestClock(String start) {
    this.now = Instant.parse(start);
  }

  TestClock advance(Duration duration) {
    now = now.plus(duration);
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a test clock stays in UTC");
  }
}
