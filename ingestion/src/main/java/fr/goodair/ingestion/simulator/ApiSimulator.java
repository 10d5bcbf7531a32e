package fr.goodair.ingestion.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.source.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server that stands in for the AQICN/WAQI and OpenWeatherMap APIs, answering in their exact formats
 * with realistic, deterministic data (same seed, city and simulated hour: same body). Bound to 127.0.0.1 on an
 * ephemeral port.
 *
 * <pre>
 * try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.of(cities, 42))) {
 *   sim.clock().set(Instant.parse("2026-07-15T10:00:00Z"));
 *   String aqicn = sim.aqicnBaseUrl();   // stands for https://api.waqi.info: GET aqicn + "/feed/@5722/?token=…"
 *   String owm = sim.owmBaseUrl();       // stands for https://api.openweathermap.org:
 *                                        //   GET owm + "/data/2.5/weather?lat=…&amp;lon=…&amp;appid=…&amp;units=metric"
 *                                        //   GET owm + "/data/2.5/air_pollution?lat=…&amp;lon=…&amp;appid=…"
 *   sim.faults().add("owm_weather:lyon:http_503:x2");
 * }
 * </pre>
 *
 * <p>Every answer carries {@code X-GoodAir-Simulator: seed=<seed>} so that what it feeds can be marked simulated.
 * Per answer, in order: the request is counted ({@link #requestCount}), the configured latency is waited, the
 * provider quota is checked (when enforced), then a matching {@link FaultPlan} rule applies, then the API's own
 * checks (key, known place) and finally the simulated data.
 */
public final class ApiSimulator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiSimulator.class);

  static {
    // The JDK server sends headers and body in separate writes; with Nagle's algorithm on, each small answer
    // then waits for the client's delayed ACK (~40 ms). A demo makes thousands of calls: turn Nagle off. The
    // property is read once, when the JDK server is first used, and only affects com.sun.net.httpserver.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }
  /** Marks every answer as simulated: {@code X-GoodAir-Simulator: seed=<seed>}. */
  public static final String MARKER_HEADER = "X-GoodAir-Simulator";

  private final SimulatorConfig config;
  private final HttpServer server;
  private final ExecutorService executor;
  private final SimulatedClock clock;
  private final FaultPlan faults = new FaultPlan();
  private final AqicnFeedResponder aqicn;
  private final OwmResponder owm;
  private final RateLimiter owmQuota = new RateLimiter(60, Duration.ofSeconds(60));
  private final RateLimiter aqicnQuota = new RateLimiter(1000, Duration.ofSeconds(60));
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  private ApiSimulator(SimulatorConfig config) throws IOException {
    this.config = config;
    Profiles profiles = Profiles.load();
    CityWeatherModel weather = new CityWeatherModel(profiles, config.seed());
    AirQualityModel air = new AirQualityModel(profiles, config.seed());
    this.aqicn = new AqicnFeedResponder(config.cities(), weather, air, config.seed());
    this.owm = new OwmResponder(config.cities(), weather, air, profiles, config.seed());
    this.clock = new SimulatedClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "api-simulator-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    LOG.info("API simulator on http://127.0.0.1:{} (seed {}, {} cities)", port(), config.seed(),
        config.cities().size());
  }

  public static ApiSimulator start(SimulatorConfig config) {
    try {
      return new ApiSimulator(config);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the API simulator on 127.0.0.1", e);
    }
  }

  /** Stands for {@code https://api.waqi.info}, e.g. {@code http://127.0.0.1:PORT/aqicn}. */
  public String aqicnBaseUrl() {
    return "http://127.0.0.1:" + port() + "/aqicn";
  }

  /** Stands for {@code https://api.openweathermap.org}, e.g. {@code http://127.0.0.1:PORT/owm}. */
  public String owmBaseUrl() {
    return "http://127.0.0.1:" + port() + "/owm";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Simulated "now" (starts at the wall-clock time, frozen): observation times follow it. */
  public SimulatedClock clock() {
    return clock;
  }

  public FaultPlan faults() {
    return faults;
  }

  public SimulatorConfig config() {
    return config;
  }

  /** Requests received for a source and city (city null: requests for unknown stations or places). */
  public long requestCount(Source source, String cityId) {
    AtomicLong n = counts.get(countKey(source, cityId));
    return n == null ? 0 : n.get();
  }

  /** Requests received in total, every path included. */
  public long totalRequests() {
    return sequence.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // interrupts answers held by timeout or slow faults
  }

  /**
   * The body the API would answer for {@code city} at simulated instant {@code at}, without HTTP, faults, quotas
   * or latency: the same models and formats, for generating long histories fast (benchmarks). OWM answers are
   * the metric-units ones the adapters ask for.
   */
  public String answerBody(Source source, City city, Instant at) {
    if (source == Source.AQICN) {
      return aqicn.feed(city, at, false);
    }
    Map<String, String> q = Map.of("lat", String.valueOf(city.latitude()), "lon", String.valueOf(city.longitude()),
        "units", "metric", "appid", "bulk");
    return source == Source.OWM_WEATHER ? owm.currentWeather(city, q, at) : owm.airPollution(city, q, at);
  }

  // ------------------------------------------------------------------ request handling

  /** What a request is about, known before anything is answered. */
  private record Route(Source source, City city, String target, Map<String, String> query) {}

  private void handle(HttpExchange exchange) {
    try (exchange) {
      long requestNo = sequence.incrementAndGet();
      Instant now = clock.now();
      Route route = route(exchange.getRequestURI());
      if (route == null) {
        send(exchange, SimulatedResponse.json(404, "{\"message\":\"not simulated\"}"));
        return;
      }
      counts.computeIfAbsent(countKey(route.source(), route.city() == null ? null : route.city().id()),
          k -> new AtomicLong()).incrementAndGet();
      sleep(latency(requestNo));
      Optional<SimulatedResponse> response = answer(route, now);
      if (response.isPresent()) {
        send(exchange, response.get());
      }
      // empty: a timeout fault already held the connection; closing it without an answer
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      LOG.debug("simulator answer failed: {}", e.toString());
    }
  }

  private Route route(URI uri) {
    String path = uri.getRawPath();
    Map<String, String> query = query(uri.getRawQuery());
    if (path.startsWith("/aqicn/feed/")) {
      String rest = path.substring("/aqicn/feed/".length());
      String target = decode(rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest);
      return new Route(Source.AQICN, aqicn.resolve(target), target, query);
    }
    if (path.equals("/owm/data/2.5/weather") || path.equals("/owm/data/2.5/weather/")) {
      return new Route(Source.OWM_WEATHER, owm.locate(query), null, query);
    }
    if (path.equals("/owm/data/2.5/air_pollution") || path.equals("/owm/data/2.5/air_pollution/")) {
      return new Route(Source.OWM_AIR, owm.locate(query), null, query);
    }
    return null;
  }

  private Optional<SimulatedResponse> answer(Route route, Instant now) throws InterruptedException {
    boolean isAqicn = route.source() == Source.AQICN;
    if (config.enforceRateLimits()) {
      Duration wait = (isAqicn ? aqicnQuota : owmQuota).tryAcquire();
      if (!wait.isZero()) {
        return Optional.of(isAqicn ? SimulatedResponse.json(200, AqicnFeedResponder.OVER_QUOTA)
            : tooManyRequests(Math.max(1, (wait.toMillis() + 999) / 1000)));
      }
    }
    String cityId = route.city() == null ? null : route.city().id();
    Optional<FaultSpec> fault = faults.take(route.source(), cityId, now);
    if (fault.isPresent()) {
      FaultSpec f = fault.get();
      switch (f.kind()) {
        case HTTP_500 -> {
          return Optional.of(gatewayError(500, "Internal Server Error"));
        }
        case HTTP_502 -> {
          return Optional.of(gatewayError(502, "Bad Gateway"));
        }
        case HTTP_503 -> {
          return Optional.of(gatewayError(503, "Service Temporarily Unavailable"));
        }
        case TIMEOUT -> {
          sleep(f.effectiveDelay());
          return Optional.empty();
        }
        case RATE_LIMITED, OVER_QUOTA -> {
          long retryAfter = f.delay() == null ? 1 : Math.max(1, f.delay().toSeconds());
          return Optional.of(isAqicn ? SimulatedResponse.json(200, AqicnFeedResponder.OVER_QUOTA)
              : tooManyRequests(retryAfter));
        }
        case INVALID_KEY -> {
          return Optional.of(isAqicn ? SimulatedResponse.json(200, AqicnFeedResponder.INVALID_KEY)
              : SimulatedResponse.json(401, OwmResponder.UNAUTHORIZED));
        }
        case MALFORMED_JSON -> {
          SimulatedResponse normal = normal(route, now, false);
          byte[] cut = Arrays.copyOf(normal.body(), Math.max(1, normal.body().length / 2));
          return Optional.of(new SimulatedResponse(normal.status(), normal.contentType(), cut, normal.headers()));
        }
        case SLOW -> {
          sleep(f.effectiveDelay());
          return Optional.of(normal(route, now, false));
        }
        case AQI_DASH -> {
          return Optional.of(normal(route, now, true));
        }
        default -> throw new IllegalStateException("unhandled fault " + f.kind());
      }
    }
    return Optional.of(normal(route, now, false));
  }

  /** The API's own answer: key check, place check, then data. */
  private SimulatedResponse normal(Route route, Instant now, boolean aqiDash) {
    Map<String, String> q = route.query();
    if (route.source() == Source.AQICN) {
      if (q.getOrDefault("token", "").isBlank()) {
        return SimulatedResponse.json(200, AqicnFeedResponder.INVALID_KEY);
      }
      if (route.city() == null) {
        return SimulatedResponse.json(200, AqicnFeedResponder.UNKNOWN_STATION);
      }
      return SimulatedResponse.json(200, aqicn.feed(route.city(), now, aqiDash));
    }
    if (q.getOrDefault("appid", "").isBlank()) {
      return SimulatedResponse.json(401, OwmResponder.UNAUTHORIZED);
    }
    if (!OwmResponder.hasLocation(q)) {
      return SimulatedResponse.json(400, OwmResponder.NOTHING_TO_GEOCODE);
    }
    if (route.city() == null) {
      return SimulatedResponse.json(404, OwmResponder.CITY_NOT_FOUND);
    }
    String body = route.source() == Source.OWM_WEATHER ? owm.currentWeather(route.city(), q, now)
        : owm.airPollution(route.city(), q, now);
    return SimulatedResponse.json(200, body);
  }

  private static SimulatedResponse tooManyRequests(long retryAfterSeconds) {
    return SimulatedResponse.json(429, OwmResponder.TOO_MANY_REQUESTS)
        .withHeader("Retry-After", String.valueOf(retryAfterSeconds));
  }

  /** What a reverse proxy in front of the API answers when the backend fails: a small nginx-style HTML page. */
  private static SimulatedResponse gatewayError(int status, String reason) {
    String html = "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n<center><h1>"
        + status + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    return new SimulatedResponse(status, "text/html", html.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private void send(HttpExchange exchange, SimulatedResponse response) throws IOException {
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", response.contentType());
    headers.set(MARKER_HEADER, "seed=" + config.seed());
    response.headers().forEach(headers::set);
    exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(response.body());
    }
  }

  /** Uniform in [minLatency, maxLatency], a function of the request number (so reproducible run to run). */
  private Duration latency(long requestNo) {
    long min = config.minLatency().toMillis();
    long max = config.maxLatency().toMillis();
    if (max <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofMillis(min + (long) (Noise.uniform(config.seed(), "latency", 0, requestNo) * (max - min + 1)));
  }

  private static void sleep(Duration d) throws InterruptedException {
    if (!d.isZero() && !d.isNegative()) {
      Thread.sleep(d.toMillis());
    }
  }

  private static String countKey(Source source, String cityId) {
    return source.id() + "/" + (cityId == null ? "?" : cityId);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      q.putIfAbsent(k, v);
    }
    return q;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
