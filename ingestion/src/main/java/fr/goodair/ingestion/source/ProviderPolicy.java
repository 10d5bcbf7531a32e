package fr.goodair.ingestion.source;

import java.time.Duration;
import java.util.Objects;

/**
 * How politely one API provider is called: its quota, how many calls may be in flight, and how failed calls are
 * retried. One policy per provider, shared by every endpoint of that provider (OWM current weather and OWM air
 * pollution draw on the same key, hence the same quota).
 *
 * @param name provider name; the {@link HttpFetcher} keeps one rate limiter and one concurrency bound per name
 * @param maxCallsPerWindow at most this many calls start in any sliding {@code window}; 0 or less = no rate limit
 * @param window the sliding window of the rate limit
 * @param maxConcurrentCalls at most this many calls of this provider are in flight at once
 * @param maxAttempts attempts of one logical GET, the first one included (1 = no retry)
 * @param baseBackoff wait before the first retry; doubled at each further retry (plus jitter)
 * @param maxBackoff ceiling of the exponential backoff
 * @param callTimeout the whole of one attempt (connect, send, wait, read the body)
 * @param maxRetryAfter ceiling on a server's {@code Retry-After}: a provider asking for an hour does not stall the
 *     hourly run
 */
public record ProviderPolicy(
    String name,
    int maxCallsPerWindow,
    Duration window,
    int maxConcurrentCalls,
    int maxAttempts,
    Duration baseBackoff,
    Duration maxBackoff,
    Duration callTimeout,
    Duration maxRetryAfter) {

  public ProviderPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxCallsPerWindow > 0 && (window.isZero() || window.isNegative())) {
      throw new IllegalArgumentException(name + ": a rate limit needs a positive window");
    }
    if (maxConcurrentCalls < 1) {
      throw new IllegalArgumentException(name + ": maxConcurrentCalls must be at least 1");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(name + ": maxAttempts must be at least 1");
    }
    if (callTimeout.isZero() || callTimeout.isNegative()) {
      throw new IllegalArgumentException(name + ": callTimeout must be positive");
    }
  }

  /**
   * OpenWeatherMap free plan: 60 calls per minute (openweathermap.org/full-price, DOMAIN.md §2), shared by the
   * current-weather and air-pollution endpoints.
   */
  public static ProviderPolicy owmFreePlan() {
    return new ProviderPolicy(
        "owm", 60, Duration.ofMinutes(1), 4, 3,
        Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(60));
  }

  /**
   * AQICN / WAQI default quota: 1000 requests per minute (aqicn.org/api/tos, DOMAIN.md §1). The terms also
   * mention bursts "up to 60"; the concurrency bound of 8 keeps us far below that.
   */
  public static ProviderPolicy aqicn() {
    return new ProviderPolicy(
        "aqicn", 1000, Duration.ofMinutes(1), 8, 3,
        Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(60));
  }

  /** True when calls are counted against a quota. */
  public boolean rateLimited() {
    return maxCallsPerWindow > 0;
  }

  /**
   * The same policy without its quota, for simulated backfills against the local API simulator (thousands of
   * hours replayed in minutes). The concurrency bound stays: it protects this process, not the provider.
   */
  public ProviderPolicy withoutRateLimit() {
    return new ProviderPolicy(name, 0, window, maxConcurrentCalls, maxAttempts, baseBackoff, maxBackoff,
        callTimeout, maxRetryAfter);
  }

  /** The same policy under another name, so it gets its own limiter in a shared {@link HttpFetcher}. */
  public ProviderPolicy named(String newName) {
    return new ProviderPolicy(newName, maxCallsPerWindow, window, maxConcurrentCalls, maxAttempts, baseBackoff,
        maxBackoff, callTimeout, maxRetryAfter);
  }
}
