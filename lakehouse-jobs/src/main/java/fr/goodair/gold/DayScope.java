package fr.goodair.gold;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The (city, day) keys a gold run recomputes: for each city, one range of days. A run's silver changes touch a
 * few hours per city (an hourly run: the last hour), so a range per city is exact for them and, after late
 * data, a small superset. Windows need days around the touched ones: {@link #widen} gives the scope of a table
 * whose rows depend on neighbouring days, {@link #condition} the SQL predicate that selects the scope.
 */
public record DayScope(Map<String, Range> cities) {

  /** Days {@code from} … {@code to}, both included. */
  public record Range(LocalDate from, LocalDate to) {

    public Range {
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("empty range " + from + " … " + to);
      }
    }

    public long days() {
      return to.toEpochDay() - from.toEpochDay() + 1;
    }
  }

  /** City ids as the référentiel allows them; anything else would not be safe inside a SQL literal. */
  private static final java.util.regex.Pattern CITY_ID = java.util.regex.Pattern.compile("[a-z][a-z0-9-]*");

  public DayScope {
    cities.keySet().stream().filter(c -> !CITY_ID.matcher(c).matches()).findFirst().ifPresent(c -> {
      throw new IllegalArgumentException("not a city id: '" + c + "'");
    });
    cities = java.util.Collections.unmodifiableMap(new TreeMap<>(cities));
  }

  public boolean isEmpty() {
    return cities.isEmpty();
  }

  public long days() {
    return cities.values().stream().mapToLong(Range::days).sum();
  }

  /** The same cities with each range widened by {@code before} days before and {@code after} days after. */
  public DayScope widen(int before, int after) {
    return new DayScope(cities.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> new Range(e.getValue().from().minusDays(before), e.getValue().to().plusDays(after)))));
  }

  /**
   * SQL predicate on {@code prefix + "city_id"} and {@code prefix + dateColumn}: true for rows in the scope,
   * e.g. {@code (t.city_id = 'paris' AND t.local_date BETWEEN DATE '2026-07-01' AND DATE '2026-07-02')}.
   */
  public String condition(String prefix, String dateColumn) {
    if (cities.isEmpty()) {
      return "false";
    }
    return cities.entrySet().stream()
        .map(e -> "(" + prefix + "city_id = '" + e.getKey() + "' AND " + prefix + dateColumn
            + " BETWEEN DATE '" + e.getValue().from() + "' AND DATE '" + e.getValue().to() + "')")
        .collect(Collectors.joining(" OR ", "(", ")"));
  }

  /** Like {@link #condition} on a timestamp column: hours from the first day's 00:00 UTC to the last day's 24:00. */
  public String hourCondition(String prefix, String timestampColumn) {
    if (cities.isEmpty()) {
      return "false";
    }
    return cities.entrySet().stream()
        .map(e -> "(" + prefix + "city_id = '" + e.getKey() + "' AND " + prefix
            + timestampColumn + " >= TIMESTAMP '" + e.getValue().from() + " 00:00:00' AND " + prefix
            + timestampColumn + " < TIMESTAMP '" + e.getValue().to().plusDays(1) + " 00:00:00')")
        .collect(Collectors.joining(" OR ", "(", ")"));
  }
}
