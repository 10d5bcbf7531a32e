package fr.goodair.ingestion.source;

import java.math.BigDecimal;
import okhttp3.HttpUrl;

/** Parsing of configured base URLs and formatting of coordinates, shared by the adapters. */
final class BaseUrls {

  private BaseUrls() {}

  /** Parses a configured base URL, failing at wiring time (not at 3 a.m.) when it is unusable. */
  static HttpUrl parse(String baseUrl, String what) {
    HttpUrl url = baseUrl == null ? null : HttpUrl.parse(baseUrl.strip());
    if (url == null) {
      throw new IllegalArgumentException(what + " base URL '" + baseUrl + "' is not an http(s) URL");
    }
    return url;
  }

  /** A coordinate as the APIs expect it: plain decimal, no exponent, no locale ("48.8534", not "48,8534"). */
  static String coordinate(double value) {
    return BigDecimal.valueOf(value).toPlainString();
  }
}
