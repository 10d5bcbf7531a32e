package fr.goodair.reports;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.reports.CorrelationsReport.Coefficient;
import fr.goodair.reports.ExtremesAndAlertsReport.ExceedanceDays;
import fr.goodair.reports.ExtremesAndAlertsReport.KindDays;
import fr.goodair.reports.ExtremesAndAlertsReport.OpenAlert;
import fr.goodair.reports.ExtremesAndAlertsReport.SeverityCount;
import fr.goodair.reports.ExtremesAndAlertsReport.Variation;
import fr.goodair.reports.IndicatorsReport.DailyValue;
import fr.goodair.reports.ReportPage.Agency;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The pure report builders: empty gold, hostile text from data, attributions, nothing fetched to open a page. */
class ReportBuildersTest {

  private static final Instant NOW = Instant.parse("2026-07-31T06:00:00Z");
  /** A city name as a compromised feed or reference file could carry it. */
  private static final String HOSTILE = "<script>alert('x')</script> & \"Co\"";
  private static final List<Agency> AGENCIES = List.of(
      new Agency("Airparif <b>", "https://www.airparif.fr/"),
      new Agency("Evil", "javascript:alert(1)"),
      new Agency(ReportPage.WAQI_NAME, ReportPage.WAQI_URL));

  @Test
  void anEmptyGoldGivesThreePagesThatSayNoDataYet() {
    List<String> pages = List.of(
        IndicatorsReport.html(NOW, List.of(), List.of()),
        ExtremesAndAlertsReport.html(new ExtremesAndAlertsReport.Input(NOW, null, List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of())),
        CorrelationsReport.html(new CorrelationsReport.Input(NOW, null, null, List.of(), null, List.of(), List.of(),
            List.of())));

    for (String html : pages) {
      assertThat(html).contains("Generated 2026-07-31 06:00 UTC", "Data: none yet", "No data yet")
          .doesNotContain("<svg");
      assertSelfContained(html);
      assertAttributed(html);
    }
    assertThat(pages.get(1)).contains("No open alert episode", "14 days");
  }

  @Test
  void indicatorsChartEachVariableAndCountAqiCategories() {
    List<DailyValue> values = new ArrayList<>();
    for (int d = 0; d < 3; d++) {
      LocalDate day = LocalDate.parse("2026-07-29").plusDays(d);
      for (String city : List.of("Paris", HOSTILE)) {
        values.add(new DailyValue(city, day, "pm25_ugm3", 8.0 + d, 1.0, null));
        values.add(new DailyValue(city, day, "no2_ugm3", 20.0, 0.5, null));
        values.add(new DailyValue(city, day, "o3_ugm3", 90.0, 1.0, null));
        values.add(new DailyValue(city, day, "temperature_c", 25.5, 1.0, null));
        values.add(new DailyValue(city, day, "aqi", 60.0, 0.75, d == 2 ? "unhealthy_for_sensitive_groups" : "good"));
      }
    }

    String html = IndicatorsReport.html(NOW, values, AGENCIES);

    assertThat(html).contains("Data: local days 2026-07-29 to 2026-07-31", "Unhealthy for sensitive groups",
        "10.0", "75 %");
    assertThat(svgIds(html)).containsExactly("daily-pm25_ugm3", "daily-no2_ugm3", "daily-o3_ugm3",
        "daily-temperature_c", "aqi-categories");
    assertSelfContained(html);
    assertEscaped(html);
    assertAttributed(html);
  }

  @Test
  void aPartialGoldChartsWhatItHasAndSaysWhatIsMissing() {
    List<DailyValue> temperatureOnly = List.of(new DailyValue("Paris", LocalDate.parse("2026-07-31"),
        "temperature_c", 21.0, 0.5, null));

    String html = IndicatorsReport.html(NOW, temperatureOnly, List.of());

    assertThat(svgIds(html)).containsExactly("daily-temperature_c");
    assertThat(html).contains("No data yet: no PM2.5 value in the period.", "No data yet: no AQICN AQI");
  }

  @Test
  void extremesAndAlertsShowCountsTheRecentOnesAndTheOpenEpisodes() {
    Instant hour = Instant.parse("2026-07-30T14:00:00Z");
    var in = new ExtremesAndAlertsReport.Input(NOW, hour,
        List.of(new SeverityCount("Paris", "notable", 12), new SeverityCount(HOSTILE, "extreme", 1)),
        List.of(new Variation(HOSTILE, hour, "o3_ugm3", "level", "µg/m³", 231.0, 92.0, 9.4, "extreme")),
        List.of(new KindDays("Paris", "guideline", 3), new KindDays("Paris", "information", 1)),
        List.of(new ExceedanceDays("Paris", "o3", "who2021_8h", "WHO 2021 AQG", "guideline", 3, 1.4),
            new ExceedanceDays("Paris", "o3", "fr_information", "FR R221-1", "information", 1, 1.1)),
        List.of(new OpenAlert("job/silver", "job_failure", "ERROR", HOSTILE, hour, NOW)),
        AGENCIES);

    String html = ExtremesAndAlertsReport.html(in);

    assertThat(svgIds(html)).containsExactly("variations-by-severity", "exceedances-by-kind");
    assertThat(html).contains("231.0 µg/m³", "job/silver", "2026-07-30 14:00 UTC");
    // The most serious kind first, whatever the input order.
    assertThat(html.indexOf("fr_information")).isLessThan(html.indexOf("who2021_8h"));
    assertSelfContained(html);
    assertEscaped(html);
    assertAttributed(html);
  }

