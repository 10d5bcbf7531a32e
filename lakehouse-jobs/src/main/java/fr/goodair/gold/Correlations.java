package fr.goodair.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.io.Serializable;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code gold.correlations} from {@code gold.city_hourly}. One row: for one city and period, how variable_y taken
 * lag_hours after variable_x goes with it: Pearson r and Spearman rho over the n hours t of the period where x has a
 * value at t and y at t + lag (both hours inside the period). Hours pair by timestamp, so a missing hour or a null
 * value drops only its own pairs. Spearman is exact: Pearson on the ranks of that pairwise-complete sample, ties
 * given their average rank. A coefficient is null when n &lt; 3 or a variance is 0; the row stays, with its n.
 *
 * <p>Periods are assigned from {@code hour_utc} in UTC, not from the city's local calendar: a month, season or year
 * is the same hours for every city, whatever its time zone and daylight saving time.
 *
 * <p>The arithmetic is plain Java, one city at a time ({@code groupByKey}): a city-period is at most a few years of
 * hours × 12 variables, small enough for one task, and 132 ordered pairs × 25 lags are then loops over arrays
 * where Spark would need a self-join per lag. Each variable's hours are sorted once per city-period; the ranks of a
 * pair-lag's sample are then one walk along that order, skipping the hours outside the sample (O(n), no sort).
 */
public final class Correlations {

  public static final int MAX_LAG_HOURS = 24;

  private static final List<String> VARIABLES = GoldVariables.columns();

  /** What {@link CitySeries} emits: the table's columns with the period bounds as epoch seconds. */
  private static final StructType COMPUTED = StructType.fromDDL("""
      city_id STRING, period_type STRING, period STRING, variable_x STRING, variable_y STRING, lag_hours INT,
      n BIGINT, pearson DOUBLE, spearman DOUBLE, period_start_s BIGINT, period_end_s BIGINT""");

  private Correlations() {}

  /**
   * A period correlations are computed over: a UTC month ({@code 2026-07}), meteorological season
   * ({@code 2026-JJA}; December counts in the next year's DJF: {@code 2026-DJF} is 2025-12 to 2026-02), year
   * ({@code 2026}) or all the history ({@code all}). Constructing one checks the label.
   */
  public record Period(Type type, String label) implements Serializable {

    /** Stored lower case in {@code period_type}. */
    public enum Type { MONTH, SEASON, YEAR, ALL }

    private static final List<String> SEASONS = List.of("DJF", "MAM", "JJA", "SON");
    private static final Pattern SEASON_LABEL = Pattern.compile("(\\d{4})-(DJF|MAM|JJA|SON)");

    public Period {
      // A label is what of(type, hour) would give: the table never holds two spellings of one period.
      if (!label.equals(labelOf(type, start(type, label)))) {
        throw new IllegalArgumentException("not a " + type + " label: " + label);
      }
    }

    /** The period of this type that contains the (UTC) hour. */
    public static Period of(Type type, Instant hour) {
      return new Period(type, labelOf(type, hour));
    }

    /**
     * The periods of these types that share an hour with [from, until): what to recompute once the hours of
     * city_hourly in that range changed (e.g. the current month and season every hour, year and all once a day).
     */
    public static List<Period> overlapping(Instant from, Instant until, Type... types) {
      List<Period> periods = new ArrayList<>();
      for (Type type : types) {
        for (Instant at = from; at.isBefore(until); ) {
          Period period = of(type, at);
          periods.add(period);
          at = period.end();
        }
      }
      return periods;
    }

    /** First instant of the period (UTC); {@link Instant#MIN} for all. */
    public Instant start() {
      return start(type, label);
    }

    /** End of the period, exclusive (UTC); {@link Instant#MAX} for all. */
    public Instant end() {
      return switch (type) {
        case MONTH -> monthsAfterStart(1);
        case SEASON -> monthsAfterStart(3);
        case YEAR -> monthsAfterStart(12);
        case ALL -> Instant.MAX;
      };
    }

    private Instant monthsAfterStart(int months) {
      return start().atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }

    private static String labelOf(Type type, Instant hour) {
      return switch (type) {
        case MONTH -> month(hour).toString();
        case SEASON -> {
          // One month later, December is in the next year and the months of each season share a quarter.
          YearMonth shifted = month(hour).plusMonths(1);
          yield shifted.getYear() + "-" + SEASONS.get((shifted.getMonthValue() - 1) / 3);
        }
        case YEAR -> String.valueOf(month(hour).getYear());
        case ALL -> "all";
      };
    }

