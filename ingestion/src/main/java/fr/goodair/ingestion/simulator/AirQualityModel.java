package fr.goodair.ingestion.simulator;

import fr.goodair.ingestion.city.City;
import java.time.DayOfWeek;
import java.time.Instant;

/**
 * Pure air-quality model: concentrations at a city and instant, given the weather there. Deterministic, stateless.
 *
 * <p>The base level is the Airparif Paris profile (month × UTC hour, weekday/weekend factors), so the morning and
 * evening NO2 rush hours on weekdays, the O3 afternoon peak in summer and the winter/early-spring PM maxima come
 * from the real series. On top of it:
 * <ul>
 *   <li>dispersion: NO2 and PM rise when the wind is weaker than usual (factor (wind/usual)^-0.5), and all
 *       pollutants share a slow "stagnation" anomaly, as in real episodes;
 *   <li>O3 rises with warmth and sunshine: +3.5 %/°C of temperature anomaly, more with a clear midday sky, and
 *       more again during heat episodes (DOMAIN.md §5: ~3 ppb/°C in European heatwaves);
 *   <li>PM rises a little on cold winter days (domestic heating);
 *   <li>day-to-day and hour-to-hour log-normal noise with the spreads measured in the Airparif series (the part not
 *       already explained by the couplings above).
 * </ul>
 * Per-city factors (kept deliberately simple):
 * <ul>
 *   <li>NO2 by agglomeration size: Paris 1.0, Lyon and Marseille 0.85, other cities 0.7. The AQICN history cannot
 *       be used here: the Paris feed is a city aggregate that includes traffic stations, Lyon Centre is a
 *       background station, so their ratio (0.3) says more about station types than about cities;
 *   <li>PM and O3 from the AQICN daily history, as the ratio of the city's mean to Paris's (clamped to 0.7-1.3
 *       for the same reason); cities without a history get 0.85 for PM (smaller agglomerations);
 *   <li>O3 for cities without an AQICN O3 history south of 44.5° N (Mediterranean and south-west) × 1.15:
 *       south-east France has the highest O3 (DOMAIN.md §5, ~20 µg/m³ higher annual means). Marseille's history
 *       already shows it (ratio 1.28 to Paris), so it is not counted twice. Clearer skies and the stronger sun add
 *       the rest through the weather.
 * </ul>
 */
public final class AirQualityModel {

  private final Profiles profiles;
  private final long seed;

  AirQualityModel(Profiles profiles, long seed) {
    this.profiles = profiles;
    this.seed = seed;
  }

  public static AirQualityModel create(long seed) {
    return new AirQualityModel(Profiles.load(), seed);
  }

