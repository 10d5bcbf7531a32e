package fr.goodair.quality.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.goodair.ingestion.config.Secret;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts each digest as JSON to a webhook (OkHttp). The body suits Slack- and Mattermost-style incoming hooks,
 * which show the {@code text} field, and machines, which read the rest:
 *
 * <pre>{@code
 * {"text": "[GoodAir] 2 new problems, 1 resolved\n• NEW [ERROR] …", "headline": "2 new problems, 1 resolved",
 *  "evaluated_at": "2025-03-01T14:00:00Z", "counts": {"new": 2, "resolved": 1, "ongoing": 0},
 *  "alerts": [{"alert_id": "…", "key": "…", "kind": "freshness", "severity": "ERROR", "change": "new",
 *              "status": "open", "summary": "…", "detail": "…", "opened_at": "…", "last_seen_at": "…",
 *              "recovered_at": null}, …]}
 * }</pre>
 *
 * <p>The URL is a {@link Secret} (such hooks carry their token in the path): failure messages name only its host.
 * A 5xx, a 429 or an I/O error is retried once after a short pause; other answers are not retried.
 */
public final class WebhookAlertSink implements AlertSink {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final Secret url;
  private final HttpUrl parsed;
  private final OkHttpClient client;
  private final Duration retryPause;
  private final ObjectMapper mapper = new ObjectMapper();

  /** 5 s to connect, 10 s per call, one retry after 1 s. */
  public WebhookAlertSink(Secret url) {
    this(url, Duration.ofSeconds(10), Duration.ofSeconds(1));
  }

  /**
   * @param timeout the longest one attempt may take, connection included
   * @param retryPause the wait before the single retry
   */
  public WebhookAlertSink(Secret url, Duration timeout, Duration retryPause) {
    this.url = url;
    this.parsed = HttpUrl.parse(url.reveal());
    if (parsed == null) {
      // Never echo the value: it is the secret.
      throw new IllegalArgumentException("the webhook URL is not an http(s) URL");
    }
    this.retryPause = retryPause;
    this.client = new OkHttpClient.Builder()
        .connectTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5))
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .callTimeout(timeout)
        // Our single retry is the only one: OkHttp's silent reconnection would make it "at most twice" per try.
        .retryOnConnectionFailure(false)
        .build();
  }

  @Override
  public String channel() {
    return "webhook";
  }

  @Override
  public void send(AlertDigest digest) throws AlertDeliveryException {
    Request request = new Request.Builder().url(parsed).post(RequestBody.create(body(digest), JSON)).build();
    String failure = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      boolean retryable;
      try (Response response = client.newCall(request).execute()) {
        if (response.isSuccessful()) {
          return;
        }
        failure = "HTTP " + response.code();
        retryable = response.code() >= 500 || response.code() == 429;
      } catch (IOException e) {
        failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        retryable = true;
      }
      if (!retryable || attempt == 2) {
        throw new AlertDeliveryException("webhook " + parsed.host() + " failed: " + safe(failure)
            + (attempt == 2 ? " (2 attempts)" : ""));
      }
      pause();
    }
    throw new AlertDeliveryException("webhook " + parsed.host() + " failed: " + safe(failure));
  }

  /** The JSON body (see the class comment). */
  String body(AlertDigest digest) {
    ObjectNode root = mapper.createObjectNode();
    root.put("text", digest.chatText());
    root.put("headline", digest.headline());
    root.put("evaluated_at", digest.evaluatedAt().toString());
    ObjectNode counts = root.putObject("counts");
    counts.put("new", digest.newProblems().size());
    counts.put("resolved", digest.resolved().size());
    counts.put("ongoing", digest.ongoing().size());
    ArrayNode alerts = root.putArray("alerts");
    add(alerts, "new", digest.newProblems());
    add(alerts, "resolved", digest.resolved());
    add(alerts, "ongoing", digest.ongoing());
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the webhook body", e);
    }
  }

  private static void add(ArrayNode alerts, String change, List<AlertEpisode> episodes) {
    for (AlertEpisode episode : episodes) {
      ObjectNode alert = alerts.addObject();
      alert.put("alert_id", episode.alertId());
      alert.put("key", episode.key());
      alert.put("kind", episode.kind());
      alert.put("severity", episode.severity().name());
      alert.put("change", change);
      alert.put("status", episode.status().label());
      alert.put("summary", episode.summary());
      alert.put("detail", episode.detail());
      alert.put("opened_at", text(episode.openedAt()));
      alert.put("last_seen_at", text(episode.lastSeenAt()));
      alert.put("recovered_at", text(episode.recoveredAt()));
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private void pause() throws AlertDeliveryException {
    try {
      Thread.sleep(retryPause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AlertDeliveryException("webhook " + parsed.host() + " interrupted before its retry");
    }
  }

  // I/O messages can quote the URL (or its path, which holds the token): remove every form of it.
  private String safe(String text) {
    String line = url.redactIn(text);
    line = line.replace(parsed.toString(), Secret.REDACTED);
    if (parsed.encodedPath().length() > 1) {
      line = line.replace(parsed.encodedPath(), "/" + Secret.REDACTED);
    }
    if (parsed.encodedQuery() != null) {
      line = line.replace(parsed.encodedQuery(), Secret.REDACTED);
    }
    return SafeText.oneLine(line);
  }

  @Override
  public String toString() {
    return "webhook(" + parsed.host() + ")";
  }
}
