package fr.goodair.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The few HTML pieces the reports are made of. Every text that comes from data goes through {@link #text}. */
final class Html {

  private static final DateTimeFormatter UTC_MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Html() {}

  /** {@code value} escaped for element content and quoted attributes; null gives "". */
  static String text(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder escaped = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * A link to a web page given by data (an agency's site): only http(s) addresses become links, so a
   * {@code javascript:} or {@code data:} URL in a feed never runs; anything else shows as plain text.
   */
  static String link(String url, String label) {
    String shown = text(label == null || label.isBlank() ? url : label);
    if (url == null || !url.matches("(?i)https?://\\S+")) {
      return shown;
    }
    return "<a href=\"" + text(url) + "\">" + shown + "</a>";
  }

  /** A number with {@code decimals} decimals, or an en dash when there is none (null, NaN, infinite). */
  static String number(Double value, int decimals) {
    if (value == null || value.isNaN() || value.isInfinite()) {
      return "–";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String percent(Double share) {
    return share == null ? "–" : number(share * 100, 0) + " %";
  }

  static String time(Instant instant) {
    return instant == null ? "–" : UTC_MINUTE.format(instant);
  }

  static String day(LocalDate day) {
    return day == null ? "–" : day.toString();
  }

  /** A paragraph saying why a section is empty, styled apart so an empty report reads as one, not as broken. */
  static String noData(String why) {
    return "<p class=\"no-data\">No data yet: " + text(why) + "</p>";
  }

  /** A table: headers are plain text (escaped), cells are HTML already made safe by the caller. */
  static String table(List<String> headers, List<List<String>> rows) {
    StringBuilder html = new StringBuilder("<table><thead><tr>");
    headers.forEach(h -> html.append("<th>").append(text(h)).append("</th>"));
    html.append("</tr></thead><tbody>");
    for (List<String> row : rows) {
      html.append("<tr>");
      row.forEach(cell -> html.append("<td>").append(cell).append("</td>"));
      html.append("</tr>");
    }
    return html.append("</tbody></table>").toString();
  }
}
