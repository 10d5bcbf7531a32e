package fr.goodair.quality.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.config.Secret;
import fr.goodair.quality.Level;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook sink against a real HTTP server (MockWebServer). */
class WebhookAlertSinkTest {

  private static final String TOKEN_PATH = "/hooks/T024BE7LD/B08SEcReT/xoxTokenValue42";
  private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

  private final MockWebServer server = new MockWebServer();
  private final ObjectMapper json = new ObjectMapper();
  private Secret url;

  @BeforeEach
  void start() throws IOException {
    server.start();
    url = Secret.of(server.url(TOKEN_PATH).toString());
  }

  @AfterEach
  void stop() throws IOException {
    server.shutdown();
  }

  @Test
  void postsTheDigestAsJsonWithChatTextAndStructuredAlerts() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));
    AlertEpisode stale = AlertEpisode.open(new AlertCondition("freshness/paris/aqicn", "freshness", Level.ERROR,
        "No fresh aqicn data for paris", "newest row is 5 h old"), AT);
    AlertEpisode job = AlertEpisode.open(AlertConditions.jobFailure("gold", new IllegalStateException("boom")),
        AT.minusSeconds(7200)).recovered(AT);
    AlertEpisode ongoing = AlertEpisode.open(new AlertCondition("quality/silver.x/r", "quality", Level.WARNING,
        "r failed", "d"), AT.minusSeconds(3600));

    sink().send(new AlertDigest(AT, List.of(stale), List.of(job), List.of(ongoing)));

    RecordedRequest request = server.takeRequest();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo(TOKEN_PATH);
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    JsonNode body = json.readTree(request.getBody().readUtf8());
    assertThat(body.get("text").asText()).isEqualTo("[GoodAir] 1 new problem, 1 resolved"
        + "\n• NEW [ERROR] No fresh aqicn data for paris\n• RESOLVED Job gold failed: IllegalStateException: boom"
        + "\n(1 still open)");
    assertThat(body.get("headline").asText()).isEqualTo("1 new problem, 1 resolved");
    assertThat(body.get("evaluated_at").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(body.at("/counts/new").asInt()).isEqualTo(1);
    assertThat(body.at("/counts/resolved").asInt()).isEqualTo(1);
    assertThat(body.at("/counts/ongoing").asInt()).isEqualTo(1);
    JsonNode alerts = body.get("alerts");
    assertThat(alerts).hasSize(3);
    assertThat(alerts.get(0).get("alert_id").asText()).isEqualTo(stale.alertId());
    assertThat(alerts.get(0).get("key").asText()).isEqualTo("freshness/paris/aqicn");
    assertThat(alerts.get(0).get("kind").asText()).isEqualTo("freshness");
    assertThat(alerts.get(0).get("severity").asText()).isEqualTo("ERROR");
    assertThat(alerts.get(0).get("change").asText()).isEqualTo("new");
    assertThat(alerts.get(0).get("status").asText()).isEqualTo("open");
    assertThat(alerts.get(0).get("summary").asText()).isEqualTo("No fresh aqicn data for paris");
    assertThat(alerts.get(0).get("detail").asText()).isEqualTo("newest row is 5 h old");
    assertThat(alerts.get(0).get("opened_at").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(alerts.get(0).get("recovered_at").isNull()).isTrue();
    assertThat(alerts.get(1).get("change").asText()).isEqualTo("resolved");
    assertThat(alerts.get(1).get("status").asText()).isEqualTo("recovered");
    assertThat(alerts.get(1).get("recovered_at").asText()).isEqualTo("2025-03-01T10:00:00Z");
    assertThat(alerts.get(2).get("change").asText()).isEqualTo("ongoing");
  }

  @Test
  void aServerErrorIsRetriedOnce() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(200));

    sink().send(digest());

    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSecondServerErrorFailsWithALineThatHidesTheUrl() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setResponseCode(500));
    }

    assertThatThrownBy(() -> sink().send(digest())).isInstanceOf(AlertDeliveryException.class)
        .hasMessage("webhook " + server.getHostName() + " failed: HTTP 500 (2 attempts)");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aClientErrorIsNotRetried() {
    server.enqueue(new MockResponse().setResponseCode(404));
    server.enqueue(new MockResponse().setResponseCode(200));

    assertThatThrownBy(() -> sink().send(digest())).hasMessageEndingWith("failed: HTTP 404");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aSilentServerTimesOutTwiceWithoutLeakingTheToken() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    WebhookAlertSink sink = new WebhookAlertSink(url, Duration.ofMillis(300), Duration.ofMillis(10));

    long start = System.nanoTime();
    assertThatThrownBy(() -> sink.send(digest())).isInstanceOf(AlertDeliveryException.class)
        .hasMessageContaining("(2 attempts)").message().doesNotContain("B08SEcReT", "xoxTokenValue42", "hooks");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aMalformedUrlIsRejectedWithoutShowingIt() {
    assertThatThrownBy(() -> new WebhookAlertSink(Secret.of("hooks.example/secret-path-42")))
        .isInstanceOf(IllegalArgumentException.class).message().doesNotContain("secret-path-42");
    assertThat(sink().toString()).isEqualTo("webhook(" + server.getHostName() + ")");
  }

  private WebhookAlertSink sink() {
    return new WebhookAlertSink(url, Duration.ofSeconds(5), Duration.ofMillis(10));
  }

  private static AlertDigest digest() {
    AlertEpisode episode = AlertEpisode.open(new AlertCondition("job/silver", "job_failure", Level.ERROR,
        "Job silver failed", "d"), AT);
    return new AlertDigest(AT, List.of(episode), List.of(), List.of());
  }
}
