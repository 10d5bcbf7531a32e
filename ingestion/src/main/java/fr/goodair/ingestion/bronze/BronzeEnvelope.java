package fr.goodair.ingestion.bronze;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * One line of a bronze JSON Lines object: one fetch (or one missed fetch) of one source for one city.
 * This is the contract between ingestion and the Spark jobs (DESIGN.md §3); add fields, never change one.
 *
 * <p>Example line (wrapped):
 * <pre>{"envelope_version":1,"run_id":"20260120T1500Z-3f2a9c1e","source":"aqicn","city_id":"paris",
 * "simulated":false,"scheduled_for":"2026-01-20T15:00:00Z",
 * "request":{"method":"GET","url":"https://api.waqi.info/feed/@5722/?token=REDACTED","params":{"token":"REDACTED"}},
 * "fetched_at":"2026-01-20T15:00:02.114Z","http_status":200,"latency_ms":182,"attempts":1,"outcome":"ok",
 * "error":null,"payload_sha256":"9b1c…","payload_encoding":"utf-8","payload":"{\"status\":\"ok\",…}"}</pre>
 *
 * @param payload the response body exactly as received: UTF-8 text, or Base64 when {@code payloadEncoding} is
 *     {@code base64} (a body that is not valid UTF-8); null when nothing was received
 * @param payloadSha256 hex SHA-256 of the body's raw bytes
 */
@JsonPropertyOrder({
  "envelope_version", "run_id", "source", "city_id", "simulated", "scheduled_for", "request", "fetched_at",
  "http_status", "latency_ms", "attempts", "outcome", "error", "payload_sha256", "payload_encoding", "payload"
})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record BronzeEnvelope(
    @JsonProperty("envelope_version") int envelopeVersion,
    @JsonProperty("run_id") String runId,
    @JsonProperty("source") String source,
    @JsonProperty("city_id") String cityId,
    @JsonProperty("simulated") boolean simulated,
    @JsonProperty("scheduled_for") String scheduledFor,
    @JsonProperty("request") Request request,
    @JsonProperty("fetched_at") String fetchedAt,
    @JsonProperty("http_status") Integer httpStatus,
    @JsonProperty("latency_ms") long latencyMs,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("outcome") String outcome,
    @JsonProperty("error") String error,
    @JsonProperty("payload_sha256") String payloadSha256,
    @JsonProperty("payload_encoding") String payloadEncoding,
    @JsonProperty("payload") String payload) {

  public static final int VERSION = 1;

  /** The request as sent, every secret replaced by {@code REDACTED}. */
  public record Request(
      @JsonProperty("method") String method,
      @JsonProperty("url") String url,
      @JsonProperty("params") Map<String, String> params) {}
}
