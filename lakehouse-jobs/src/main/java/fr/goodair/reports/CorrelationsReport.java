package fr.goodair.reports;

import fr.goodair.gold.GoldVariables;
import fr.goodair.reports.ReportPage.Agency;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Strongly correlated variables, from {@code gold.correlations}: per city, the Pearson matrix at lag 0 over all
 * the history and over the last complete UTC month, the strongest pairs, and how ozone follows temperature hour
 * by hour ({@value #LAG_X} → {@value #LAG_Y}, lags 0-24 h).
 */
final class CorrelationsReport {

  static final String FAMILY = "correlations";
  static final String LAG_X = "temperature_c";
  static final String LAG_Y = "o3_ugm3";
  /** Pairs listed among the strongest. */
  static final int STRONGEST = 15;
  /** Fewer hour pairs than two days' make coefficients too noisy to rank. */
  static final long MIN_PAIRS = 48;

  /** One row of {@code gold.correlations} for one period: r of y taken {@code lag} hours after x, over n pairs. */
  record Coefficient(String city, String x, String y, int lag, long n, Double pearson) {}

  /**
   * @param allFrom first hour of the all-time period, null when gold has no correlation yet
   * @param allTime lag-0 coefficients over all the history
   * @param lastMonth label of the last complete UTC month (e.g. 2026-07), null when the data has none
   * @param lastMonthCoefficients lag-0 coefficients of that month
   * @param lagProfile {@value #LAG_X} → {@value #LAG_Y} over all the history, every lag
   */
  record Input(Instant generatedAt, Instant allFrom, Instant allTo, List<Coefficient> allTime, String lastMonth,
      List<Coefficient> lastMonthCoefficients, List<Coefficient> lagProfile, List<Agency> agencies) {}

  private CorrelationsReport() {}

  static String html(Input in) {
    String span = in.allFrom() == null ? null : "hours " + Html.time(in.allFrom()) + " to " + Html.time(in.allTo())
        + (in.lastMonth() == null ? "; no complete month yet" : "; last complete month " + in.lastMonth());
    ReportPage page = new ReportPage("GoodAir — correlations", in.generatedAt(), span, in.agencies());
    if (in.allTime().isEmpty()) {
      return page.section("Correlations", Html.noData("gold.correlations is empty. They are computed with gold, "
          + "from the first promoted hours on (coefficients need at least 3 hour pairs).")).render();
    }
    return page
        .section("Strongest pairs (all history, lag 0)", strongest(in.allTime()))
        .section("Correlation matrices (Pearson, lag 0)", matrices(in))
        .section("Ozone after temperature", lagProfile(in.lagProfile()))
        .render();
  }

  /** Each unordered pair once (lag 0 is symmetric), at least {@value #MIN_PAIRS} pairs, strongest |r| first. */
  static List<Coefficient> strongestPairs(List<Coefficient> lagZero) {
    return lagZero.stream()
        .filter(c -> c.x().compareTo(c.y()) < 0 && c.pearson() != null && !c.pearson().isNaN() && c.n() >= MIN_PAIRS)
        .sorted(Comparator.comparingDouble((Coefficient c) -> -Math.abs(c.pearson()))
            .thenComparing(Coefficient::city).thenComparing(Coefficient::x).thenComparing(Coefficient::y))
        .limit(STRONGEST).toList();
  }

  private static String strongest(List<Coefficient> allTime) {
    List<Coefficient> pairs = strongestPairs(allTime);
    if (pairs.isEmpty()) {
      return Html.noData("no pair has " + MIN_PAIRS + " hours with both values yet.");
    }
    return Html.table(List.of("city", "x", "y", "Pearson r", "hour pairs"), pairs.stream().map(c -> List.of(
        Html.text(c.city()), Html.text(c.x()), Html.text(c.y()), Html.number(c.pearson(), 2),
        String.valueOf(c.n()))).toList());
  }

  private static String matrices(Input in) {
    Map<String, List<Coefficient>> allByCity = byCity(in.allTime());
    Map<String, List<Coefficient>> monthByCity = byCity(in.lastMonthCoefficients());
    StringBuilder html = new StringBuilder();
    int index = 0;
    for (Map.Entry<String, List<Coefficient>> city : allByCity.entrySet()) {
      index++;
      html.append("<h3>").append(Html.text(city.getKey())).append("</h3><div class=\"charts\">")
          .append(matrix("matrix-all-" + index, city.getKey() + ", all history", city.getValue()));
      List<Coefficient> month = monthByCity.getOrDefault(city.getKey(), List.of());
      if (!month.isEmpty()) {
        html.append(matrix("matrix-month-" + index, city.getKey() + ", " + in.lastMonth(), month));
      }
      html.append("</div>");
    }
    return html.append("<p class=\"note\">Red: the two variables rise together; blue: one rises as the other "
        + "falls; grey: no coefficient (fewer than 3 hour pairs, or a constant series). Months are UTC calendar "
        + "months.</p>").toString();
  }

  /** One city-period's matrix over the variables that have at least one coefficient (ids are chart ids). */
  private static String matrix(String id, String title, List<Coefficient> coefficients) {
    List<String> variables = GoldVariables.columns().stream().filter(v -> coefficients.stream().anyMatch(c ->
        (c.x().equals(v) || c.y().equals(v)) && c.pearson() != null && !c.pearson().isNaN())).toList();
    if (variables.isEmpty()) {
      return "<figure>" + Html.noData(title + ": no coefficient yet.") + "</figure>";
    }
    double[][] r = new double[variables.size()][variables.size()];
    for (int i = 0; i < r.length; i++) {
      Arrays.fill(r[i], Double.NaN);
      r[i][i] = 1;
    }
    for (Coefficient c : coefficients) {
      int i = variables.indexOf(c.x());
      int j = variables.indexOf(c.y());
      if (i >= 0 && j >= 0 && c.pearson() != null) {
        r[i][j] = c.pearson();
      }
    }
    return "<figure>" + SvgCharts.heatmap(id, title, variables, r) + "</figure>";
  }

  private static String lagProfile(List<Coefficient> profile) {
    Map<String, SortedMap<Integer, Double>> byCity = new TreeMap<>();
    profile.stream().filter(c -> c.pearson() != null && !c.pearson().isNaN())
        .forEach(c -> byCity.computeIfAbsent(c.city(), k -> new TreeMap<>()).put(c.lag(), c.pearson()));
    if (byCity.isEmpty()) {
      return Html.noData("no temperature and ozone hours yet.");
    }
    return "<figure>" + SvgCharts.lagProfile("lag-profile", "O3 taken 0-24 h after temperature (all history)",
        byCity) + "</figure><p class=\"note\">Pearson r of the O3 concentration (OWM) lag hours after the "
        + "temperature (OWM), over all the history. Both follow the daily cycle, so r swings with a 24-hour "
        + "period around the coupling of the two.</p>";
  }

  private static Map<String, List<Coefficient>> byCity(List<Coefficient> coefficients) {
    return coefficients.stream().collect(Collectors.groupingBy(Coefficient::city, TreeMap::new, Collectors.toList()));
  }
}
