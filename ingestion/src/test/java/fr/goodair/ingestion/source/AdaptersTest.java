package fr.goodair.ingestion.source;

import static fr.goodair.ingestion.source.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdaptersTest {

  /** A recognisable key with characters that change under URL encoding. */
  private static final String CANARY = "CANARY-9f2e+7/b c";

  private MockWebServer server;
  private final HttpFetcher fetcher = new HttpFetcher();
  private final Secret canary = Secret.of(CANARY);
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-20T15:00:02.114Z"), ZoneOffset.UTC);
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  private String base() {
    return server.url("/").toString();
  }

  @Test
  void aqicnEnvelopeFollowsTheBronzeContract() throws Exception {
    byte[] body = sample("aqicn-feed-paris-idx5722-2026-04-26.json");
    server.enqueue(new MockResponse().setBody(new Buffer().write(body)));
    AqicnFeedAdapter adapter = new AqicnFeedAdapter(fetcher, Fixtures.fastPolicy("aqicn"), base(), canary, clock);

    BronzeEnvelope envelope = adapter.fetch(Fixtures.paris(), Fixtures.run());

    RecordedRequest request = server.takeRequest();
    assertThat(request.getRequestUrl().encodedPath()).isEqualTo("/feed/@5722/");
    assertThat(request.getRequestUrl().queryParameter("token")).isEqualTo(CANARY);
    assertThat(envelope.envelopeVersion()).isEqualTo(1);
    assertThat(envelope.runId()).isEqualTo("20260120T1500Z-test");
    assertThat(envelope.source()).isEqualTo("aqicn");
    assertThat(envelope.cityId()).isEqualTo("paris");
    assertThat(envelope.simulated()).isFalse();
    assertThat(envelope.scheduledFor()).isEqualTo("2026-01-20T15:00:00Z");
    assertThat(envelope.fetchedAt()).isEqualTo("2026-01-20T15:00:02.114Z");
    assertThat(envelope.request().method()).isEqualTo("GET");
    assertThat(envelope.request().url()).isEqualTo(base() + "feed/@5722/?token=REDACTED");
    assertThat(envelope.request().params()).isEqualTo(Map.of("token", "REDACTED"));
    assertThat(envelope.outcome()).isEqualTo("ok");
    assertThat(envelope.latencyMs()).isGreaterThanOrEqualTo(0);
    assertThat(json.writeValueAsString(envelope)).doesNotContain("CANARY");
  }

  @Test
  void aqicnUnknownPrimaryStationFallsBackToTheNearestStation() throws Exception {
    server.enqueue(new MockResponse().setBody(new Buffer().write(sample("aqicn-error-unknown-station.json"))));
    server.enqueue(new MockResponse().setBody(new Buffer().write(sample("aqicn-feed-paris-idx5722-2026-01-20.json"))));
    AqicnFeedAdapter adapter = new AqicnFeedAdapter(fetcher, Fixtures.fastPolicy("aqicn"), base(), canary);

    BronzeEnvelope envelope = adapter.fetch(Fixtures.paris(), Fixtures.run());

    assertThat(server.takeRequest().getRequestUrl().encodedPath()).isEqualTo("/feed/@5722/");
    assertThat(server.takeRequest().getRequestUrl().encodedPath()).isEqualTo("/feed/geo:48.8534;2.3488/");
    assertThat(envelope.outcome()).isEqualTo("ok");
    assertThat(envelope.request().url()).contains("/feed/geo:48.8534;2.3488/?token=REDACTED");
    assertThat(envelope.error()).contains("@5722").contains("Unknown station").contains("fallback");
    assertThat(envelope.payload().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(sample("aqicn-feed-paris-idx5722-2026-01-20.json"));
  }

  @Test
  void aqicnInvalidKeyIsNotRetriedOnTheFallback() {
    server.enqueue(new MockResponse().setBody(new Buffer().write(sample("aqicn-error-invalid-key.json"))));
    AqicnFeedAdapter adapter = new AqicnFeedAdapter(fetcher, Fixtures.fastPolicy("aqicn"), base(), canary);

    BronzeEnvelope envelope = adapter.fetch(Fixtures.paris(), Fixtures.run());

    assertThat(envelope.outcome()).isEqualTo("api_error");
    assertThat(envelope.error()).isEqualTo("Invalid key");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void owmUrlsUseCoordinatesMetricUnitsAndTheBasePath() throws Exception {
    server.enqueue(new MockResponse().setBody(new Buffer().write(sample("owm-current-paris-2026-04-30.json"))));
    server.enqueue(new MockResponse().setBody("{\"coord\":{\"lon\":2.3488,\"lat\":48.8534},\"list\":[]}"));
    String base = server.url("/owm").toString();

    BronzeEnvelope weather = new OwmWeatherAdapter(fetcher, Fixtures.fastPolicy("owm"), base, canary)
        .fetch(Fixtures.paris(), Fixtures.run());
    BronzeEnvelope air = new OwmAirPollutionAdapter(fetcher, Fixtures.fastPolicy("owm"), base, canary)
        .fetch(Fixtures.paris(), Fixtures.run());

    RecordedRequest weatherRequest = server.takeRequest();
    assertThat(weatherRequest.getRequestUrl().encodedPath()).isEqualTo("/owm/data/2.5/weather");
    assertThat(weatherRequest.getRequestUrl().queryParameter("lat")).isEqualTo("48.8534");
    assertThat(weatherRequest.getRequestUrl().queryParameter("lon")).isEqualTo("2.3488");
    assertThat(weatherRequest.getRequestUrl().queryParameter("units")).isEqualTo("metric");
    assertThat(weatherRequest.getRequestUrl().queryParameter("appid")).isEqualTo(CANARY);
    RecordedRequest airRequest = server.takeRequest();
    assertThat(airRequest.getRequestUrl().encodedPath()).isEqualTo("/owm/data/2.5/air_pollution");
    assertThat(airRequest.getRequestUrl().queryParameter("units")).isNull();

    assertThat(weather.source()).isEqualTo("owm_weather");
    assertThat(weather.outcome()).isEqualTo("ok");
    assertThat(weather.request().params())
        .containsExactly(Map.entry("lat", "48.8534"), Map.entry("lon", "2.3488"), Map.entry("units", "metric"),
            Map.entry("appid", "REDACTED"));
    assertThat(air.source()).isEqualTo("owm_air");
    assertThat(air.outcome()).isEqualTo("ok");
    assertThat(json.writeValueAsString(List.of(weather, air))).doesNotContain("CANARY");
  }

  @Test
  void owm404WithAStringCod() {
    server.enqueue(new MockResponse().setResponseCode(404)
        .setBody(new Buffer().write(sample("owm-error-404-city-not-found.json"))));
    BronzeEnvelope envelope = new OwmWeatherAdapter(fetcher, Fixtures.fastPolicy("owm"), base(), canary)
        .fetch(Fixtures.paris(), Fixtures.run());
    assertThat(envelope.outcome()).isEqualTo("http_error");
    assertThat(envelope.httpStatus()).isEqualTo(404);
    assertThat(envelope.error()).isEqualTo("HTTP 404: city not found");
    assertThat(envelope.attempts()).isEqualTo(1);
  }

  @Test
  void malformedJsonIsInvalidJsonWithTheBodyKept() {
    server.enqueue(new MockResponse().setBody("{\"coord\":{\"lon\":2.3488,\"lat\":48.85"));
    BronzeEnvelope envelope = new OwmWeatherAdapter(fetcher, Fixtures.fastPolicy("owm"), base(), canary)
        .fetch(Fixtures.paris(), Fixtures.run());
    assertThat(envelope.outcome()).isEqualTo("invalid_json");
    assertThat(envelope.payload()).isEqualTo("{\"coord\":{\"lon\":2.3488,\"lat\":48.85");
  }

  @Test
  void aBodyThatIsNotUtf8IsKeptAsBase64() {
    byte[] latin1 = "{\"name\":\"Orléans\"}".getBytes(StandardCharsets.ISO_8859_1);
    server.enqueue(new MockResponse().setBody(new Buffer().write(latin1)));
    BronzeEnvelope envelope = new OwmWeatherAdapter(fetcher, Fixtures.fastPolicy("owm"), base(), canary)
        .fetch(Fixtures.paris(), Fixtures.run());
    assertThat(envelope.payloadEncoding()).isEqualTo("base64");
    assertThat(Base64.getDecoder().decode(envelope.payload())).isEqualTo(latin1);
    assertThat(envelope.payloadSha256()).isEqualTo(fr.goodair.ingestion.bronze.Sha256.hex(latin1));
  }

  @Test
  void theSimulatorHeaderMarksTheEnvelopeSimulated() {
    server.enqueue(new MockResponse().setBody(new Buffer().write(sample("owm-current-paris-2026-04-30.json")))
        .setHeader(EnvelopeAssembler.SIMULATOR_HEADER, "seed=7"));
    BronzeEnvelope envelope = new OwmWeatherAdapter(fetcher, Fixtures.fastPolicy("owm"), base(), canary)
        .fetch(Fixtures.paris(), Fixtures.run());
    assertThat(envelope.simulated()).isTrue();
  }

  @Test
  void aTimeoutHasNoPayloadAndNoStatus() {
    server.enqueue(new MockResponse().setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.NO_RESPONSE));
    ProviderPolicy oneShot = new ProviderPolicy("owm", 0, java.time.Duration.ofSeconds(1), 1, 1,
        java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(200),
        java.time.Duration.ofMillis(1));
    BronzeEnvelope envelope = new OwmWeatherAdapter(fetcher, oneShot, base(), canary)
        .fetch(Fixtures.paris(), Fixtures.run());
    assertThat(envelope.outcome()).isEqualTo("timeout");
    assertThat(envelope.httpStatus()).isNull();
    assertThat(envelope.payload()).isNull();
    assertThat(envelope.payloadSha256()).isNull();
    assertThat(envelope.payloadEncoding()).isNull();
  }

  @Test
  void secretsInTransportErrorTextsAreRedacted() throws Exception {
    // Some OkHttp failures quote the request URL; this client fails that way on every call.
    OkHttpClient quotingClient = HttpFetcher.defaultClient().newBuilder()
        .addInterceptor(chain -> {
          throw new IOException("unexpected end of stream on " + chain.request().url());
        })
        .build();
    HttpFetcher failing = new HttpFetcher(quotingClient, Sleeper.SYSTEM, System::nanoTime, () -> 0.5,
        Clock.systemUTC());

    List<BronzeEnvelope> envelopes = List.of(
        new AqicnFeedAdapter(failing, Fixtures.fastPolicy("aqicn"), base(), canary)
            .fetch(Fixtures.paris(), Fixtures.run()),
        new OwmWeatherAdapter(failing, Fixtures.fastPolicy("owm"), base(), canary)
            .fetch(Fixtures.paris(), Fixtures.run()),
        new OwmAirPollutionAdapter(failing, Fixtures.fastPolicy("owm"), base(), canary)
            .fetch(Fixtures.paris(), Fixtures.run()));

    for (BronzeEnvelope envelope : envelopes) {
      assertThat(envelope.outcome()).isEqualTo("network_error");
      assertThat(envelope.attempts()).isEqualTo(3);
      assertThat(envelope.error()).contains("unexpected end of stream on").contains("REDACTED")
          .doesNotContain("CANARY");
    }
    assertThat(json.writeValueAsString(envelopes)).doesNotContain("CANARY").doesNotContain("9f2e");
  }

  @Test
  void oneFailingCityDoesNotAffectAnother() {
    byte[] paris = sample("aqicn-feed-paris-idx5722-2026-04-26.json");
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return request.getPath().startsWith("/feed/lyon/") || request.getPath().startsWith("/feed/geo:45")
            ? new MockResponse().setResponseCode(500).setBody("Internal Server Error")
            : new MockResponse().setBody(new Buffer().write(paris));
      }
    });
    AqicnFeedAdapter adapter = new AqicnFeedAdapter(fetcher, Fixtures.fastPolicy("aqicn"), base(), canary);

    BronzeEnvelope lyon = adapter.fetch(Fixtures.lyon(), Fixtures.run());
    BronzeEnvelope parisEnvelope = adapter.fetch(Fixtures.paris(), Fixtures.run());

    assertThat(lyon.outcome()).isEqualTo("http_error");
    assertThat(lyon.attempts()).isEqualTo(3);
    assertThat(lyon.error()).isEqualTo("HTTP 500");
    assertThat(parisEnvelope.outcome()).isEqualTo("ok");
    assertThat(parisEnvelope.attempts()).isEqualTo(1);
  }
}
