package fr.goodair.ingestion.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Sun position from the usual NOAA low-precision formulas (declination and equation of time from the day of the
 * year; good to a minute or two, plenty for sunrise/sunset fields, UV index and ozone's sunlight).
 */
final class Sun {

  private Sun() {}

  /** Solar elevation in degrees at an instant and place. */
  static double elevation(Instant t, double lat, double lon) {
    double dayOfYear = t.atZone(ZoneOffset.UTC).getDayOfYear();
    double utcHours = (t.getEpochSecond() % 86400) / 3600.0;
    double g = 2 * Math.PI / 365 * (dayOfYear - 1 + (utcHours - 12) / 24);
    double decl = 0.006918 - 0.399912 * Math.cos(g) + 0.070257 * Math.sin(g) - 0.006758 * Math.cos(2 * g)
        + 0.000907 * Math.sin(2 * g) - 0.002697 * Math.cos(3 * g) + 0.00148 * Math.sin(3 * g);
    double eqTime = 229.18 * (0.000075 + 0.001868 * Math.cos(g) - 0.032077 * Math.sin(g)
        - 0.014615 * Math.cos(2 * g) - 0.040849 * Math.sin(2 * g));
    double solarMinutes = utcHours * 60 + eqTime + 4 * lon;
    double hourAngle = Math.toRadians(solarMinutes / 4 - 180);
    double phi = Math.toRadians(lat);
    double cosZenith = Math.sin(phi) * Math.sin(decl) + Math.cos(phi) * Math.cos(decl) * Math.cos(hourAngle);
    return 90 - Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cosZenith))));
  }

  /** Sunrise and sunset (epoch seconds) of a UTC date, found by scanning the elevation minute by minute. */
  static long[] riseAndSet(LocalDate date, double lat, double lon) {
    long start = date.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    long rise = start + 6 * 3600;
    long set = start + 18 * 3600;
    boolean found = false;
    double previous = elevation(Instant.ofEpochSecond(start), lat, lon);
    for (long s = start + 60; s < start + 86400; s += 60) {
      // -0.833° = refraction + solar radius, the usual sunrise definition
      double e = elevation(Instant.ofEpochSecond(s), lat, lon) + 0.833;
      double p = previous + 0.833;
      if (p < 0 && e >= 0 && !found) {
        rise = s;
        found = true;
      } else if (p >= 0 && e < 0) {
        set = s;
      }
      previous = e - 0.833;
    }
    return new long[] {rise, set};
  }
}
