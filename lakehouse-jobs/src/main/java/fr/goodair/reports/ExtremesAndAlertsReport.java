package fr.goodair.reports;

import fr.goodair.reports.ReportPage.Agency;
import java.awt.Color;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What was abnormal over the last {@value #DAYS} days of gold: extreme variations by city and severity and the
 * most recent severe ones, threshold exceedances by city and kind of threshold, and the alert episodes still
 * open in {@code quality.alerts} (gold's and the pipeline's).
 */
final class ExtremesAndAlertsReport {

  static final String FAMILY = "extremes-and-alerts";
  static final int DAYS = 30;
  /** Most recent severe or extreme variations listed. */
  static final int RECENT = 25;
  /** Exceedance rows listed, most serious kind first. */
  static final int EXCEEDANCE_ROWS = 40;

  /** Extreme variations of one city and severity over the period. */
  record SeverityCount(String city, String severity, long count) {}

  /** One row of {@code gold.extreme_variations}. */
  record Variation(String city, Instant hour, String variable, String kind, String unit, Double value,
      Double baselineMedian, Double robustZ, String severity) {}

  /** Local days on which one city exceeded one threshold (any basis), and the worst value / threshold ratio. */
  record ExceedanceDays(String city, String pollutant, String thresholdId, String standard, String kind, long days,
      Double maxRatio) {}

  /** Local days on which one city exceeded at least one threshold of a kind (guideline, limit…). */
  record KindDays(String city, String kind, long days) {}

  /** An open episode of {@code quality.alerts}, its summary already redacted of secrets. */
  record OpenAlert(String key, String kind, String severity, String summary, Instant openedAt, Instant lastSeenAt) {}

  /**
   * @param newestHour the newest hour of {@code gold.city_hourly}, which the period ends at; null when gold is
   *     empty
   * @param recent the most recent severe and extreme variations, newest first, at most {@value #RECENT}
   */
  record Input(Instant generatedAt, Instant newestHour, List<SeverityCount> severities, List<Variation> recent,
      List<KindDays> exceedanceKinds, List<ExceedanceDays> exceedances, List<OpenAlert> openAlerts,
      List<Agency> agencies) {}

  private static final List<String> SEVERITIES = List.of("notable", "severe", "extreme");
  /** Threshold kinds, most serious first. */
  private static final List<String> KINDS = List.of("alert", "information", "limit", "target", "guideline");

  private static final Map<String, Color> SEVERITY_COLOURS = Map.of(
      "notable", new Color(0xF2C14E), "severe", new Color(0xE4572E), "extreme", new Color(0x76323F));
  private static final Map<String, Color> KIND_COLOURS = Map.of(
      "alert", new Color(0x7E0023), "information", new Color(0xFF7E00), "limit", new Color(0xD62728),
      "target", new Color(0x9467BD), "guideline", new Color(0x1F77B4));

  private ExtremesAndAlertsReport() {}

  static String html(Input in) {
    String span = in.newestHour() == null ? null
        : "the " + DAYS + " days up to " + Html.time(in.newestHour()) + " (newest hour in gold.city_hourly); "
            + "alert episodes as of generation";
    return new ReportPage("GoodAir — extreme variations and alerts", in.generatedAt(), span, in.agencies())
        .section("Open alert episodes", openAlerts(in.openAlerts()))
        .section("Extreme variations", variations(in))
        .section("Threshold exceedances", exceedances(in))
        .render();
  }

  private static String openAlerts(List<OpenAlert> alerts) {
    if (alerts.isEmpty()) {
      return "<p>No open alert episode.</p>";
    }
    List<List<String>> rows = alerts.stream().map(a -> List.of(Html.text(a.severity()), Html.text(a.kind()),
        Html.text(a.key()), Html.text(a.summary()), Html.time(a.openedAt()), Html.time(a.lastSeenAt()))).toList();
    return Html.table(List.of("severity", "kind", "key", "summary", "opened", "last seen"), rows);
  }

  private static String variations(Input in) {
    if (in.severities().isEmpty()) {
      return Html.noData("no extreme variation in the period. Each needs a baseline of at least 14 days of the "
          + "same local hour, so a new lake shows none in its first two weeks.");
    }
    List<SvgCharts.Bar> bars = new ArrayList<>();
    Map<String, Map<String, Long>> byCity = new TreeMap<>();
    in.severities().forEach(c -> byCity.computeIfAbsent(c.city(), k -> new LinkedHashMap<>())
        .put(c.severity(), c.count()));
    for (String severity : SEVERITIES) {
      byCity.forEach((city, counts) -> bars.add(new SvgCharts.Bar(severity, city, counts.getOrDefault(severity, 0L))));
    }
    String chart = "<figure>" + SvgCharts.bars("variations-by-severity", "Extreme variations by city and severity",
        "variations", bars, true, SEVERITY_COLOURS) + "</figure>";
    String recent;
    if (in.recent().isEmpty()) {
      recent = "<p>No severe or extreme variation in the period (notable ones only).</p>";
    } else {
      List<List<String>> rows = in.recent().stream().map(v -> List.of(Html.time(v.hour()), Html.text(v.city()),
          Html.text(v.variable()), Html.text(v.kind()), Html.number(v.value(), 1) + " " + Html.text(v.unit()),
          Html.number(v.baselineMedian(), 1), Html.number(v.robustZ(), 1), Html.text(v.severity()))).toList();
      recent = "<h3>Most recent severe and extreme variations</h3>" + Html.table(List.of("hour", "city", "variable",
          "level or jump", "value", "usual (median)", "robust z", "severity"), rows);
    }
    return chart + recent + "<p class=\"note\">A value (level) or hour-to-hour change (jump) scored against the "
        + "same local hour of the previous 28 days: notable at a robust z-score of 3.5, severe at 5, extreme at 8.</p>";
  }

  private static String exceedances(Input in) {
    if (in.exceedanceKinds().isEmpty()) {
      return "<p>No threshold exceeded in the period.</p>";
    }
    List<SvgCharts.Bar> bars = new ArrayList<>();
    for (String kind : KINDS) {
      in.exceedanceKinds().stream().filter(k -> k.kind().equals(kind))
          .forEach(k -> bars.add(new SvgCharts.Bar(kind, k.city(), k.days())));
    }
    String chart = "<figure>" + SvgCharts.bars("exceedances-by-kind", "Days with a threshold exceeded, by kind",
        "local days", bars, false, KIND_COLOURS) + "</figure>";
    List<ExceedanceDays> listed = in.exceedances().stream()
        .sorted(Comparator.comparingInt((ExceedanceDays e) -> KINDS.indexOf(e.kind()))
            .thenComparing(ExceedanceDays::days, Comparator.reverseOrder())
            .thenComparing(ExceedanceDays::city).thenComparing(ExceedanceDays::thresholdId))
        .limit(EXCEEDANCE_ROWS).toList();
    List<List<String>> rows = listed.stream().map(e -> List.of(Html.text(e.city()), Html.text(e.pollutant()),
        Html.text(e.thresholdId()), Html.text(e.standard()), Html.text(e.kind()), String.valueOf(e.days()),
        Html.number(e.maxRatio(), 2))).toList();
    String more = in.exceedances().size() > listed.size()
        ? "<p class=\"note\">First " + listed.size() + " of " + in.exceedances().size() + " rows, most serious kind "
            + "first; gold.threshold_exceedances has them all.</p>" : "";
    return chart + Html.table(List.of("city", "pollutant", "threshold", "standard", "kind", "days", "worst ratio"),
        rows) + more + "<p class=\"note\">Concentrations (OWM measured, or estimated from an AQICN AQI) above WHO "
        + "2021 guidelines, EU 2008/50/EC limits and targets, and French information and alert thresholds. WHO "
        + "guidelines are shown but do not raise alerts.</p>";
  }
}
