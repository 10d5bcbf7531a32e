package fr.goodair.ingestion.simulator;

import java.time.LocalDate;

/**
 * Deterministic summer heat episodes: two or three per year, drawn from (seed, year) only, so they are national
 * (every city heats up together, like the 2003, 2019 or 2022 canicules) and the same whatever is asked first.
 * Each has a core of 4 to 7 days during which the weather model lifts daily minima and maxima above the city's
 * IBMn/IBMx canicule thresholds, so a canicule detector (3-day means of Tmin and Tmax) fires; the lift ramps up
 * and down over one day on each side.
 */
final class HeatEpisodes {

  private static final String KEY = "heat-episodes";
  private static final double RAMP_DAYS = 1.0;

  /** One episode: core from {@code start} (inclusive) for {@code days} days, {@code intensity} °C above thresholds. */
  record Episode(LocalDate start, int days, double intensity) {

    long startEpochDay() {
      return start.toEpochDay();
    }
  }

  private final long seed;

  HeatEpisodes(long seed) {
    this.seed = seed;
  }

  /** The episodes of a year, in date order and never overlapping. */
  Episode[] of(int year) {
    int count = 2 + (int) (Noise.uniform(seed, KEY, year, 0) * 2); // 2 or 3
    Episode[] out = new Episode[count];
    // Split 20 June .. 25 August into equal windows, one episode per window: no overlap by construction.
    LocalDate first = LocalDate.of(year, 6, 20);
    int span = (int) (LocalDate.of(year, 8, 25).toEpochDay() - first.toEpochDay());
    int window = span / count;
    for (int i = 0; i < count; i++) {
      int days = 4 + (int) (Noise.uniform(seed, KEY, year, 10 + i) * 4); // 4..7
      int slack = Math.max(1, window - days - 3);
      int offset = i * window + 1 + (int) (Noise.uniform(seed, KEY, year, 20 + i) * slack);
      double intensity = 1.0 + 2.5 * Noise.uniform(seed, KEY, year, 30 + i);
      out[i] = new Episode(first.plusDays(offset), days, intensity);
    }
    return out;
  }

  /**
   * How much of an episode applies at a day position (0 outside, 1 in the core, smooth ramps) and the episode's
   * intensity. The position counts the city's <em>local</em> days ({@code (epochSecond + utcOffset) / 86400}), so
   * the core covers whole local days, the days a detector computes Tmin and Tmax over.
   */
  double[] weightAndIntensity(double epochDay) {
    int year = LocalDate.ofEpochDay((long) Math.floor(epochDay)).getYear();
    for (Episode e : of(year)) {
      double start = e.startEpochDay();
      double end = start + e.days();
      double w;
      if (epochDay >= start && epochDay < end) {
        w = 1;
      } else if (epochDay >= start - RAMP_DAYS && epochDay < start) {
        w = smoothstep((epochDay - (start - RAMP_DAYS)) / RAMP_DAYS);
      } else if (epochDay >= end && epochDay < end + RAMP_DAYS) {
        w = 1 - smoothstep((epochDay - end) / RAMP_DAYS);
      } else {
        continue;
      }
      return new double[] {w, e.intensity()};
    }
    return new double[] {0, 0};
  }

  private static double smoothstep(double x) {
    double c = Math.max(0, Math.min(1, x));
    return c * c * (3 - 2 * c);
  }
}
