package fr.goodair.ingestion.source;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Pure arithmetic of the waits between attempts: exponential backoff with jitter, and {@code Retry-After}. */
public final class RetryDelays {

  private RetryDelays() {}

  /**
   * Wait before retry number {@code retry} (1 = the wait before the second attempt): {@code base × 2^(retry-1)},
   * capped at {@code max}, then "equal jitter" (half fixed, half random) so that a fleet of cities failing
   * together does not come back in lockstep, while every retry still waits at least half the backoff.
   *
   * @param random a number in [0, 1)
   */
  public static Duration backoff(int retry, Duration base, Duration max, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry numbers start at 1");
    }
    long baseNanos = base.toNanos();
    long capNanos = max.toNanos();
    long factor = retry - 1 >= 62 ? Long.MAX_VALUE : 1L << (retry - 1);
    // base × factor, saturated at the cap without overflowing
    long capped = baseNanos > capNanos / factor ? capNanos : Math.min(baseNanos * factor, capNanos);
    long half = capped / 2;
    return Duration.ofNanos(half + (long) (half * Math.max(0, Math.min(random, 1))));
  }

  /**
   * Parses a {@code Retry-After} header: either delay-seconds ({@code "120"}) or an HTTP-date
   * ({@code "Wed, 21 Oct 2015 07:28:00 GMT"}), relative to {@code now}. A date in the past means "now".
   * Anything else is ignored (empty): a malformed header must not break the retry loop.
   */
  public static Optional<Duration> parseRetryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
      } catch (NumberFormatException tooBig) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration until = Duration.between(now, at);
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  /** {@code wait} capped at {@code max}. */
  public static Duration capped(Duration wait, Duration max) {
    return wait.compareTo(max) > 0 ? max : wait;
  }
}
