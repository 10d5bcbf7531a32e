package fr.goodair.ingestion.store;

import java.util.regex.Pattern;

/**
 * Values that become one segment of an object key or a file name (city ids, run ids...): checked where they
 * enter, so that none can leave its prefix. A segment is 1-128 characters of letters, digits, {@code - _ . =},
 * starting with a letter or digit, without "..": no {@code /}, no {@code %} (no percent-encoded escape), no
 * control character, no {@code .} or {@code ..} on its own.
 */
public final class KeySegments {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=-]{0,127}");

  private KeySegments() {}

  /**
   * Returns {@code value} when it is a safe key segment.
   *
   * @param what names the value in the error, e.g. "run id"
   * @throws IllegalArgumentException naming the value (control characters shown escaped) and the rule
   */
  public static String require(String what, String value) {
    if (value == null || !SEGMENT.matcher(value).matches() || value.contains("..")) {
      throw new IllegalArgumentException(what + " '" + printable(value) + "' cannot be used in an object key: it"
          + " must be 1-128 letters, digits, '-', '_', '.' or '=', start with a letter or digit, without '..'");
    }
    return value;
  }

  /** The value with control characters as {@code \\uXXXX}, so that an error message stays one clean line. */
  public static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder s = new StringBuilder();
    value.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        s.append(String.format("\\u%04x", c));
      } else {
        s.appendCodePoint(c);
      }
    });
    return s.toString();
  }
}
