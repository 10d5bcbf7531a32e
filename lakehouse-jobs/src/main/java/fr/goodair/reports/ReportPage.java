package fr.goodair.reports;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One self-contained HTML report: inline style and inline SVG charts, nothing fetched to open it (the only
 * addresses are the attribution links). Every page says when it was generated, what data span it covers, and
 * credits the sources as their terms ask: WAQI wants the World Air Quality Index Project and the originating
 * agency named (DOMAIN.md §1); OpenWeather is credited for the weather and concentrations.
 */
final class ReportPage {

  /** An originating agency of AQICN data, as a station's feed names it ({@code silver.dim_station}). */
  record Agency(String name, String url) {}

  static final String WAQI_NAME = "World Air Quality Index Project";
  static final String WAQI_URL = "https://waqi.info/";
  static final String OPENWEATHER_URL = "https://openweathermap.org/";

  private static final String STYLE = """
      body { font-family: sans-serif; color: #222; margin: 0 auto; max-width: 1120px; padding: 0 16px 32px; }
      header { border-bottom: 2px solid #2c6e91; margin-bottom: 16px; }
      h1 { color: #2c6e91; margin-bottom: 4px; }
      h2 { border-bottom: 1px solid #ccc; margin-top: 32px; }
      .meta { color: #555; margin-top: 0; }
      .no-data { color: #666; font-style: italic; }
      .note { color: #555; font-size: 0.9em; }
      figure { margin: 12px 0; }
      figure svg { max-width: 100%; height: auto; }
      .charts { display: flex; flex-wrap: wrap; gap: 8px; }
      table { border-collapse: collapse; margin: 8px 0; font-size: 0.9em; }
      th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
      th { background: #eef3f6; }
      footer { border-top: 1px solid #ccc; margin-top: 40px; color: #444; font-size: 0.9em; }
      """;

  private final String title;
  private final Instant generatedAt;
  private final String dataSpan;
  private final List<Agency> agencies;
  private final List<String> sections = new ArrayList<>();

  /**
   * @param dataSpan what the data covers, in words (e.g. "local days 2026-07-02 to 2026-07-31"); null when
   *     there is none yet
   * @param agencies the originating agencies to credit beside WAQI
   */
  ReportPage(String title, Instant generatedAt, String dataSpan, List<Agency> agencies) {
    this.title = title;
    this.generatedAt = generatedAt;
    this.dataSpan = dataSpan;
    this.agencies = List.copyOf(agencies);
  }

  /** Adds a section: {@code body} is HTML already made safe by the caller. */
  ReportPage section(String heading, String body) {
    sections.add("<section><h2>" + Html.text(heading) + "</h2>" + body + "</section>");
    return this;
  }

  String render() {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>").append(Html.text(title)).append("</title><style>").append(STYLE)
        .append("</style></head><body><header><h1>").append(Html.text(title)).append("</h1>")
        .append("<p class=\"meta\">Generated ").append(Html.time(generatedAt)).append(" · Data: ")
        .append(dataSpan == null ? "none yet" : Html.text(dataSpan)).append("</p></header>");
    sections.forEach(html::append);
    return html.append(footer()).append("</body></html>\n").toString();
  }

  private String footer() {
    List<String> credited = agencies.stream().filter(a -> !WAQI_NAME.equalsIgnoreCase(a.name()))
        .map(a -> Html.link(a.url(), a.name())).distinct().toList();
    return "<footer><p>Air quality: " + Html.link(WAQI_URL, WAQI_NAME) + " (AQICN) and the originating agencies"
        + (credited.isEmpty() ? " of its stations" : ": " + String.join(", ", credited)) + ". "
        + "AQICN values are US-EPA AQI sub-indices, not concentrations.</p>"
        + "<p>Weather and air-pollution concentrations: " + Html.link(OPENWEATHER_URL, "OpenWeather")
        + " (OpenWeatherMap current weather and Air Pollution APIs).</p>"
        + "<p>GoodAir lakehouse, gold zone. Values computed by GoodAir from these sources.</p></footer>";
  }
}
