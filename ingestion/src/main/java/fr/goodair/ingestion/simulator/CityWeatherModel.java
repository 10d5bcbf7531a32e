package fr.goodair.ingestion.simulator;

import fr.goodair.ingestion.city.City;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Pure weather model: the weather at a city and instant, from the climatology in {@link Profiles}, smooth
 * deterministic anomalies and the {@link HeatEpisodes}. No HTTP, no state: same (seed, city, instant), same
 * weather.
 *
 * <p>Shape: the Paris-Orly month × 3-hour climatology (so the diurnal cycle and the seasons come from the real
 * 2023 series) shifted by the nearest SYNOP station's offsets (south warmer, coasts more humid...), plus anomalies
 * with the real day-to-day spreads: a slow synoptic part (knots every 4 days) and a daily part. Humidity drops
 * when it is warmer than usual; high pressure calms the wind and clears the sky (anticyclones), which is also what
 * makes pollution build up in {@link AirQualityModel}.
 */
public final class CityWeatherModel {

  private final Profiles profiles;
  private final long seed;
  private final HeatEpisodes heatEpisodes;

  CityWeatherModel(Profiles profiles, long seed) {
    this.profiles = profiles;
    this.seed = seed;
    this.heatEpisodes = new HeatEpisodes(seed);
  }

  /** A model on the committed profiles. */
  public static CityWeatherModel create(long seed) {
    return new CityWeatherModel(Profiles.load(), seed);
  }

  HeatEpisodes heatEpisodes() {
    return heatEpisodes;
  }

  public Weather at(City city, Instant time) {
    Profiles.Station station = profiles.nearestStation(city.latitude(), city.longitude());
    String key = city.id();
    double epochSeconds = time.getEpochSecond();
    double day = epochSeconds / 86400.0;
    double utcHour = (time.getEpochSecond() % 86400) / 3600.0;
    double month = monthPosition(time);

    // Temperature: climatology + anomalies (+ heat episode).
    double climate = Profiles.interpolate(profiles.temperature, month, utcHour) + station.temperatureOffset();
    double sd = Profiles.monthly(profiles.dailyTemperatureSd, month);
    double anomaly = sd * (0.8 * Noise.smooth(seed, key, 1, day, 4) + 0.6 * Noise.smooth(seed, key, 2, day, 1))
        + 0.4 * Noise.smooth(seed, key, 3, day * 24, 3); // a little hour-to-hour wobble (±0.4 °C)
    double temperature = climate + anomaly;
    int offsetSeconds = city.timeZone().getRules().getOffset(time).getTotalSeconds();
    double[] heat = heatEpisodes.weightAndIntensity((epochSeconds + offsetSeconds) / 86400.0);
    if (heat[0] > 0) {
      // Day shape of this month, 0 at the coolest slot and 1 at the warmest: the heat profile spans
      // [IBMn + intensity, IBMx + intensity] along it, so both the daily minimum and maximum pass the thresholds.
      double[] range = dayRange(month, station);
      double shape = (climate - range[0]) / (range[1] - range[0]);
      double low = city.ibmnThreshold() + heat[1];
      double high = city.ibmxThreshold() + heat[1];
      double hot = Math.max(temperature, low + (high - low) * shape);
      temperature += heat[0] * (hot - temperature);
    }
    double temperatureAnomaly = temperature - climate;

    // Pressure: monthly mean + slow synoptic anomaly; heat episodes sit under anticyclones.
    double pressureAnomaly = profiles.dailyPressureSd * Noise.smooth(seed, key, 4, day, 4) + 6 * heat[0];
    double pressure = Profiles.monthly(profiles.pressure, month) + station.pressureOffset() + pressureAnomaly;

    // Wind: log-normal day-to-day, calmer under high pressure.
    double windLog = profiles.dailyWindLogSd
        * (0.7 * Noise.smooth(seed, key, 5, day, 3) + 0.7 * Noise.smooth(seed, key, 6, day, 1));
    double wind = Profiles.interpolate(profiles.wind, month, utcHour) * station.windFactor()
        * Math.exp(windLog - 0.025 * pressureAnomaly - 0.08);
    wind = Math.max(0.2, wind);
    double gust = wind * (1.4 + 0.4 * Noise.uniform(seed, key, 7, (long) (day * 24)));
    // Westerlies dominate in France; the direction wanders slowly.
    double direction = Math.floorMod(Math.round(250 + 100 * Noise.smooth(seed, key, 8, day, 2)), 360);

    // Humidity: climatology, drier when warmer than usual.
    double humidity = Profiles.interpolate(profiles.humidity, month, utcHour) + station.humidityOffset()
        - 2.5 * temperatureAnomaly + 6 * Noise.smooth(seed, key, 9, day, 1);
    humidity = clamp(humidity, 15, 100);

    // Clouds: wetter air and low pressure mean more cloud.
    double cloud = 55 + 35 * Noise.smooth(seed, key, 10, day, 0.5) + 0.8 * (humidity - 75) - 1.5 * pressureAnomaly;
    cloud = clamp(cloud, 0, 100);
    double rain = cloud > 85 && humidity > 80 ? (cloud - 85) / 15 * 2.5 * Noise.uniform(seed, key, 11, (long) (day * 24))
        : 0;

    double sun = Sun.elevation(time, city.latitude(), city.longitude());
    return new Weather(time, temperature, temperatureAnomaly, humidity, wind, gust, direction, pressure, cloud,
        rain, dewPoint(temperature, humidity), sun, heat[0] >= 1);
  }

  /** Position in the year in months, 0.0 = mid-January (month tables hold mid-month means). */
  static double monthPosition(Instant time) {
    var date = time.atOffset(ZoneOffset.UTC);
    double dayOfYear = date.getDayOfYear() - 1 + date.getHour() / 24.0;
    return dayOfYear / (365.25 / 12) - 0.5;
  }

  private double[] dayRange(double month, Profiles.Station station) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (int slot = 0; slot < 8; slot++) {
      double v = Profiles.interpolate(profiles.temperature, month, slot * 3) + station.temperatureOffset();
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return new double[] {min, max};
  }

  static double dewPoint(double temperatureC, double humidityPct) {
    double a = 17.62;
    double b = 243.12;
    double g = Math.log(humidityPct / 100.0) + a * temperatureC / (b + temperatureC);
    return b * g / (a - g);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
