package fr.goodair.reports;

import fr.goodair.reports.ReportPage.Agency;
import java.awt.Color;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The main indicators per city over the last {@value #DAYS} local days of {@code gold.city_daily}: daily means of
 * PM2.5, NO2, O3 (OWM concentrations) and temperature, the US-EPA category of each day's highest AQICN AQI, and
 * how complete each source's days are.
 */
final class IndicatorsReport {

  static final String FAMILY = "indicators";
  static final int DAYS = 30;

  /** One row of {@code gold.city_daily} (city by its display name). */
  record DailyValue(String city, LocalDate day, String variable, Double mean, Double coverage, String aqiCategory) {}

  /** A charted variable: its city_daily name, label and unit. */
  private record Indicator(String variable, String label, String unit) {}

  private static final List<Indicator> CHARTED = List.of(
      new Indicator("pm25_ugm3", "PM2.5", "µg/m³"),
      new Indicator("no2_ugm3", "NO2", "µg/m³"),
      new Indicator("o3_ugm3", "O3", "µg/m³"),
      new Indicator("temperature_c", "Temperature", "°C"));

  /** The variable whose coverage stands for each source's. */
  private static final Map<String, String> SOURCE_COVERAGE = Map.of(
      "AQICN", "aqi", "OWM air pollution", "pm25_ugm3", "OWM weather", "temperature_c");

  /** US-EPA categories in order, with the EPA's colours. */
  private static final Map<String, Color> AQI_CATEGORIES = aqiCategories();

  /** The city_daily variables this report reads. */
  static final List<String> VARIABLES = List.of("pm25_ugm3", "no2_ugm3", "o3_ugm3", "temperature_c", "aqi");

  private IndicatorsReport() {}

  static String html(Instant generatedAt, List<DailyValue> values, List<Agency> agencies) {
    TreeSet<LocalDate> days = new TreeSet<>(values.stream().map(DailyValue::day).toList());
    String span = days.isEmpty() ? null
        : "local days " + days.first() + " to " + days.last() + " (the last " + DAYS + " days in gold.city_daily)";
    ReportPage page = new ReportPage("GoodAir — main indicators per city", generatedAt, span, agencies);
    if (values.isEmpty()) {
      return page.section("Indicators", Html.noData("gold.city_daily is empty. Reports fill in after the first "
          + "captures have been promoted to gold (./goodair run, or ./goodair demo).")).render();
    }
    return page
        .section("Latest day per city", summary(values))
        .section("Daily means", dailyCharts(values))
        .section("AQI categories", aqiCategoryChart(values))
        .render();
  }

  private static String summary(List<DailyValue> values) {
    List<String> headers = new ArrayList<>(List.of("city", "latest day"));
    CHARTED.forEach(i -> headers.add(i.label() + " (" + i.unit() + ")"));
    headers.add("AQI category");
    SOURCE_COVERAGE.keySet().stream().sorted().forEach(s -> headers.add(s + " coverage"));
    List<List<String>> rows = new ArrayList<>();
    byCity(values).forEach((city, cityValues) -> {
      LocalDate latest = cityValues.stream().map(DailyValue::day).max(Comparator.naturalOrder()).orElseThrow();
      List<String> row = new ArrayList<>(List.of(Html.text(city), Html.day(latest)));
      for (Indicator indicator : CHARTED) {
        row.add(Html.number(find(cityValues, latest, indicator.variable()).map(DailyValue::mean).orElse(null), 1));
      }
      row.add(Html.text(find(cityValues, latest, "aqi").map(DailyValue::aqiCategory).map(IndicatorsReport::label)
          .orElse("–")));
      SOURCE_COVERAGE.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(source -> {
        OptionalDouble mean = cityValues.stream().filter(v -> v.variable().equals(source.getValue()))
            .map(DailyValue::coverage).filter(Objects::nonNull).mapToDouble(Double::doubleValue).average();
        row.add(Html.percent(mean.isPresent() ? mean.getAsDouble() : null));
      });
      rows.add(row);
    });
    return Html.table(headers, rows)
        + "<p class=\"note\">Means of the latest local day; AQI category of that day's highest hourly AQICN AQI "
        + "(US-EPA scale, WAQI instant-cast: an indication, not EPA's 24-hour AQI). Coverage: mean share of each "
        + "day's hours with a value, over the period.</p>";
  }

  private static String dailyCharts(List<DailyValue> values) {
    StringBuilder charts = new StringBuilder("<div class=\"charts\">");
    for (Indicator indicator : CHARTED) {
      Map<String, SortedMap<LocalDate, Double>> byCity = new TreeMap<>();
      values.stream().filter(v -> v.variable().equals(indicator.variable()) && v.mean() != null)
          .forEach(v -> byCity.computeIfAbsent(v.city(), c -> new TreeMap<>()).put(v.day(), v.mean()));
      charts.append("<figure>");
      if (byCity.isEmpty()) {
        charts.append(Html.noData("no " + indicator.label() + " value in the period."));
      } else {
        charts.append(SvgCharts.dailyLines("daily-" + indicator.variable(), indicator.label() + " daily mean",
            indicator.unit(), byCity));
      }
      charts.append("</figure>");
    }
    return charts.append("</div><p class=\"note\">PM2.5, NO2 and O3 are OWM Air Pollution concentrations; "
        + "temperature is OWM current weather.</p>").toString();
  }

  private static String aqiCategoryChart(List<DailyValue> values) {
    Map<String, Map<String, Integer>> daysByCity = new TreeMap<>();
    values.stream().filter(v -> v.variable().equals("aqi") && v.aqiCategory() != null).forEach(v ->
        daysByCity.computeIfAbsent(v.city(), c -> new LinkedHashMap<>()).merge(label(v.aqiCategory()), 1, Integer::sum));
    if (daysByCity.isEmpty()) {
      return Html.noData("no AQICN AQI in the period.");
    }
    List<SvgCharts.Bar> bars = new ArrayList<>();
    // Series in the categories' order, so that the stacks and the legend read from good to hazardous.
    for (String category : AQI_CATEGORIES.keySet()) {
      daysByCity.forEach((city, counts) -> bars.add(new SvgCharts.Bar(category, city,
          counts.getOrDefault(category, 0))));
    }
    return "<figure>" + SvgCharts.bars("aqi-categories", "Days per US-EPA AQI category (daily max)", "days", bars,
        true, AQI_CATEGORIES) + "</figure>";
  }

  private static Map<String, List<DailyValue>> byCity(List<DailyValue> values) {
    Map<String, List<DailyValue>> byCity = new TreeMap<>();
    values.forEach(v -> byCity.computeIfAbsent(v.city(), c -> new ArrayList<>()).add(v));
    return byCity;
  }

  private static Optional<DailyValue> find(List<DailyValue> values, LocalDate day, String variable) {
    return values.stream().filter(v -> v.day().equals(day) && v.variable().equals(variable)).findFirst();
  }

  /** {@code unhealthy_for_sensitive_groups} → {@code Unhealthy for sensitive groups}. */
  private static String label(String category) {
    String words = category.replace('_', ' ');
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static Map<String, Color> aqiCategories() {
    Map<String, Color> categories = new LinkedHashMap<>();
    categories.put(label("good"), new Color(0x00E400));
    categories.put(label("moderate"), new Color(0xFFFF00));
    categories.put(label("unhealthy_for_sensitive_groups"), new Color(0xFF7E00));
    categories.put(label("unhealthy"), new Color(0xFF0000));
    categories.put(label("very_unhealthy"), new Color(0x8F3F97));
    categories.put(label("hazardous"), new Color(0x7E0023));
    return categories;
  }
}
