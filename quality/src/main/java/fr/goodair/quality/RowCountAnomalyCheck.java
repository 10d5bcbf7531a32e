package fr.goodair.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import com.amazon.deequ.anomalydetection.AnomalyDetectionStrategy;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code row_count_anomaly} rule: is the number of rows of the last settled UTC hour normal for that hour of the
 * day? The series (rows per hour of the rule's timestamp column) is kept in {@code quality.metrics}; each check
 * recounts only the recent hours (late rows still change them) and appends the counts that changed, so the hourly
 * check does not rescan weeks of the table. The history then comes from the metrics table.
 *
 * <p>Deequ decides: Holt-Winters (hourly interval, daily seasonality) once two days of history exist, otherwise a
 * relative rate of change against the previous hour (below half or above double), and with no history at all the
 * rule passes saying so. Holt-Winters flags deviations beyond 1.96 standard deviations of its own one-step residuals;
 * on near-constant series (a fixed number of stations x parameters per hour) that band collapses to a row or two,
 * so deviations below the rule's {@code tolerance} (share of the forecast) are not reported.
 */
final class RowCountAnomalyCheck {

  /** Hours recounted at each check; rows arriving later than this do not update the series. */
  static final int RECOUNT_HOURS = 48;

  private static final Pattern FORECAST = Pattern.compile("Forecasted (\\S+) for observed value");

  private RowCountAnomalyCheck() {}

  /** The verdict, and the series points (new or changed hourly counts) to append. */
  record Evaluation(RuleResult result, Instant checkedHour, List<MetricRecord> seriesPoints) {}

  static Evaluation evaluate(String table, Rule.RowCountAnomaly rule, Dataset<Row> data, Instant now,
      MetricsStore store) {
    Instant checkedHour = now.truncatedTo(ChronoUnit.HOURS).minus(1L + rule.lagHours(), ChronoUnit.HOURS);
    Instant historyStart = checkedHour.minus(rule.historyDays() * 24L, ChronoUnit.HOURS);
    NavigableMap<Instant, Double> recorded = store.hourlySeries(table, rule.name(), historyStart, checkedHour);

    // Recount the recent hours (late rows change them), never before the series' first hour: hours before it are
    // "before history", not hours without rows.
    Instant recountFrom = recorded.isEmpty() ? historyStart
        : max(recorded.firstKey(), recorded.lastKey().minus(RECOUNT_HOURS, ChronoUnit.HOURS));
    Map<Instant, Double> counts = countPerHour(data, rule.column(), recountFrom, checkedHour);
    Instant seriesFrom = recountFrom;
    if (recorded.isEmpty()) {
      // A first check starts the series at the table's first hour: leading zeros are "before", not "none".
      seriesFrom = counts.keySet().stream().min(Instant::compareTo).orElse(checkedHour);
    }

    NavigableMap<Instant, Double> series = new TreeMap<>(recorded);
    List<MetricRecord> points = new ArrayList<>();
    for (Instant hour = seriesFrom; !hour.isAfter(checkedHour); hour = hour.plus(1, ChronoUnit.HOURS)) {
      double count = counts.getOrDefault(hour, 0.0);
      if (!Objects.equals(recorded.get(hour), count)) {
        points.add(new MetricRecord(now, null, table, rule.name(), rule.kind().yaml(), "",
            MetricsStore.ROWS_PER_HOUR, count, hour, rule.level(), null, null));
      }
      series.put(hour, count);
    }

    double observed = series.get(checkedHour);
    List<Map.Entry<Long, Double>> history = new ArrayList<>();
    if (series.firstKey().isBefore(checkedHour)) {
      // Hours inside the recorded span that have no point had no rows.
      for (Instant hour = series.firstKey(); hour.isBefore(checkedHour); hour = hour.plus(1, ChronoUnit.HOURS)) {
        history.add(new AbstractMap.SimpleEntry<>(hour.toEpochMilli(), series.getOrDefault(hour, 0.0)));
      }
    }
    RuleResult result = judge(table, rule, checkedHour, observed, history, now);
    return new Evaluation(result, checkedHour, points);
  }

  private static RuleResult judge(String table, Rule.RowCountAnomaly rule, Instant hour, double observed,
      List<Map.Entry<Long, Double>> history, Instant now) {
    String head = Rule.number(observed) + " rows with " + rule.column() + " in hour " + hour;
    if (history.isEmpty()) {
      return new RuleResult(table, rule.name(), rule.level(), "", true, observed,
          head + ": not enough history to compare yet", now);
    }
    boolean seasonal = history.size() >= DeequChecks.HOLT_WINTERS_MIN_POINTS;
    AnomalyDetectionStrategy strategy = seasonal ? DeequChecks.holtWintersHourlyDaily()
        : DeequChecks.relativeRateOfChange(0.5, 2.0);
    String method = seasonal ? "Holt-Winters, daily season, " + history.size() + " h of history"
        : "rate of change vs previous hour, " + history.size() + " h of history (Holt-Winters needs "
            + DeequChecks.HOLT_WINTERS_MIN_POINTS + ")";
    Optional<String> anomaly = DeequChecks.anomaly(strategy, history, hour.toEpochMilli(), observed);
    if (anomaly.isEmpty()) {
      return new RuleResult(table, rule.name(), rule.level(), "", true, observed, head + ": normal (" + method + ")",
          now);
    }
    Optional<Double> forecast = forecast(anomaly.get());
    if (forecast.isPresent()) {
      double expected = forecast.get();
      double deviation = Math.abs(observed - expected) / Math.max(Math.abs(expected), 1.0);
      String versus = head + ": expected about " + Rule.number(Math.round(expected)) + " (" + method + ")";
      if (deviation <= rule.tolerance()) {
        return new RuleResult(table, rule.name(), rule.level(), "", true, observed,
            versus + ", off by " + ScheduledChecks.percent(deviation) + ", within tolerance "
                + ScheduledChecks.percent(rule.tolerance()), now);
      }
      return new RuleResult(table, rule.name(), rule.level(), "", false, observed,
          versus + ", off by " + ScheduledChecks.percent(deviation), now);
    }
    if (!seasonal) {
      double previous = history.get(history.size() - 1).getValue();
      return new RuleResult(table, rule.name(), rule.level(), "", false, observed, head + ": the previous hour had "
          + Rule.number(previous) + ", more than halved or doubled since (" + method + ")", now);
    }
    return new RuleResult(table, rule.name(), rule.level(), "", false, observed,
        head + ": anomalous (" + method + "): " + anomaly.get(), now);
  }

  /** Holt-Winters explains an anomaly as "Forecasted X for observed value Y". */
  static Optional<Double> forecast(String detail) {
    Matcher matcher = FORECAST.matcher(detail);
    if (!matcher.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(matcher.group(1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Map<Instant, Double> countPerHour(Dataset<Row> data, String column, Instant from, Instant lastHour) {
    List<Row> rows = data
        .where(col(column).geq(lit(Timestamp.from(from)))
            .and(col(column).lt(lit(Timestamp.from(lastHour.plus(1, ChronoUnit.HOURS))))))
        // From epoch seconds, not date_trunc: a UTC hour whatever the session time zone.
        .groupBy(expr("timestamp_seconds(floor(unix_seconds(" + Rule.quote(column) + ") / 3600) * 3600)").as("hour"))
        .count()
        .collectAsList();
    Map<Instant, Double> counts = new HashMap<>();
    for (Row row : rows) {
      counts.put(MetricsStore.instant(row.get(0)), (double) row.getLong(1));
    }
    return counts;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