  @Test
  void correlationsDrawOneMatrixPerCityAndPeriodAndRankEachPairOnce() {
    List<Coefficient> allTime = List.of(
        new Coefficient(HOSTILE, "temperature_c", "o3_ugm3", 0, 500, 0.7),
        new Coefficient(HOSTILE, "o3_ugm3", "temperature_c", 0, 500, 0.7),
        new Coefficient(HOSTILE, "wind_speed_ms", "pm10_ugm3", 0, 500, -0.8),
        new Coefficient(HOSTILE, "pm10_ugm3", "wind_speed_ms", 0, 500, -0.8),
        new Coefficient("Paris", "humidity_pct", "temperature_c", 0, 20, -0.99),
        new Coefficient("Paris", "temperature_c", "humidity_pct", 0, 20, -0.99));
    List<Coefficient> month = List.of(new Coefficient("Paris", "humidity_pct", "temperature_c", 0, 20, -0.5));
    List<Coefficient> lags = List.of(new Coefficient("Paris", "temperature_c", "o3_ugm3", 0, 500, 0.5),
        new Coefficient("Paris", "temperature_c", "o3_ugm3", 1, 499, 0.6));

    String html = CorrelationsReport.html(new CorrelationsReport.Input(NOW, Instant.parse("2026-06-01T00:00:00Z"),
        Instant.parse("2026-07-31T05:00:00Z"), allTime, "2026-06", month, lags, AGENCIES));

    // Strongest first, each unordered pair once, and Paris's 20 pairs too few to rank.
    assertThat(CorrelationsReport.strongestPairs(allTime)).extracting(Coefficient::pearson).containsExactly(-0.8, 0.7);
    assertThat(svgIds(html)).containsExactly("matrix-all-1", "matrix-all-2", "matrix-month-2", "lag-profile");
    assertThat(html).contains("last complete month 2026-06");
    assertSelfContained(html);
    assertEscaped(html);
    assertAttributed(html);
  }

  @Test
  void onlyWebAddressesBecomeLinks() {
    assertThat(Html.link("https://www.airparif.fr/?a=1&b=2", "Airparif"))
        .isEqualTo("<a href=\"https://www.airparif.fr/?a=1&amp;b=2\">Airparif</a>");
    assertThat(Html.link("javascript:alert(1)", "x")).isEqualTo("x");
    assertThat(Html.link("https://evil.example/\" onclick=\"x", "y")).doesNotContain("onclick=\"");
    assertThat(Html.text("<a href='x'>&</a>")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
  }

  /** Nothing to fetch: no script, style sheet, image, frame or font from elsewhere; links only in {@code <a>}. */
  static void assertSelfContained(String html) {
    assertThat(html.toLowerCase()).doesNotContain("<script", "src=", "url(http", "@import", "<link", "<img",
        "<iframe", "<object", "<embed");
    Matcher href = Pattern.compile("(\\S+)\\s*=\\s*['\"]([^'\"]*)['\"]").matcher(html);
    while (href.find()) {
      if (href.group(1).endsWith("href")) {
        assertThat(href.group(1)).as("link attribute").isEqualTo("href");
        assertThat(href.group(2)).as("link target").startsWith("http");
      }
    }
  }

  private static void assertEscaped(String html) {
    assertThat(html).doesNotContain("<script>", "<b>").contains("&lt;script&gt;");
    assertThat(html).doesNotContain("javascript:alert(1)\"");
  }

  private static void assertAttributed(String html) {
    assertThat(html).contains(ReportPage.WAQI_NAME, "href=\"" + ReportPage.WAQI_URL + "\"",
        "href=\"" + ReportPage.OPENWEATHER_URL + "\"", "OpenWeather");
  }

  private static List<String> svgIds(String html) {
    List<String> ids = new ArrayList<>();
    Matcher svg = Pattern.compile("<svg[^>]*\\bid=['\"]([^'\"]+)['\"]").matcher(html);
    while (svg.find()) {
      ids.add(svg.group(1));
    }
    return ids;
  }
}