    private static YearMonth month(Instant hour) {
      return YearMonth.from(hour.atOffset(ZoneOffset.UTC));
    }

    private static Instant start(Type type, String label) {
      return switch (type) {
        case MONTH -> startOf(YearMonth.parse(label));
        case SEASON -> {
          Matcher season = SEASON_LABEL.matcher(label);
          if (!season.matches()) {
            throw new IllegalArgumentException("not a season label (e.g. 2026-JJA): " + label);
          }
          // DJF starts on 1 December of the year before.
          yield startOf(YearMonth.of(Integer.parseInt(season.group(1)), 1)
              .plusMonths(3L * SEASONS.indexOf(season.group(2)) - 1));
        }
        case YEAR -> startOf(YearMonth.of(Integer.parseInt(label), 1));
        case ALL -> Instant.MIN;
      };
    }

    private static Instant startOf(YearMonth month) {
      return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
  }

  /**
   * The rows of gold.correlations, in table column order, for every city of {@code hourly} (city_hourly rows) and
   * every period of {@code periods} that has hours of that city, each ordered pair of {@link GoldVariables} and
   * lag 0 to {@value #MAX_LAG_HOURS} h (a period given twice counts once). City_hourly has one row per city and
   * hour; rows outside the periods are not read.
   */
  public static Dataset<Row> compute(Dataset<Row> hourly, List<Period> periods, Instant updatedAt) {
    List<Column> series = new ArrayList<>(List.of(col("city_id"), expr("unix_seconds(hour_utc)").as("hour_s")));
    VARIABLES.forEach(v -> series.add(col(v).cast("double")));
    // Epoch seconds through the Java side: rows independent of the session's java8API setting.
    return hourly.where(periods.stream().map(Correlations::hoursOf).reduce(Column::or).orElse(lit(false)))
        .select(series.toArray(Column[]::new))
        .groupByKey((MapFunction<Row, String>) row -> row.getString(0), Encoders.STRING())
        .flatMapGroups(new CitySeries(periods), Encoders.row(COMPUTED))
        .select(col("city_id"), col("period_type"), col("period"), col("variable_x"), col("variable_y"),
            col("lag_hours"), col("n"), col("pearson"), col("spearman"),
            expr("timestamp_seconds(period_start_s)").as("period_start"),
            expr("timestamp_seconds(period_end_s)").as("period_end"), lit(updatedAt).as("updated_at"));
  }

  private static Column hoursOf(Period period) {
    return period.type() == Period.Type.ALL ? lit(true)
        : col("hour_utc").geq(lit(period.start())).and(col("hour_utc").lt(lit(period.end())));
  }

  /** All the correlations of one city: its hours (epoch second, then the variables, null when missing) per period. */
  private static final class CitySeries implements FlatMapGroupsFunction<String, Row, Row> {

    private final List<Period> periods;

    CitySeries(List<Period> periods) {
      this.periods = periods.stream().distinct().toList();
    }

    @Override
    public Iterator<Row> call(String city, Iterator<Row> rows) {
      List<Row> hours = new ArrayList<>();
      rows.forEachRemaining(hours::add);
      List<Row> out = new ArrayList<>();
      for (Period period : periods) {
        long from = period.start().getEpochSecond();
        long until = period.end().getEpochSecond();
        List<Row> inPeriod = hours.stream().filter(h -> h.getLong(1) >= from && h.getLong(1) < until).toList();
        if (!inPeriod.isEmpty()) {
          new PeriodSeries(inPeriod).correlate(city, period, out);
        }
      }
      return out.iterator();
    }
  }

  /**
   * One city-period as one array per variable over its consecutive hours, from the first to the last hour present
   * (NaN where the hour or the value is missing), so that lag L is index i against index i + L.
   */
  private static final class PeriodSeries {

    private final long firstHour;
    private final long lastHour;
    private final double[][] values;
    /** Per variable, the indices with a value, by increasing value. */
    private final int[][] order;
    // Scratch for the ranks of one pair-lag.
    private final double[] xRanks;
    private final double[] yRanks;
    private final int[] sample;

