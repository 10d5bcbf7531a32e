package fr.goodair.quality.alert;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.LakeLayout;
import fr.goodair.quality.Level;
import fr.goodair.quality.SparkTestSession;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sinks that fail (webhook answering 500, no SMTP server listening) do not fail the evaluation nor lose the
 * episode, and the credentials stay out of the logs and the table.
 */
class DeliveryFailureTest {

  private static final String PASSWORD = "smtp-Pa55-w0rd";
  private static final String HOOK_PATH = "/hooks/T0/B0/xoxb-hook-t0ken";
  private static final Set<String> FRESHNESS = Set.of(AlertConditions.FRESHNESS);

  private final SparkSession spark = SparkTestSession.get();
  private final TestClock clock = new TestClock("2025-03-01T10:00:00Z");
  private final MockWebServer webhook = new MockWebServer();
  private LakeLayout lake;
  private String hookUrl;
  private int closedPort;

  @BeforeEach
  void start() throws IOException {
    lake = AlertTestLake.fresh();
    webhook.start();
    hookUrl = webhook.url(HOOK_PATH).toString();
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws IOException {
    webhook.shutdown();
  }

  @Test
  void failingSinksAreRecordedOnTheEpisodesAndRetriedAfterTheCooldown() {
    AlertSettings settings = AlertSettings.from(GoodairConfig.embedded(Path.of("target/goodair-home")).with(Map.of(
        "alerts.smtp.host", "localhost",
        "alerts.smtp.port", Integer.toString(closedPort),
        "alerts.smtp.from", "goodair@lab.example",
        "alerts.smtp.to", "team@lab.example",
        "alerts.smtp.username", "goodair",
        "alerts.smtp.password", PASSWORD,
        "alerts.webhook.url", hookUrl)));
    AlertManager alerts = AlertManager.builder(spark, lake).clock(clock).settings(settings).build();
    List<AlertCondition> problems = List.of(stale("paris"), stale("lyon"));
    webhook.enqueue(new MockResponse().setResponseCode(500));
    webhook.enqueue(new MockResponse().setResponseCode(500));

    AlertEvaluation failed;
    String logs;
    try (LogCapture capture = new LogCapture()) {
      failed = alerts.evaluate(FRESHNESS, problems);
      logs = capture.text();
    }

    assertThat(failed.opened()).hasSize(2);
    assertThat(failed.deliveries()).extracting(SinkDelivery::channel, SinkDelivery::delivered)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("smtp", false),
            org.assertj.core.groups.Tuple.tuple("webhook", false));
    assertThat(webhook.getRequestCount()).isEqualTo(2);
    assertThat(logs.lines().filter(line -> line.contains("not delivered by smtp"))).hasSize(1);
    assertThat(logs.lines().filter(line -> line.contains("not delivered by webhook"))).singleElement()
        .asString().contains("HTTP 500 (2 attempts)");
    List<Row> rows = spark.sql("SELECT delivery_status, delivery_error, size(notified_channels), announced_status"
        + " FROM quality.alerts").collectAsList();
    assertThat(rows).hasSize(2).allSatisfy(row -> {
      assertThat(row.getString(0)).isEqualTo(AlertEpisode.FAILED);
      assertThat(row.getString(1)).contains("smtp: SMTP localhost:" + closedPort + " failed:", "ConnectException",
          "webhook: webhook " + webhook.getHostName() + " failed: HTTP 500 (2 attempts)");
      assertThat(row.getInt(2)).isZero();
      assertThat(row.isNullAt(3)).isTrue();
    });
    assertNoSecretIn(logs);
    assertNoSecretIn(String.join("\n", spark.sql("SELECT to_json(struct(*)) FROM quality.alerts").as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList()));

    // Within the cooldown nobody is pestered with retries; after it, the opening is tried again.
    clock.advance(Duration.ofMinutes(30));
    AlertEvaluation quiet = alerts.evaluate(FRESHNESS, problems);
    assertThat(quiet.notified()).isFalse();
    assertThat(webhook.getRequestCount()).isEqualTo(2);

    webhook.enqueue(new MockResponse().setResponseCode(200));
    clock.advance(Duration.ofMinutes(30));
    AlertEvaluation retried = alerts.evaluate(FRESHNESS, problems);
    assertThat(retried.digest().headline()).isEqualTo("2 new problems");
    assertThat(retried.deliveries()).extracting(SinkDelivery::delivered).containsExactly(false, true);
    assertThat(webhook.getRequestCount()).isEqualTo(3);
    assertThat(alerts.episodes()).hasSize(2).allSatisfy(episode -> {
      assertThat(episode.deliveryStatus()).isEqualTo(AlertEpisode.PARTIAL);
      assertThat(episode.notifiedChannels()).containsExactly("webhook");
      assertThat(episode.announcedStatus()).isEqualTo(AlertStatus.OPEN);
    });

    clock.advance(Duration.ofHours(2));
    assertThat(alerts.evaluate(FRESHNESS, problems).notified()).isFalse();
  }

  @Test
  void aSinkThatThrowsAnythingIsReportedByTypeOnly() {
    AlertSink broken = new AlertSink() {
      @Override
      public String channel() {
        return "pager";
      }

      @Override
      public void send(AlertDigest digest) {
        throw new IllegalStateException("login pager:" + PASSWORD + " refused");
      }
    };
    AlertManager alerts = AlertManager.builder(spark, lake).clock(clock).sink(broken).build();

    String logs;
    try (LogCapture capture = new LogCapture()) {
      alerts.evaluate(FRESHNESS, List.of(stale("nice")));
      logs = capture.text();
    }

    assertThat(alerts.episodes()).singleElement().satisfies(episode -> {
      assertThat(episode.deliveryStatus()).isEqualTo(AlertEpisode.FAILED);
      assertThat(episode.deliveryError()).isEqualTo("pager: unexpected IllegalStateException");
    });
    assertThat(logs).contains("not delivered by pager (unexpected IllegalStateException)");
    assertNoSecretIn(logs);
  }

  private void assertNoSecretIn(String text) {
    assertThat(text).doesNotContain(PASSWORD, hookUrl, HOOK_PATH, "xoxb-hook-t0ken");
  }

  private static AlertCondition stale(String city) {
    return new AlertCondition("freshness/" + city + "/aqicn", AlertConditions.FRESHNESS, Level.ERROR,
        "No fresh aqicn data for " + city, "newest row is 4 h old, limit 3 h");
  }
}
