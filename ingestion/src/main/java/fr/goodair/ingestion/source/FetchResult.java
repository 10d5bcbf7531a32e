package fr.goodair.ingestion.source;

import java.time.Duration;
import java.util.Map;

/**
 * What one logical GET (all its attempts) gave. It carries raw facts only; deciding whether the answer is a
 * success is the job of a {@link ResponseClassifier}.
 *
 * @param httpStatus status of the last attempt, or null when the last attempt got no response
 * @param body body of the last response exactly as received, or null when no response was received
 * @param headers the response headers of interest ({@link HttpFetcher#HEADERS_KEPT}) of the last response
 * @param lastAttemptLatency duration of the last attempt, the one whose answer is kept
 * @param totalLatency from the first attempt's start to the end, waits included
 * @param attempts number of attempts made (1 = no retry)
 * @param failure why no response was obtained on the last attempt, or {@link FailureKind#NONE}
 * @param errorMessage the transport error text of the last attempt, or null. May contain a URL, hence secrets:
 *     redact it before writing it anywhere
 */
public record FetchResult(
    Integer httpStatus,
    byte[] body,
    Map<String, String> headers,
    Duration lastAttemptLatency,
    Duration totalLatency,
    int attempts,
    FailureKind failure,
    String errorMessage) {

  /** Why an attempt got no HTTP response. */
  public enum FailureKind {
    /** A response was received (whatever its status). */
    NONE,
    /** The call did not complete within the call timeout (connect, read or overall). */
    TIMEOUT,
    /** Connection refused or reset, unknown host, TLS failure, truncated stream… */
    NETWORK
  }

  public FetchResult {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** The value of a kept response header (case-insensitive name), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> entry : headers.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        return entry.getValue();
      }
    }
    return null;
  }
}
