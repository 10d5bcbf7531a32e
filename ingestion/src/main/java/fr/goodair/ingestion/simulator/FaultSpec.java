package fr.goodair.ingestion.simulator;

import fr.goodair.ingestion.source.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fault rule: which answers it hits (source, city, simulated-time range), what it does ({@link FaultKind}) and
 * how many times. Immutable; {@link FaultPlan} keeps the counters.
 *
 * <p>Compact text form, for the command line ({@link #parse}, {@link #parseAll}):
 * <pre>
 * list    := spec { ',' spec }
 * spec    := source ':' city ':' kind { ':' option }
 * source  := aqicn | owm_weather | owm_air | * | any
 * city    := a city id (as in cities.csv, e.g. lyon) | * | any
 * kind    := http_500 | http_502 | http_503 | timeout | http_429 (alias rate_limit) | over_quota
 *          | invalid_key (alias http_401) | malformed_json (alias truncated) | slow | aqi_dash
 * option  := 'x' N                apply to the next N matching answers (default: always)
 *          | always
 *          | delay= N (ms|s|m)    hold time of timeout (default 60s) or extra delay of slow (default 3s)
 *          | from= T | to= T      only while the simulated clock is in [from, to);
 *                                 T = yyyy-MM-dd or yyyy-MM-ddTHH, UTC (no colons, so it fits the grammar)
 * </pre>
 * Examples: {@code owm_weather:lyon:http_503:x2} (the next two Lyon weather calls fail with 503),
 * {@code *:*:timeout:delay=20s:x1}, {@code aqicn:paris:aqi_dash:from=2026-07-01:to=2026-07-02}.
 *
 * @param source the source hit, null for any
 * @param cityId the city hit, null for any (an unknown station or place is only hit by "any")
 * @param kind what happens
 * @param times how many answers it hits, negative for always
 * @param from start of the simulated-time range (inclusive), null for open
 * @param to end of the simulated-time range (exclusive), null for open
 * @param delay hold/extra delay for TIMEOUT and SLOW, null for the default
 */
public record FaultSpec(
    Source source, String cityId, FaultKind kind, int times, Instant from, Instant to, Duration delay) {

  public static final Duration DEFAULT_TIMEOUT_HOLD = Duration.ofSeconds(60);
  public static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(3);

  public FaultSpec {
    if (kind == null) {
      throw new IllegalArgumentException("a fault needs a kind");
    }
  }

  /** A fault of this kind on every answer of every source and city; narrow it with the {@code with…} methods. */
  public static FaultSpec of(FaultKind kind) {
    return new FaultSpec(null, null, kind, -1, null, null, null);
  }

  public FaultSpec forSource(Source s) {
    return new FaultSpec(s, cityId, kind, times, from, to, delay);
  }

  public FaultSpec forCity(String id) {
    return new FaultSpec(source, id, kind, times, from, to, delay);
  }

  public FaultSpec times(int n) {
    return new FaultSpec(source, cityId, kind, n, from, to, delay);
  }

  public FaultSpec between(Instant start, Instant end) {
    return new FaultSpec(source, cityId, kind, times, start, end, delay);
  }

  public FaultSpec withDelay(Duration d) {
    return new FaultSpec(source, cityId, kind, times, from, to, d);
  }

  /** Hold time (TIMEOUT) or extra delay (SLOW), defaults applied. */
  public Duration effectiveDelay() {
    if (delay != null) {
      return delay;
    }
    return kind == FaultKind.TIMEOUT ? DEFAULT_TIMEOUT_HOLD : DEFAULT_SLOW_DELAY;
  }

  /** True when this rule hits an answer of {@code s} for {@code city} at simulated time {@code now}. */
  public boolean matches(Source s, String city, Instant now) {
    if (kind == FaultKind.AQI_DASH && s != Source.AQICN) {
      return false;
    }
    if (source != null && source != s) {
      return false;
    }
    if (cityId != null && !cityId.equals(city)) {
      return false;
    }
    if (from != null && now.isBefore(from)) {
      return false;
    }
    return to == null || now.isBefore(to);
  }

  /** Reads one rule in the compact text form (see the class comment). */
  public static FaultSpec parse(String text) {
    String[] parts = text.trim().split(":");
    if (parts.length < 3) {
      throw new IllegalArgumentException("fault spec '" + text + "' needs source:city:kind[:options]");
    }
    FaultSpec spec = of(FaultKind.fromId(parts[2]));
    String source = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!source.equals("*") && !source.equals("any")) {
      spec = spec.forSource(Source.fromId(source));
    }
    String city = parts[1].trim().toLowerCase(Locale.ROOT);
    if (!city.equals("*") && !city.equals("any") && !city.isEmpty()) {
      spec = spec.forCity(city);
    }
    for (int i = 3; i < parts.length; i++) {
      String option = parts[i].trim().toLowerCase(Locale.ROOT);
      if (option.equals("always")) {
        spec = spec.times(-1);
      } else if (option.matches("x\\d+")) {
        spec = spec.times(Integer.parseInt(option.substring(1)));
      } else if (option.startsWith("delay=")) {
        spec = spec.withDelay(duration(option.substring(6)));
      } else if (option.startsWith("from=")) {
        spec = spec.between(instant(option.substring(5)), spec.to());
      } else if (option.startsWith("to=")) {
        spec = spec.between(spec.from(), instant(option.substring(3)));
      } else {
        throw new IllegalArgumentException("unknown fault option '" + parts[i] + "' in '" + text + "'");
      }
    }
    return spec;
  }

  /** Reads a comma-separated list of rules; blank gives an empty list. */
  public static List<FaultSpec> parseAll(String text) {
    List<FaultSpec> out = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    for (String one : text.split(",")) {
      if (!one.isBlank()) {
        out.add(parse(one));
      }
    }
    return out;
  }

  /** The compact text form of this rule ({@code parse(toSpecString())} gives it back). */
  public String toSpecString() {
    StringBuilder b = new StringBuilder();
    b.append(source == null ? "*" : source.id()).append(':').append(cityId == null ? "*" : cityId).append(':')
        .append(kind.id());
    if (times >= 0) {
      b.append(":x").append(times);
    }
    if (delay != null) {
      b.append(":delay=").append(delay.toMillis()).append("ms");
    }
    if (from != null) {
      b.append(":from=").append(compact(from));
    }
    if (to != null) {
      b.append(":to=").append(compact(to));
    }
    return b.toString();
  }

  private static String compact(Instant t) {
    LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
    return d.getHour() == 0 && d.getMinute() == 0 ? d.toLocalDate().toString()
        : String.format(Locale.ROOT, "%sT%02d", d.toLocalDate(), d.getHour());
  }

  private static Duration duration(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    long n = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> throw new IllegalArgumentException("duration '" + text + "' must end in ms, s or m");
    };
  }

  private static Instant instant(String text) {
    String t = text.toUpperCase(Locale.ROOT).replace("Z", "");
    if (t.length() == 10) {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (t.length() == 13 && t.charAt(10) == 'T') {
      return LocalDate.parse(t.substring(0, 10)).atTime(Integer.parseInt(t.substring(11)), 0)
          .toInstant(ZoneOffset.UTC);
    }
    throw new IllegalArgumentException("time '" + text + "' must be yyyy-MM-dd or yyyy-MM-ddTHH (UTC)");
  }
}
