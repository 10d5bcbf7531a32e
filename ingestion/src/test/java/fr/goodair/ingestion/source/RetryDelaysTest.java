package fr.goodair.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryDelaysTest {

  private static final Duration BASE = Duration.ofSeconds(1);
  private static final Duration MAX = Duration.ofSeconds(20);

  @Test
  void backoffDoublesWithHalfOfItJittered() {
    assertThat(RetryDelays.backoff(1, BASE, MAX, 0.0)).isEqualTo(Duration.ofMillis(500));
    assertThat(RetryDelays.backoff(1, BASE, MAX, 0.999)).isBetween(Duration.ofMillis(999), BASE);
    assertThat(RetryDelays.backoff(2, BASE, MAX, 0.0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryDelays.backoff(3, BASE, MAX, 0.0)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void backoffIsCappedEvenForHugeRetryNumbers() {
    assertThat(RetryDelays.backoff(10, BASE, MAX, 1.0)).isEqualTo(MAX);
    assertThat(RetryDelays.backoff(100, BASE, MAX, 0.5)).isBetween(Duration.ofSeconds(10), MAX);
  }

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2015-10-21T07:27:00Z");
    assertThat(RetryDelays.parseRetryAfter("120", now)).contains(Duration.ofSeconds(120));
    assertThat(RetryDelays.parseRetryAfter(" 1 ", now)).contains(Duration.ofSeconds(1));
    assertThat(RetryDelays.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).contains(Duration.ofSeconds(60));
    assertThat(RetryDelays.parseRetryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now)).contains(Duration.ZERO);
  }

  @Test
  void malformedRetryAfterIsIgnored() {
    Instant now = Instant.now();
    assertThat(RetryDelays.parseRetryAfter(null, now)).isEmpty();
    assertThat(RetryDelays.parseRetryAfter("soon", now)).isEmpty();
    assertThat(RetryDelays.parseRetryAfter("-5", now)).isEmpty();
    assertThat(RetryDelays.parseRetryAfter("99999999999999999999999", now)).isEmpty();
  }

  @Test
  void retryAfterIsCapped() {
    assertThat(RetryDelays.capped(Duration.ofHours(1), Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    assertThat(RetryDelays.capped(Duration.ofSeconds(1), Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
  }
}
