package fr.goodair.ingestion.source;

import static fr.goodair.ingestion.source.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every realdata sample that is an answer of the three polled endpoints, served over real HTTP with its
 * realistic status: right outcome, payload byte-for-byte. (The AQICN search and OWM 5-day forecast samples are
 * answers of other endpoints: only the classifiers see them, in {@link ResponseClassifierTest}.)
 */
class AdapterSamplesTest {

  private MockWebServer server;
  private final HttpFetcher fetcher = new HttpFetcher();
  private final Secret key = Secret.of("sample-key-123");

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  static Stream<Arguments> samples() {
    return Stream.of(
        Arguments.of("aqicn", "aqicn-feed-paris-idx5722-2026-04-26.json", 200, "ok", 1),
        Arguments.of("aqicn", "aqicn-feed-paris-idx5722-2026-01-20.json", 200, "ok", 1),
        Arguments.of("aqicn", "aqicn-feed-bordeaux-bastide-idx5056-2020-04-20.json", 200, "ok", 1),
        Arguments.of("aqicn", "aqicn-feed-aqi-dash-klundert-nl-2023-08-07.json", 200, "ok", 1),
        Arguments.of("aqicn", "aqicn-feed-crowdsourced-negative-idx-seattle-2023-08-20.json", 200, "ok", 1),
        Arguments.of("aqicn", "aqicn-error-invalid-key.json", 200, "api_error", 1),
        // served for every target: the fallback is tried and answers the same
        Arguments.of("aqicn", "aqicn-error-unknown-station.json", 200, "api_error", 1),
        Arguments.of("owm_weather", "owm-current-paris-2026-04-30.json", 200, "ok", 1),
        Arguments.of("owm_weather", "owm-current-paris-lang-fr-2026-01-20.json", 200, "ok", 1),
        Arguments.of("owm_weather", "owm-error-401-invalid-api-key.json", 401, "http_error", 1),
        Arguments.of("owm_weather", "owm-error-404-city-not-found.json", 404, "http_error", 1),
        // 429 is retried until the attempts run out
        Arguments.of("owm_weather", "owm-error-429-rate-limited.json", 429, "http_error", 3),
        Arguments.of("owm_air", "owm-error-401-invalid-api-key.json", 401, "http_error", 1));
  }

  @ParameterizedTest(name = "{1} as {0}, HTTP {2} -> {3}")
  @MethodSource("samples")
  void sampleServedOverHttpGivesItsOutcomeAndAByteExactPayload(String source, String file, int status,
      String outcome, int attempts) throws Exception {
    byte[] bytes = sample(file);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setResponseCode(status)
            .setHeader("Content-Type", "application/json; charset=utf-8")
            .setBody(new Buffer().write(bytes));
      }
    });

    BronzeEnvelope envelope = adapter(source).fetch(Fixtures.paris(), Fixtures.run());

    assertThat(envelope.source()).isEqualTo(source);
    assertThat(envelope.outcome()).isEqualTo(outcome);
    assertThat(envelope.httpStatus()).isEqualTo(status);
    assertThat(envelope.attempts()).isEqualTo(attempts);
    assertThat(envelope.payloadEncoding()).isEqualTo("utf-8");
    assertThat(envelope.payload().getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
    assertThat(envelope.payloadSha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    if (outcome.equals("ok")) {
      assertThat(envelope.error()).isNull();
    } else {
      assertThat(envelope.error()).isNotBlank();
    }
  }

  private SourceAdapter adapter(String source) {
    String base = server.url("/").toString();
    ProviderPolicy policy = Fixtures.fastPolicy(source);
    return switch (source) {
      case "aqicn" -> new AqicnFeedAdapter(fetcher, policy, base, key);
      case "owm_weather" -> new OwmWeatherAdapter(fetcher, policy, base, key);
      case "owm_air" -> new OwmAirPollutionAdapter(fetcher, policy, base, key);
      default -> throw new IllegalArgumentException(source);
    };
  }
}