    PeriodSeries(List<Row> hours) {
      firstHour = hours.stream().mapToLong(h -> Math.floorDiv(h.getLong(1), 3600)).min().orElseThrow();
      lastHour = hours.stream().mapToLong(h -> Math.floorDiv(h.getLong(1), 3600)).max().orElseThrow();
      int length = Math.toIntExact(lastHour - firstHour + 1);
      values = new double[VARIABLES.size()][length];
      for (double[] v : values) {
        Arrays.fill(v, Double.NaN);
      }
      for (Row h : hours) {
        int i = (int) (Math.floorDiv(h.getLong(1), 3600) - firstHour);
        for (int v = 0; v < values.length; v++) {
          values[v][i] = h.isNullAt(2 + v) ? Double.NaN : h.getDouble(2 + v);
        }
      }
      order = new int[values.length][];
      for (int v = 0; v < values.length; v++) {
        double[] series = values[v];
        order[v] = IntStream.range(0, length).filter(i -> !Double.isNaN(series[i])).boxed()
            .sorted(Comparator.comparingDouble(i -> series[i])).mapToInt(Integer::intValue).toArray();
      }
      xRanks = new double[length];
      yRanks = new double[length];
      sample = new int[length];
    }

    void correlate(String city, Period period, List<Row> out) {
      String type = period.type().name().toLowerCase(Locale.ROOT);
      for (int x = 0; x < values.length; x++) {
        for (int y = 0; y < values.length; y++) {
          if (x == y) {
            continue;
          }
          for (int lag = 0; lag <= MAX_LAG_HOURS; lag++) {
            Coefficient pearson = pearson(values[x], values[y], lag);
            rank(x, y, lag, xRanks);
            rank(y, x, -lag, yRanks);
            Coefficient spearman = pearson(xRanks, yRanks, lag);
            out.add(RowFactory.create(city, type, period.label(), VARIABLES.get(x), VARIABLES.get(y), lag,
                pearson.n(), pearson.r(), spearman.r(), firstHour * 3600, lastHour * 3600));
          }
        }
      }
    }

    /**
     * Average ranks (1 = smallest) of variable v at the indices i where variable partner has a value at i + shift,
     * NaN elsewhere: one walk along v's order, equal values being contiguous in it.
     */
    private void rank(int v, int partner, int shift, double[] ranks) {
      double[] series = values[v];
      double[] other = values[partner];
      Arrays.fill(ranks, Double.NaN);
      int m = 0;
      for (int i : order[v]) {
        int j = i + shift;
        if (j >= 0 && j < other.length && !Double.isNaN(other[j])) {
          sample[m++] = i;
        }
      }
      for (int first = 0; first < m; ) {
        int end = first + 1;
        while (end < m && series[sample[end]] == series[sample[first]]) {
          end++;
        }
        double average = (first + 1 + end) / 2.0; // of ranks first + 1 … end
        for (int k = first; k < end; k++) {
          ranks[sample[k]] = average;
        }
        first = end;
      }
    }
  }

  /** n pairs and r, null when n &lt; 3 or a variance is 0. */
  private record Coefficient(long n, Double r) {}

  /** Pearson r of x[i] against y[i + lag] over the i where both are numbers (two passes, for precision). */
  private static Coefficient pearson(double[] x, double[] y, int lag) {
    long n = 0;
    double sumX = 0;
    double sumY = 0;
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i + lag < x.length; i++) {
      double a = x[i];
      double b = y[i + lag];
      if (!Double.isNaN(a) && !Double.isNaN(b)) {
        n++;
        sumX += a;
        sumY += b;
        minX = Math.min(minX, a);
        maxX = Math.max(maxX, a);
        minY = Math.min(minY, b);
        maxY = Math.max(maxY, b);
      }
    }
    // A constant series is tested on its values: its computed mean is not always exactly that constant.
    if (n < 3 || minX == maxX || minY == maxY) {
      return new Coefficient(n, null);
    }
    double meanX = sumX / n;
    double meanY = sumY / n;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (int i = 0; i + lag < x.length; i++) {
      double a = x[i];
      double b = y[i + lag];
      if (!Double.isNaN(a) && !Double.isNaN(b)) {
        sxx += (a - meanX) * (a - meanX);
        syy += (b - meanY) * (b - meanY);
        sxy += (a - meanX) * (b - meanY);
      }
    }
    // Rounding can take a perfect correlation a hair beyond ±1.
    return new Coefficient(n, Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))));
  }
}
