package fr.goodair.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import fr.goodair.lake.LakeLayout;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * The plain-text state of data quality for {@code ./goodair check}: per table and rule, the last status, its value
 * (rows rejected, completeness, age in hours…) and the trend over the recent checks, failing rules first.
 *
 * <pre>
 * Data quality: 3 failing (1 error, 2 warnings), 4 passing. Last check 2025-03-04 11:05 UTC.
 *
 * silver.weather_observation
 *   FAIL  error    rejected_share                    0.62  ↑ +0.60  ▁▁█    62 of 100 candidate rows rejected (62%, max 20%)
 *   FAIL  warning  fresh_per_city [city_id=lyon]   5.33 h  ↑ +1.03  ▁▆█    newest observed_at … is 5.3 h old (max 3 h)
 *   FAIL  warning  humidity_range                 12 rows  ↑ +10    ▁▁▂█   12 of 120 candidate rows rejected to quarantine
 *   ok    warning  fresh_per_city (2 subjects)     2.10 h                  2 other subjects pass; highest city_id=nice
 *   ok    error    natural_key_unique                   1  = 0      ▁▁▁▁   all 120 rows have their own key
 *   ok             13 row rules                    0 rows                  nothing rejected: city_present, …
 * </pre>
 *
 * <p>{@link #load} runs the one Spark query; {@link #format} is pure formatting over {@link RuleHistory} values.
 */
public final class QualitySummary {

  private static final String SPARK_CHARS = "▁▂▃▄▅▆▇█";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  /** One recorded verdict. */
  public record Point(Instant checkedAt, Double value, boolean passed, String message) {}

  /**
   * The recent verdicts of one rule on one subject, newest first.
   *
   * @param metric what the values measure ({@code rejected_rows}, {@code age_hours}…), to label them
   */
  public record RuleHistory(String table, String rule, String subject, Level level, String metric,
      List<Point> recent) {

    public RuleHistory {
      recent = List.copyOf(recent);
      if (recent.isEmpty()) {
        throw new IllegalArgumentException("a rule history needs at least one point");
      }
    }

    public Point last() {
      return recent.get(0);
    }

    public boolean failing() {
      return !last().passed();
    }
  }

  private final List<RuleHistory> histories;

  private QualitySummary(List<RuleHistory> histories) {
    this.histories = List.copyOf(histories);
  }

  /** The last 8 verdicts of every rule and subject recorded under {@code lake}. */
  public static QualitySummary load(SparkSession spark, LakeLayout lake) {
    return load(spark, lake, 8);
  }

  /** The last {@code recentChecks} verdicts of every rule and subject recorded under {@code lake}. */
  public static QualitySummary load(SparkSession spark, LakeLayout lake, int recentChecks) {
    List<Row> rows = new MetricsStore(spark, lake).read()
        .where(col("passed").isNotNull())
        .withColumn("recency", row_number().over(Window.partitionBy("table_name", "rule", "subject")
            .orderBy(col("checked_at").desc())))
        .where(col("recency").leq(recentChecks))
        .select("table_name", "rule", "subject", "level", "metric", "checked_at", "value", "passed", "message")
        .orderBy(col("table_name"), col("rule"), col("subject"), col("checked_at").desc())
        .collectAsList();
    Map<List<String>, List<Row>> grouped = new LinkedHashMap<>();
    for (Row row : rows) {
      grouped.computeIfAbsent(List.of(row.getString(0), row.getString(1), row.getString(2)), k -> new ArrayList<>())
          .add(row);
    }
    List<RuleHistory> histories = new ArrayList<>();
    for (List<Row> group : grouped.values()) {
      Row newest = group.get(0);
      List<Point> points = group.stream().map(row -> new Point(MetricsStore.instant(row.get(5)),
          row.isNullAt(6) ? null : row.getDouble(6), row.getBoolean(7), row.getString(8))).toList();
      histories.add(new RuleHistory(newest.getString(0), newest.getString(1), newest.getString(2),
          Level.valueOf(newest.getString(3)), newest.getString(4), points));
    }
    return new QualitySummary(histories);
  }

  public List<RuleHistory> histories() {
    return histories;
  }

  public String text() {
    return format(histories);
  }

  /** The summary text of {@code histories} (pure: no Spark, no clock). */
  public static String format(List<RuleHistory> histories) {
    if (histories.isEmpty()) {
      return "Data quality: no checks recorded yet.\n";
    }
    // One line per rule; a rule with several subjects (one per city, per source) shows its failing subjects one by
    // one and folds the passing ones into a single line.
    Map<String, Map<String, List<RuleHistory>>> byTable = new TreeMap<>();
    for (RuleHistory history : histories) {
      byTable.computeIfAbsent(history.table(), t -> new TreeMap<>())
          .computeIfAbsent(history.rule(), r -> new ArrayList<>()).add(history);
    }
    List<Line> all = new ArrayList<>();
    Map<String, List<Line>> linesByTable = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, List<RuleHistory>>> table : byTable.entrySet()) {
      List<Line> lines = new ArrayList<>();
      List<String> quiet = new ArrayList<>();
      for (List<RuleHistory> subjects : table.getValue().values()) {
        if (rejectedNothing(subjects)) {
          quiet.add(subjects.get(0).rule());
        } else {
          lines.addAll(lines(subjects));
        }
      }
      if (quiet.size() == 1) {
        lines.addAll(lines(table.getValue().get(quiet.get(0))));
      } else if (!quiet.isEmpty()) {
        // Row-level rules that rejected nothing last time say the same thing: one line for all of them.
        lines.add(new Line(3, "ok", "", quiet.size() + " row rules", value(0.0, "rejected_rows"), "", "",
            "nothing rejected: " + String.join(", ", quiet)));
      }
      lines.sort(Comparator.comparingInt(Line::rank).thenComparing(Line::label));
      linesByTable.put(table.getKey(), lines);
      all.addAll(lines);
    }

    long errors = histories.stream().filter(h -> h.failing() && h.level() == Level.ERROR).count();
    long warnings = histories.stream().filter(h -> h.failing() && h.level() == Level.WARNING).count();
    long passing = histories.size() - errors - warnings;
    Instant lastCheck = histories.stream().map(h -> h.last().checkedAt()).max(Instant::compareTo).orElseThrow();
    StringBuilder out = new StringBuilder();
    out.append("Data quality: ");
    if (errors + warnings == 0) {
      out.append("all ").append(passing).append(" checks pass.");
    } else {
      out.append(errors + warnings).append(" failing (").append(errors).append(errors == 1 ? " error, " : " errors, ")
          .append(warnings).append(warnings == 1 ? " warning), " : " warnings), ").append(passing).append(" passing.");
    }
    out.append(" Last check ").append(TIME.format(lastCheck)).append(".\n");

    int labelWidth = all.stream().mapToInt(line -> line.label().length()).max().orElse(0);
    int valueWidth = all.stream().mapToInt(line -> line.value().length()).max().orElse(0);
    int trendWidth = all.stream().mapToInt(line -> line.trend().length()).max().orElse(0);
    for (Map.Entry<String, List<Line>> table : linesByTable.entrySet()) {
      out.append('\n').append(table.getKey()).append('\n');
      for (Line line : table.getValue()) {
        String text = String.format(Locale.ROOT, "  %-4s  %-7s  %-" + labelWidth + "s  %" + valueWidth + "s  %-"
            + trendWidth + "s  %-8s  %s", line.status(), line.level(), line.label(), line.value(), line.trend(),
            line.sparkline(), line.message());
        out.append(text.stripTrailing()).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * One printed line; {@code rank} orders failing errors, failing warnings, passing rules, then the folded line of
   * row rules that rejected nothing.
   */
  private record Line(int rank, String status, String level, String label, String value, String trend,
      String sparkline, String message) {}

  private static boolean rejectedNothing(List<RuleHistory> subjects) {
    return subjects.size() == 1 && subjects.get(0).metric().equals("rejected_rows") && !subjects.get(0).failing()
        && Objects.equals(subjects.get(0).last().value(), 0.0);
  }

  private static List<Line> lines(List<RuleHistory> subjects) {
    List<Line> lines = new ArrayList<>();
    List<RuleHistory> passing = new ArrayList<>();
    for (RuleHistory history : subjects) {
      if (history.failing() || (subjects.size() == 1)) {
        String label = history.subject().isEmpty() ? history.rule() : history.rule() + " [" + history.subject() + "]";
        lines.add(line(history, label));
      } else {
        passing.add(history);
      }
    }
    if (!passing.isEmpty()) {
      RuleHistory worst = passing.stream().max(Comparator.comparingDouble(
          h -> h.last().value() == null ? Double.NEGATIVE_INFINITY : h.last().value())).orElseThrow();
      String label = worst.rule() + " (" + passing.size() + (passing.size() == 1 ? " subject" : " subjects") + ")";
      String message = passing.size() == subjects.size() ? "all " + passing.size() + " subjects pass"
          : passing.size() + " other subjects pass";
      if (passing.size() > 1 && worst.last().value() != null) {
        message += "; highest " + worst.subject();
      } else if (passing.size() == 1) {
        message = worst.subject() + ": " + worst.last().message();
      }
      lines.add(new Line(2, "ok", worst.level().name().toLowerCase(Locale.ROOT), label,
          value(worst.last().value(), worst.metric()), "", "", message));
    }
    return lines;
  }

  private static Line line(RuleHistory history, String label) {
    Point last = history.last();
    int rank = !last.passed() ? (history.level() == Level.ERROR ? 0 : 1) : 2;
    return new Line(rank, last.passed() ? "ok" : "FAIL", history.level().name().toLowerCase(Locale.ROOT), label,
        value(last.value(), history.metric()), trend(history.recent()), sparkline(history.recent()),
        Objects.requireNonNullElse(last.message(), ""));
  }

  /** {@code ↑ +12}, {@code ↓ -0.05}, {@code = 0} against the previous check; {@code new} for a first check. */
  static String trend(List<Point> newestFirst) {
    if (newestFirst.size() < 2) {
      return "new";
    }
    Double now = newestFirst.get(0).value();
    Double before = newestFirst.get(1).value();
    if (now == null || before == null) {
      return "";
    }
    double change = now - before;
    if (Math.abs(change) < 1e-9) {
      return "= 0";
    }
    return (change > 0 ? "↑ +" : "↓ -") + number(Math.abs(change));
  }

  /** The recent values, oldest to newest, as block characters scaled between their minimum and maximum. */
  static String sparkline(List<Point> newestFirst) {
    List<Double> values = new ArrayList<>();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      if (newestFirst.get(i).value() != null) {
        values.add(newestFirst.get(i).value());
      }
    }
    if (values.size() < 2) {
      return "";
    }
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    StringBuilder line = new StringBuilder();
    for (double value : values) {
      int level = max == min ? 0 : (int) Math.round((value - min) / (max - min) * (SPARK_CHARS.length() - 1));
      line.append(SPARK_CHARS.charAt(level));
    }
    return line.toString();
  }

  private static String value(Double value, String metric) {
    if (value == null) {
      return "-";
    }
    String unit = switch (metric) {
      case "rejected_rows" -> " rows";
      case "rows_per_hour" -> " rows/h";
      case "age_hours" -> " h";
      default -> "";
    };
    return number(value) + unit;
  }

  /** Whole numbers without decimals, small ones with two, large ones with one. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.2f" : "%.1f", value);
  }
}
