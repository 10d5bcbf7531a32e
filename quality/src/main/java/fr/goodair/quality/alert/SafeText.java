package fr.goodair.quality.alert;

import java.util.regex.Pattern;

/** Turns text we did not write (exception messages) into one line fit for a log, an e-mail and the table. */
final class SafeText {

  static final int MAX_LINE = 300;

  // Best effort for credentials that travel in URLs or headers (query tokens such as AQICN's token= and
  // OpenWeatherMap's appid=, user:password@host, bearer tokens). Known Secret values are redacted by their
  // owners; this catches what a library echoed back.
  private static final Pattern QUERY_SECRET = Pattern.compile(
      "(?i)\\b((?:token|appid|api[_-]?key|apikey|key|password|passwd|pwd|secret|access[_-]?key|signature|sig)=)"
          + "[^&\\s\"']+");
  private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]+@");
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+");

  private SafeText() {}

  /** Collapses whitespace to one line, scrubs credential-looking parts, truncates; null gives "". */
  static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.replaceAll("\\s+", " ").strip();
    line = QUERY_SECRET.matcher(line).replaceAll("$1REDACTED");
    line = URL_USER_INFO.matcher(line).replaceAll("$1REDACTED@");
    line = BEARER.matcher(line).replaceAll("$1 REDACTED");
    return truncate(line);
  }

  /** {@code Type: message}, then {@code (caused by Root: message)} when the root cause differs; one line. */
  static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown cause";
    }
    Throwable root = cause;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
      root = root.getCause();
    }
    String text = typed(cause);
    if (root != cause) {
      // Wrappers often repeat the root's message ("RuntimeException: java.io.IOException: boom"): say it once.
      String rootMessage = oneLine(root.getMessage());
      if (rootMessage.isEmpty() || !text.contains(rootMessage)) {
        text += " (caused by " + typed(root) + ")";
      }
    }
    return truncate(text);
  }

  private static String typed(Throwable t) {
    String message = oneLine(t.getMessage());
    return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  static String truncate(String text) {
    return text.length() <= MAX_LINE ? text : text.substring(0, MAX_LINE - 1) + "…";
  }
}
