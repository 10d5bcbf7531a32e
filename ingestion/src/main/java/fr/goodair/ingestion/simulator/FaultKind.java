package fr.goodair.ingestion.simulator;

import java.util.Locale;

/**
 * What an injected fault does to one answer. The text name ({@link #id()}) is what {@link FaultSpec#parse} reads.
 */
public enum FaultKind {
  /** HTTP 500 with a gateway-style HTML body. */
  HTTP_500("http_500"),
  /** HTTP 502 with a gateway-style HTML body. */
  HTTP_502("http_502"),
  /** HTTP 503 with a gateway-style HTML body. */
  HTTP_503("http_503"),
  /** Holds the connection (default 60 s, option {@code delay=}) then closes it without an answer. */
  TIMEOUT("timeout"),
  /** OWM: HTTP 429 + {@code Retry-After} + the real "account is temporary blocked" body. AQICN: as OVER_QUOTA. */
  RATE_LIMITED("http_429"),
  /** AQICN: HTTP 200 {@code {"status":"error","data":"Over quota"}}. OWM: as RATE_LIMITED. */
  OVER_QUOTA("over_quota"),
  /** AQICN: HTTP 200 {@code {"status":"error","data":"Invalid key"}}. OWM: HTTP 401 with the real body. */
  INVALID_KEY("invalid_key"),
  /** The normal answer cut in the middle (HTTP 200, body not valid JSON). */
  MALFORMED_JSON("malformed_json"),
  /** The normal answer after an extra delay (default 3 s, option {@code delay=}). */
  SLOW("slow"),
  /** AQICN only: the normal answer with {@code "aqi":"-"} (station without a current index). */
  AQI_DASH("aqi_dash");

  private final String id;

  FaultKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Reads a kind name; accepts the aliases {@code rate_limit}, {@code http_401} and {@code truncated}. */
  public static FaultKind fromId(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "rate_limit", "rate_limited" -> {
        return RATE_LIMITED;
      }
      case "http_401" -> {
        return INVALID_KEY;
      }
      case "truncated" -> {
        return MALFORMED_JSON;
      }
      default -> {
        for (FaultKind k : values()) {
          if (k.id.equals(t)) {
            return k;
          }
        }
        throw new IllegalArgumentException("unknown fault kind '" + text + "'");
      }
    }
  }
}
