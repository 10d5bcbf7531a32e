package fr.goodair.quality;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One quality rule of a table, as declared in its registry file ({@code rules/<table>.yaml}). Rules are data: the
 * gate interprets these records, and nothing about a table's rules lives in code.
 *
 * <p>Three families, by where they run:
 * <ul>
 *   <li>{@link RowRule row-level} rules ({@code not_null}, {@code range}, {@code allowed_values},
 *       {@code expression}) are evaluated on every candidate row by {@link QualityGate#splitRows}; a failing row is
 *       rejected to quarantine with the rule's name.</li>
 *   <li>batch rules ({@code complete}, {@code unique}, {@code max_rejected_share}) are Deequ constraints on a
 *       batch's accepted rows, run by {@link QualityGate#verifyBatch}.</li>
 *   <li>scheduled rules ({@code freshness}, {@code error_rate}, {@code row_count_anomaly}, and again
 *       {@code complete} and {@code unique}) look at a whole table, run by {@link QualityGate#checkTables}.</li>
 * </ul>
 *
 * <p>Whatever the family, a failed rule at {@link Level#ERROR} holds a batch back; a {@link Level#WARNING} is only
 * reported. Row-level rules are therefore usually warnings: their rows are already set aside.
 */
public sealed interface Rule {

  /** Snake-case name, unique in its table; quarantine rows and metrics carry it. */
  String name();

  Kind kind();

  Level level();

  /** One sentence for people reading reports: what the rule protects against. */
  String description();

  /** The rule kinds and the YAML spelling of each. */
  enum Kind {
    NOT_NULL("not_null"),
    RANGE("range"),
    ALLOWED_VALUES("allowed_values"),
    EXPRESSION("expression"),
    COMPLETE("complete"),
    UNIQUE("unique"),
    MAX_REJECTED_SHARE("max_rejected_share"),
    ROW_COUNT_ANOMALY("row_count_anomaly"),
    FRESHNESS("freshness"),
    ERROR_RATE("error_rate");

    private final String yaml;

    Kind(String yaml) {
      this.yaml = yaml;
    }

    /** The spelling used in registry files and in the metrics table. */
    public String yaml() {
      return yaml;
    }

    public static Optional<Kind> fromYaml(String text) {
      for (Kind kind : values()) {
        if (kind.yaml.equals(text)) {
          return Optional.of(kind);
        }
      }
      return Optional.empty();
    }

    public static String allYaml() {
      return List.of(values()).stream().map(Kind::yaml).collect(Collectors.joining(", "));
    }
  }

  /**
   * A rule every row must satisfy. Its {@link #predicate()} is the single definition of the rule: Deequ evaluates
   * it per row (row-level results) within the optional {@link #scope()}; rows outside the scope pass, and so does a
   * predicate that evaluates to NULL (unknown is not a failure: {@code not_null} rules say what must be present, so
   * a missing value is rejected once, by the rule that is about it).
   */
  sealed interface RowRule extends Rule {

    /** Spark SQL boolean: true when the row passes. */
    String predicate();

    /** Spark SQL filter saying to which rows the rule applies; empty = all rows. */
    default Optional<String> scope() {
      return Optional.empty();
    }

    /** Spark SQL string expression explaining one failing row, e.g. {@code value=-5.0 outside [0, 999]}. */
    String detail();

    /** Columns the rule reads by name, checked against the candidates before the run. */
    List<String> columns();
  }

  /** The column must not be NULL. */
  record NotNull(String name, Level level, String description, String column) implements RowRule {
    @Override
    public Kind kind() {
      return Kind.NOT_NULL;
    }

    @Override
    public String predicate() {
      return quote(column) + " IS NOT NULL";
    }

    @Override
    public String detail() {
      return sqlString(column + " is null");
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }
  }

  /**
   * A numeric column within [min, max] (either bound may be absent), only on rows matching {@code where}; NULL passes.
   */
  record Range(String name, Level level, String description, String column, Double min, Double max,
      Optional<String> where) implements RowRule {
    @Override
    public Kind kind() {
      return Kind.RANGE;
    }

    @Override
    public String predicate() {
      String c = quote(column);
      String bounds = min != null && max != null ? c + " >= " + number(min) + " AND " + c + " <= " + number(max)
          : min != null ? c + " >= " + number(min) : c + " <= " + number(max);
      return c + " IS NULL OR (" + bounds + ")";
    }

    @Override
    public Optional<String> scope() {
      return where;
    }

    @Override
    public String detail() {
      String interval = "[" + (min == null ? "-inf" : number(min)) + ", " + (max == null ? "+inf" : number(max)) + "]";
      return "concat(" + sqlString(column + "=") + ", cast(" + quote(column) + " AS STRING), "
          + sqlString(" outside " + interval) + ")";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }
  }

  /** The column's value is one of {@code values} (strings or numbers); NULL passes. */
  record AllowedValues(String name, Level level, String description, String column, List<Object> values)
      implements RowRule {
    public AllowedValues {
      values = List.copyOf(values);
    }

    @Override
    public Kind kind() {
      return Kind.ALLOWED_VALUES;
    }

    @Override
    public String predicate() {
      String list = values.stream().map(Rule::literal).collect(Collectors.joining(", "));
      return quote(column) + " IS NULL OR " + quote(column) + " IN (" + list + ")";
    }

    @Override
    public String detail() {
      String list = values.stream().map(String::valueOf).collect(Collectors.joining(", "));
      return "concat(" + sqlString(column + "=") + ", cast(" + quote(column) + " AS STRING), "
          + sqlString(" not in [" + list + "]") + ")";
    }

    @Override
    public List<String> columns() {
      return List.of(column);
    }
  }

  /**
   * Any Spark SQL boolean predicate over the row's columns; NULL passes. {@code detail} is an optional Spark SQL
   * string expression for the quarantine row (default: the predicate's text).
   */
  record Expression(String name, Level level, String description, String expression, Optional<String> detailSql)
      implements RowRule {
    @Override
    public Kind kind() {
      return Kind.EXPRESSION;
    }

    @Override
    public String predicate() {
      return expression;
    }

    @Override
    public String detail() {
      return detailSql.orElse(sqlString("violates: " + expression));
    }

    @Override
    public List<String> columns() {
      return List.of();
    }
  }

  /** Batch and scheduled: share of non-NULL values of a column at least {@code min} (1.0 = no NULL at all). */
  record Complete(String name, Level level, String description, String column, double min) implements Rule {
    @Override
    public Kind kind() {
      return Kind.COMPLETE;
    }
  }

  /** Batch and scheduled: no two rows share the natural key {@code columns}. */
  record Unique(String name, Level level, String description, List<String> columns) implements Rule {
    public Unique {
      columns = List.copyOf(columns);
    }

    @Override
    public Kind kind() {
      return Kind.UNIQUE;
    }
  }

  /**
   * Batch: at most {@code max} of a batch's candidate rows may be rejected by row-level rules. When far more rows
   * fail than usual, the cause is upstream (a changed format), not the rows: the batch is held back, stays in
   * bronze and is re-run once the normalizer is fixed, instead of filling the quarantine.
   */
  record MaxRejectedShare(String name, Level level, String description, double max) implements Rule {
    @Override
    public Kind kind() {
      return Kind.MAX_REJECTED_SHARE;
    }
  }

  /**
   * Scheduled: rows per UTC hour of the timestamp {@code column}, compared with the hourly series kept in the metrics
   * table by Deequ's anomaly detection (Holt-Winters, hourly interval, daily seasonality, once two days of history
   * exist). The hour checked is the last one whose data have had {@code lagHours} to arrive; deviations smaller than
   * {@code tolerance} (a share of the forecast) are never reported.
   */
  record RowCountAnomaly(String name, Level level, String description, String column, int historyDays,
      int lagHours, double tolerance) implements Rule {
    @Override
    public Kind kind() {
      return Kind.ROW_COUNT_ANOMALY;
    }
  }

  /** Scheduled: per group, {@code max(column)} not older than {@code maxAgeHours} at the time of the check. */
  record Freshness(String name, Level level, String description, String column, List<String> groupBy,
      double maxAgeHours) implements Rule {
    public Freshness {
      groupBy = List.copyOf(groupBy);
    }

    @Override
    public Kind kind() {
      return Kind.FRESHNESS;
    }
  }

  /**
   * Scheduled: per group, the share of rows matching {@code failedWhen} among rows whose {@code column} falls in the
   * last {@code windowHours}, at most {@code max}.
   */
  record ErrorRate(String name, Level level, String description, String column, List<String> groupBy,
      double windowHours, double max, String failedWhen) implements Rule {
    public ErrorRate {
      groupBy = List.copyOf(groupBy);
    }

    @Override
    public Kind kind() {
      return Kind.ERROR_RATE;
    }
  }

  /** Back-quoted identifier, so that any column name is safe in generated SQL. */
  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  /** A SQL string literal. */
  static String sqlString(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String literal(Object value) {
    return value instanceof Number ? number(((Number) value).doubleValue()) : sqlString(String.valueOf(value));
  }

  /** {@code 60} rather than {@code 60.0} when the bound is whole, so messages read like the YAML. */
  static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }
}
