package fr.goodair.ingestion.source;

import fr.goodair.ingestion.source.FetchResult.FailureKind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs one logical GET: attempts, retries with exponential backoff and jitter, {@code Retry-After}, and the
 * per-provider rate limit and concurrency bound. One instance (one OkHttp client, one connection pool) serves every
 * adapter of the process; it keeps one {@link ProviderThrottle} per {@link ProviderPolicy#name()}, so two
 * endpoints of the same provider share its quota.
 *
 * <p>Retried: HTTP 429, HTTP 5xx, timeouts and I/O errors. Not retried: other statuses (a 401 or 404 will not
 * get better in two seconds). It never throws for a failed fetch; the result says what happened. It knows no
 * secret, so it never logs URLs or exception texts (they may contain a key).
 */
public final class HttpFetcher {

  /** Response headers kept in {@link FetchResult#headers()}. */
  public static final List<String> HEADERS_KEPT =
      List.of("Content-Type", "Retry-After", "Date", "X-GoodAir-Simulator");

  private static final Logger LOG = LoggerFactory.getLogger(HttpFetcher.class);
  private static final String USER_AGENT = "GoodAir-Lakehouse-ingestion";

  private final OkHttpClient client;
  private final Sleeper sleeper;
  private final LongSupplier nanoTicker;
  private final DoubleSupplier jitter;
  private final Clock clock;
  private final Map<String, ProviderThrottle> throttles = new ConcurrentHashMap<>();

  /** A fetcher with its own OkHttp client, real time and random jitter. */
  public HttpFetcher() {
    this(defaultClient(), Sleeper.SYSTEM, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble(),
        Clock.systemUTC());
  }

  /**
   * @param client shared OkHttp client; its own silent connection retry should be off so that attempts are
   *     counted honestly ({@link #defaultClient()})
   * @param sleeper how backoff and rate-limit waits are spent
   * @param nanoTicker monotonic time for latencies and the rate limiter
   * @param jitter random numbers in [0, 1) for the backoff jitter
   * @param clock wall clock, for HTTP-date {@code Retry-After} values
   */
  public HttpFetcher(OkHttpClient client, Sleeper sleeper, LongSupplier nanoTicker, DoubleSupplier jitter,
      Clock clock) {
    this.client = client;
    this.sleeper = sleeper;
    this.nanoTicker = nanoTicker;
    this.jitter = jitter;
    this.clock = clock;
  }

  /**
   * The client a fetcher uses by default. OkHttp's own transparent retry is turned off: a hidden second request
   * would escape the rate limiter and the attempt count. Per-attempt deadlines come from the policy.
   */
  public static OkHttpClient defaultClient() {
    return new OkHttpClient.Builder()
        .retryOnConnectionFailure(false)
        .connectTimeout(Duration.ofSeconds(10))
        .readTimeout(Duration.ofSeconds(30))
        .build();
  }

  /** GETs {@code url} under the policy of its provider; never throws for a failed fetch. */
  public FetchResult get(HttpUrl url, ProviderPolicy policy) {
    ProviderThrottle throttle = throttleFor(policy);
    long firstStart = nanoTicker.getAsLong();
    Attempt last = null;
    int attempts = 0;
    try {
      while (true) {
        attempts++;
        try (ProviderThrottle.Permit permit = throttle.enter()) {
          last = attempt(url, policy);
        }
        if (!last.retryable() || attempts >= policy.maxAttempts()) {
          break;
        }
        Duration wait = waitBeforeRetry(attempts, last, policy);
        LOG.debug("{}: attempt {} of {} gave {}; retrying in {} ms", policy.name(), attempts,
            policy.maxAttempts(), last.summary(), wait.toMillis());
        sleeper.sleep(wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the run is being stopped: give up now, say so, keep the flag
      last = Attempt.failed(FailureKind.NETWORK, "interrupted before the fetch completed", Duration.ZERO);
    }
    Duration total = Duration.ofNanos(nanoTicker.getAsLong() - firstStart);
    return new FetchResult(last.status, last.body, last.headers, last.latency, total, attempts, last.failure,
        last.error);
  }

  private ProviderThrottle throttleFor(ProviderPolicy policy) {
    ProviderThrottle throttle =
        throttles.computeIfAbsent(policy.name(), name -> new ProviderThrottle(policy, nanoTicker, sleeper));
    if (!throttle.policy().equals(policy)) {
      // Two different quotas under one name would silently use the first: refuse at wiring time instead.
      throw new IllegalArgumentException("provider '" + policy.name() + "' is already used with another policy; "
          + "give the second policy another name (ProviderPolicy.named)");
    }
    return throttle;
  }

  private Attempt attempt(HttpUrl url, ProviderPolicy policy) {
    Request request = new Request.Builder().url(url).get().header("User-Agent", USER_AGENT).build();
    Call call = client.newCall(request);
    call.timeout().timeout(policy.callTimeout().toNanos(), TimeUnit.NANOSECONDS);
    long start = nanoTicker.getAsLong();
    try (Response response = call.execute()) {
      ResponseBody responseBody = response.body();
      byte[] bytes = responseBody == null ? new byte[0] : responseBody.bytes();
      return Attempt.received(response.code(), bytes, keptHeaders(response), since(start));
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        return Attempt.failedForGood("interrupted before the fetch completed", since(start));
      }
      // OkHttp reports its call timeout, and socket connect/read timeouts, as InterruptedIOException.
      return Attempt.failed(FailureKind.TIMEOUT, describe(e), since(start));
    } catch (IOException e) {
      return Attempt.failed(FailureKind.NETWORK, describe(e), since(start));
    } catch (RuntimeException e) {
      // e.g. an unusable URL scheme: not retryable, but still never thrown at the adapter
      return Attempt.failedForGood(describe(e), since(start));
    }
  }

  private Duration waitBeforeRetry(int attemptsDone, Attempt last, ProviderPolicy policy) {
    Duration backoff =
        RetryDelays.backoff(attemptsDone, policy.baseBackoff(), policy.maxBackoff(), jitter.getAsDouble());
    if (last.status != null && (last.status == 429 || last.status == 503)) {
      Duration asked = RetryDelays.parseRetryAfter(last.headers.get("Retry-After"), clock.instant()).orElse(null);
      if (asked != null) {
        return RetryDelays.capped(asked, policy.maxRetryAfter());
      }
    }
    return backoff;
  }

  private Duration since(long start) {
    return Duration.ofNanos(nanoTicker.getAsLong() - start);
  }

  private static Map<String, String> keptHeaders(Response response) {
    Map<String, String> kept = new LinkedHashMap<>();
    for (String name : HEADERS_KEPT) {
      String value = response.header(name);
      if (value != null) {
        kept.put(name, value);
      }
    }
    return kept;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  /** One attempt's facts. */
  private record Attempt(Integer status, byte[] body, Map<String, String> headers, Duration latency,
      FailureKind failure, String error, boolean retryable) {

    static Attempt received(int status, byte[] body, Map<String, String> headers, Duration latency) {
      boolean retryable = status == 429 || (status >= 500 && status <= 599);
      return new Attempt(status, body, headers, latency, FailureKind.NONE, null, retryable);
    }

    static Attempt failed(FailureKind kind, String error, Duration latency) {
      return new Attempt(null, null, Map.of(), latency, kind, error, true);
    }

    static Attempt failedForGood(String error, Duration latency) {
      return new Attempt(null, null, Map.of(), latency, FailureKind.NETWORK, error, false);
    }

    String summary() {
      return status != null ? "HTTP " + status : failure.name().toLowerCase();
    }
  }
}
