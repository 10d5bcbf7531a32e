package fr.goodair.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.ingestion.source.FetchResult.FailureKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpFetcherTest {

  private MockWebServer server;
  private final HttpFetcher fetcher = new HttpFetcher();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private HttpUrl url() {
    return server.url("/feed/@5722/");
  }

  @Test
  void retriesServerErrorsUntilSuccess() {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setBody("{\"status\":\"ok\"}"));

    FetchResult result = fetcher.get(url(), Fixtures.fastPolicy("p"));

    assertThat(result.httpStatus()).isEqualTo(200);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.failure()).isEqualTo(FailureKind.NONE);
    assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"ok\"}");
    assertThat(result.totalLatency()).isGreaterThanOrEqualTo(result.lastAttemptLatency());
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void givesUpAfterMaxAttemptsWithTheLastAnswer() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setResponseCode(500).setBody("boom " + i));
    }
    FetchResult result = fetcher.get(url(), Fixtures.fastPolicy("p"));
    assertThat(result.httpStatus()).isEqualTo(500);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(new String(result.body(), StandardCharsets.UTF_8)).isEqualTo("boom 2");
  }

  @Test
  void doesNotRetryOtherClientErrors() {
    server.enqueue(new MockResponse().setResponseCode(404).setBody("{\"cod\":\"404\"}"));
    server.enqueue(new MockResponse().setBody("never asked"));
    FetchResult result = fetcher.get(url(), Fixtures.fastPolicy("p"));
    assertThat(result.httpStatus()).isEqualTo(404);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void honoursRetryAfterOn429() {
    List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(System.nanoTime());
        return calls.getAndIncrement() == 0
            ? new MockResponse().setResponseCode(429).setHeader("Retry-After", "1")
            : new MockResponse().setBody("{}");
      }
    });

    FetchResult result = fetcher.get(url(), Fixtures.fastPolicy("p")); // its own backoff is only 10-40 ms

    assertThat(result.httpStatus()).isEqualTo(200);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
  }

  @Test
  void aHangingServerEndsAsATimeoutAfterTheRetries() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    ProviderPolicy policy = new ProviderPolicy("slow", 0, Duration.ofSeconds(1), 2, 2, Duration.ofMillis(10),
        Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofSeconds(1));

    FetchResult result = fetcher.get(url(), policy);

    assertThat(result.failure()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.httpStatus()).isNull();
    assertThat(result.body()).isNull();
    assertThat(result.totalLatency()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  void aRefusedConnectionIsANetworkFailure() throws IOException {
    HttpUrl closed = url();
    server.shutdown();
    FetchResult result = fetcher.get(closed, Fixtures.fastPolicy("p"));
    assertThat(result.failure()).isEqualTo(FailureKind.NETWORK);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(result.errorMessage()).isNotBlank();
  }

  @Test
  void keepsTheSimulatorHeader() {
    server.enqueue(new MockResponse().setBody("{}").setHeader("X-GoodAir-Simulator", "seed=42"));
    FetchResult result = fetcher.get(url(), Fixtures.fastPolicy("p"));
    assertThat(result.header("x-goodair-simulator")).isEqualTo("seed=42");
  }

  @Test
  void concurrencyNeverExceedsTheBound() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        Thread.sleep(120);
        inFlight.decrementAndGet();
        return new MockResponse().setBody("{}");
      }
    });
    ProviderPolicy policy = new ProviderPolicy("bounded", 0, Duration.ofSeconds(1), 3, 1, Duration.ofMillis(10),
        Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(1));

    List<FetchResult> results = inParallel(12, () -> fetcher.get(url(), policy));

    assertThat(results).allSatisfy(r -> assertThat(r.httpStatus()).isEqualTo(200));
    assertThat(maxInFlight.get()).isEqualTo(3);
  }

  @Test
  void rateLimitHoldsForRealCallsAndRetries() throws Exception {
    List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger calls = new AtomicInteger();
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        arrivals.add(System.nanoTime());
        // every third call fails once: retries count against the quota too
        return calls.incrementAndGet() % 3 == 0
            ? new MockResponse().setResponseCode(500)
            : new MockResponse().setBody("{}");
      }
    });
    int maxCalls = 4;
    Duration window = Duration.ofMillis(400);
    ProviderPolicy policy = new ProviderPolicy("quota", maxCalls, window, 8, 3, Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofSeconds(5), Duration.ofSeconds(1));

    inParallel(10, () -> fetcher.get(url(), policy));

    List<Long> sorted = new ArrayList<>(arrivals);
    Collections.sort(sorted);
    assertThat(sorted.size()).isGreaterThan(10);
    for (int i = 0; i + maxCalls < sorted.size(); i++) {
      // arrival at the server lags the start by a little, and not always by the same amount
      assertThat(sorted.get(i + maxCalls) - sorted.get(i)).isGreaterThan(window.toNanos() - 30_000_000L);
    }
  }

  @Test
  void oneNameOnePolicy() {
    server.enqueue(new MockResponse().setBody("{}"));
    fetcher.get(url(), Fixtures.fastPolicy("owm"));
    assertThatThrownBy(() -> fetcher.get(url(), ProviderPolicy.owmFreePlan()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owm");
  }

  @Test
  void readyPolicies() {
    assertThat(ProviderPolicy.owmFreePlan().maxCallsPerWindow()).isEqualTo(60);
    assertThat(ProviderPolicy.owmFreePlan().window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(ProviderPolicy.aqicn().maxCallsPerWindow()).isEqualTo(1000);
    assertThat(ProviderPolicy.aqicn().withoutRateLimit().rateLimited()).isFalse();
    assertThat(ProviderPolicy.aqicn().withoutRateLimit().maxConcurrentCalls())
        .isEqualTo(ProviderPolicy.aqicn().maxConcurrentCalls());
  }

  static <T> List<T> inParallel(int count, java.util.concurrent.Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