  public Concentrations at(City city, Instant time, Weather weather) {
    String key = city.id();
    double day = time.getEpochSecond() / 86400.0;
    double hours = time.getEpochSecond() / 3600.0;
    double utcHour = (time.getEpochSecond() % 86400) / 3600.0;
    double month = CityWeatherModel.monthPosition(time);
    DayOfWeek dow = time.atZone(city.timeZone()).getDayOfWeek();
    boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;

    double usualWind = Profiles.interpolate(profiles.wind, month, utcHour)
        * profiles.nearestStation(city.latitude(), city.longitude()).windFactor();
    double dispersion = clamp(Math.pow(Math.max(0.3, weather.windSpeedMs()) / usualWind, -0.5), 0.5, 2.5);
    double stagnation = Noise.smooth(seed, key, 100, day, 3);
    boolean winter = month < 1.5 || month > 9.5; // mid-Nov .. mid-Feb
    double heating = winter ? Math.exp(-0.03 * weather.temperatureAnomalyC()) : 1;

    double no2 = level("no2", month, utcHour, weekend) * no2Factor(city) * dispersion
        * noise("no2", key, 101, 102, day, hours, stagnation, 0.6);
    double pmNoise = noise("pm10", key, 103, 104, day, hours, stagnation, 0.6);
    double pm10 = level("pm10", month, utcHour, weekend) * aqicnFactor(city, "pm10") * dispersion * heating * pmNoise;
    // PM2.5 shares most of PM10's variation (same sources, same weather) with a little of its own.
    double pm25 = level("pm25", month, utcHour, weekend) * aqicnFactor(city, "pm25") * dispersion * heating * pmNoise
        * Math.exp(0.15 * Noise.smooth(seed, key, 105, day, 1));
    pm25 = Math.min(pm25, 0.95 * pm10);

    double sunny = Math.max(0, Math.sin(Math.toRadians(weather.sunElevationDeg()))) * (1 - weather.cloudPct() / 100);
    double o3 = level("o3", month, utcHour, weekend) * ozoneFactor(city)
        * Math.exp(0.035 * weather.temperatureAnomalyC()) * (1 + 0.35 * (sunny - 0.25))
        * (weather.heatEpisode() && weather.sunElevationDeg() > 0 ? 1.2 : 1.0)
        * noise("o3", key, 106, 107, day, hours, -0.5 * stagnation, 0.5);

    // Minor species, not in the Airparif files: simple links to NO2 (traffic) and the season (NH3 in spring from
    // fertilisers, DOMAIN.md §5).
    double no = no2 * 0.08 * Math.pow(level("no2", month, utcHour, weekend) / profiles.pollutant("no2").monthMean(month), 3);
    double co = 150 + 3.5 * no2 + 20 * Noise.smooth(seed, key, 108, hours, 6);
    double so2 = Math.max(0.3, 1.2 * dispersion + 0.5 * Noise.smooth(seed, key, 109, day, 1));
    double springBump = Math.exp(-Math.pow((month - 2.8) / 1.0, 2));
    double nh3 = Math.max(0.1, (1.5 + 6 * springBump) * Math.exp(0.4 * Noise.smooth(seed, key, 110, day, 2)));

    return new Concentrations(no2, o3, pm10, pm25, so2, co, no, nh3);
  }

  private double level(String pollutant, double month, double utcHour, boolean weekend) {
    return profiles.pollutant(pollutant).mean(month, utcHour, weekend);
  }

  /**
   * Log-normal multiplicative noise with mean 1: a daily part (mixed with the shared stagnation anomaly) and an
   * hourly part, scaled down by {@code explainedShare} of the measured spread because dispersion and temperature
   * already explain part of it.
   */
  private double noise(String pollutant, String key, int dailyChannel, int hourlyChannel, double day, double hours,
      double stagnation, double explainedShare) {
    Profiles.Pollutant p = profiles.pollutant(pollutant);
    double dailySd = p.dailyLogSd() * Math.sqrt(1 - explainedShare * explainedShare);
    // The measured hour-to-hour log spread (0.3-0.5) is inflated by near-zero night values (O3 titration, clean
    // nights); applied as is it makes daytime values jump implausibly from one hour to the next, hence the cap.
    double hourlySd = Math.min(0.2, p.hourlyLogSd() * 0.6);
    double daily = 0.6 * stagnation + 0.8 * Noise.smooth(seed, key, dailyChannel, day, 1);
    double hourly = Noise.smooth(seed, key, hourlyChannel, hours, 3);
    return Math.exp(dailySd * daily + hourlySd * hourly - (dailySd * dailySd + hourlySd * hourlySd) / 2);
  }

  static double no2Factor(City city) {
    return switch (city.id()) {
      case "paris" -> 1.0;
      case "lyon", "marseille" -> 0.85;
      default -> 0.7;
    };
  }

  double aqicnFactor(City city, String pollutant) {
    Profiles.AqicnLevels paris = profiles.aqicn.get("paris");
    Profiles.AqicnLevels own = profiles.aqicn.get(city.id());
    if (own == null) {
      return 0.85;
    }
    double ratio = switch (pollutant) {
      case "pm10" -> own.pm10Ugm3() / paris.pm10Ugm3();
      case "pm25" -> own.pm25Ugm3() / paris.pm25Ugm3();
      default -> own.o3Aqi() / paris.o3Aqi();
    };
    return Double.isNaN(ratio) ? 1.0 : clamp(ratio, 0.7, 1.3);
  }

  double ozoneFactor(City city) {
    Profiles.AqicnLevels own = profiles.aqicn.get(city.id());
    if (own != null && !Double.isNaN(own.o3Aqi())) {
      return aqicnFactor(city, "o3");
    }
    return city.latitude() < 44.5 ? 1.15 : 1.0;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
