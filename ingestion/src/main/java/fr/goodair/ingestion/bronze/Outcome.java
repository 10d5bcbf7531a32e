package fr.goodair.ingestion.bronze;

/** What a fetch gave; the envelope's {@code outcome} field holds {@link #id()}. */
public enum Outcome {
  /** HTTP 2xx and a body the API itself calls a success. */
  OK("ok"),
  /** HTTP 200 but the body reports an error (AQICN {@code {"status":"error"}}, OWM {@code cod} not 200). */
  API_ERROR("api_error"),
  /** A non-2xx status after the retries (401, 404, 429, 5xx…). */
  HTTP_ERROR("http_error"),
  /** No complete answer within the call timeout, after the retries. */
  TIMEOUT("timeout"),
  /** HTTP 2xx with a body that is not JSON. */
  INVALID_JSON("invalid_json"),
  /** Connection refused, reset, DNS failure… after the retries. */
  NETWORK_ERROR("network_error"),
  /** The adapter itself failed (a bug): recorded so the city's gap is visible, the other cities unaffected. */
  INTERNAL_ERROR("internal_error"),
  /** The run for this hour never happened (daemon down or late): a recorded gap, nothing invented. */
  MISSED("missed");

  private final String id;

  Outcome(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
