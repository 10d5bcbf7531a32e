package fr.goodair.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.city.City;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The couplings gold will look for, checked statistically over a simulated year (2026) computed by calling the
 * models directly (no HTTP), one value per hour, as the hourly ingestion would see them.
 */
class SimulatedYearTest {

  private static final long SEED = 42;
  private static final Profiles PROFILES = Profiles.load();
  private static final CityWeatherModel WEATHER = new CityWeatherModel(PROFILES, SEED);
  private static final AirQualityModel AIR = new AirQualityModel(PROFILES, SEED);

  private record Hour(ZonedDateTime local, Weather w, Concentrations c) {}

  private static List<Hour> paris;

  @BeforeAll
  static void simulateParisYear() {
    paris = year(TestCities.PARIS);
  }

  private static List<Hour> year(City city) {
    List<Hour> out = new ArrayList<>();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    Instant end = Instant.parse("2027-01-01T00:00:00Z");
    while (t.isBefore(end)) {
      Weather w = WEATHER.at(city, t);
      out.add(new Hour(t.atZone(city.timeZone()), w, AIR.at(city, t, w)));
      t = t.plus(Duration.ofHours(1));
    }
    return out;
  }

  private static boolean summer(Hour h) {
    int m = h.local().getMonthValue();
    return m >= 6 && m <= 8;
  }

  private static boolean winter(Hour h) {
    int m = h.local().getMonthValue();
    return m == 12 || m <= 2;
  }

  @Test
  void ozoneRisesWithTemperatureInSummer() {
    List<Hour> s = paris.stream().filter(SimulatedYearTest::summer).toList();
    double hourly = correlation(s.stream().mapToDouble(h -> h.w().temperatureC()).toArray(),
        s.stream().mapToDouble(h -> h.c().o3()).toArray());
    assertThat(hourly).isGreaterThan(0.3);
    // and at the daily scale: daily max O3 against daily max temperature
    Map<LocalDate, double[]> daily = dailyMax(s);
    double dailyCorr = correlation(daily.values().stream().mapToDouble(v -> v[0]).toArray(),
        daily.values().stream().mapToDouble(v -> v[1]).toArray());
    assertThat(dailyCorr).isGreaterThan(0.3);
  }

  @Test
  void ozonePeaksAtMiddayInSummer() {
    double noon = mean(paris, h -> summer(h) && h.local().getHour() == 15, h -> h.c().o3());
    double night = mean(paris, h -> summer(h) && h.local().getHour() == 5, h -> h.c().o3());
    assertThat(noon).isGreaterThan(1.5 * night);
  }

  @Test
  void no2PeaksAtTheWeekdayMorningRushHour() {
    double rush = mean(paris, h -> weekday(h) && h.local().getHour() == 8, h -> h.c().no2());
    double night = mean(paris, h -> weekday(h) && h.local().getHour() == 3, h -> h.c().no2());
    double evening = mean(paris, h -> weekday(h) && h.local().getHour() == 20, h -> h.c().no2());
    double afternoon = mean(paris, h -> weekday(h) && h.local().getHour() == 15, h -> h.c().no2());
    double sundayRush = mean(paris, h -> h.local().getDayOfWeek() == DayOfWeek.SUNDAY && h.local().getHour() == 8,
        h -> h.c().no2());
    assertThat(rush).isGreaterThan(1.3 * night);
    assertThat(evening).isGreaterThan(afternoon);
    assertThat(sundayRush).isLessThan(rush);
  }

  @Test
  void particlesAreHigherInWinterAndWithLowWind() {
    double winterPm10 = mean(paris, SimulatedYearTest::winter, h -> h.c().pm10());
    double summerPm10 = mean(paris, SimulatedYearTest::summer, h -> h.c().pm10());
    assertThat(winterPm10).isGreaterThan(summerPm10);

    double[] wind = paris.stream().mapToDouble(h -> h.w().windSpeedMs()).sorted().toArray();
    double low = wind[wind.length / 4];
    double high = wind[3 * wind.length / 4];
    double calm = mean(paris, h -> h.w().windSpeedMs() <= low, h -> h.c().pm25());
    double windy = mean(paris, h -> h.w().windSpeedMs() >= high, h -> h.c().pm25());
    assertThat(windy).isLessThan(0.8 * calm);
    assertThat(paris).allSatisfy(h -> assertThat(h.c().pm25()).isLessThan(h.c().pm10()));
  }

  @Test
  void temperatureHasSeasonsAndDays() {
    double july = mean(paris, h -> h.local().getMonthValue() == 7, h -> h.w().temperatureC());
    double january = mean(paris, h -> h.local().getMonthValue() == 1, h -> h.w().temperatureC());
    assertThat(july).isBetween(17.0, 26.0);
    assertThat(january).isBetween(2.0, 9.0);
    double afternoon = mean(paris, h -> h.local().getHour() == 16, h -> h.w().temperatureC());
    double dawn = mean(paris, h -> h.local().getHour() == 6, h -> h.w().temperatureC());
    assertThat(afternoon).isGreaterThan(dawn + 4);
    assertThat(paris).allSatisfy(h -> {
      assertThat(h.w().humidityPct()).isBetween(15.0, 100.0);
      assertThat(h.w().pressureHpa()).isBetween(970.0, 1050.0);
      assertThat(h.w().windSpeedMs()).isBetween(0.0, 30.0);
    });
  }

  @Test
  void aHeatEpisodeCrossesTheCaniculeThresholdsForThreeDaysOrMore() {
    City city = TestCities.PARIS;
    Map<LocalDate, double[]> minMax = new TreeMap<>();
    for (Hour h : paris) {
      double t = h.w().temperatureC();
      minMax.merge(h.local().toLocalDate(), new double[] {t, t},
          (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    int longest = 0;
    int run = 0;
    for (Map.Entry<LocalDate, double[]> e : minMax.entrySet()) {
      boolean hot = e.getValue()[0] >= city.ibmnThreshold() && e.getValue()[1] >= city.ibmxThreshold();
      run = hot ? run + 1 : 0;
      longest = Math.max(longest, run);
      if (hot) {
        assertThat(e.getKey().getMonthValue()).isBetween(6, 8);
      }
    }
    assertThat(longest).isGreaterThanOrEqualTo(3);
    // Ozone is higher during the episodes than on other summer afternoons.
    double heatO3 = mean(paris, h -> h.w().heatEpisode() && h.local().getHour() == 16, h -> h.c().o3());
    double otherO3 = mean(paris, h -> summer(h) && !h.w().heatEpisode() && h.local().getHour() == 16,
        h -> h.c().o3());
    assertThat(heatO3).isGreaterThan(1.2 * otherO3);
  }

  @Test
  void everyCityGetsItsHeatEpisodesAndTheSouthIsWarmerWithMoreOzone() {
    for (City city : List.of(TestCities.MARSEILLE, TestCities.LYON)) {
      long hotDays = year(city).stream().filter(h -> h.w().heatEpisode() && h.local().getHour() == 12).count();
      assertThat(hotDays).as(city.id()).isGreaterThanOrEqualTo(6);
    }
    List<Hour> marseille = year(TestCities.MARSEILLE);
    List<Hour> lille = year(TestCities.LILLE);
    assertThat(mean(marseille, h -> true, h -> h.w().temperatureC()))
        .isGreaterThan(mean(lille, h -> true, h -> h.w().temperatureC()) + 2);
    assertThat(mean(marseille, SimulatedYearTest::summer, h -> h.c().o3()))
        .isGreaterThan(mean(lille, SimulatedYearTest::summer, h -> h.c().o3()));
    assertThat(mean(paris, h -> true, h -> h.c().no2()))
        .isGreaterThan(mean(lille, h -> true, h -> h.c().no2()));
  }

  @Test
  void parisLevelsLookLikeTheRealSeries() {
    // Airparif background means 2017-2020 were about NO2 32, O3 44, PM10 19, PM2.5 13.6 µg/m³.
    assertThat(mean(paris, h -> true, h -> h.c().no2())).isBetween(22.0, 42.0);
    assertThat(mean(paris, h -> true, h -> h.c().o3())).isBetween(33.0, 58.0);
    assertThat(mean(paris, h -> true, h -> h.c().pm10())).isBetween(14.0, 26.0);
    assertThat(mean(paris, h -> true, h -> h.c().pm25())).isBetween(9.0, 19.0);
  }

  @Test
  void parisDailyParticleIndexIsAtTheLevelOfTheAqicnHistory() {
    // AQICN daily history for Paris (2014-2026): mean daily PM2.5 sub-index about 54, PM10 about 29.
    Map<LocalDate, double[]> daily = new TreeMap<>();
    for (Hour h : paris) {
      daily.merge(h.local().toLocalDate(), new double[] {h.c().pm25(), h.c().pm10(), 1},
          (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
    }
    double pm25 = daily.values().stream().mapToDouble(v -> AqiBreakpoints.pm25(v[0] / v[2])).average().orElseThrow();
    double pm10 = daily.values().stream().mapToDouble(v -> AqiBreakpoints.pm10(v[1] / v[2])).average().orElseThrow();
    assertThat(pm25).isBetween(54 * 0.75, 54 * 1.25);
    assertThat(pm10).isBetween(29 * 0.5, 29 * 1.25);
  }

  // ------------------------------------------------------------------ helpers

  private static boolean weekday(Hour h) {
    DayOfWeek d = h.local().getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY;
  }

  private static Map<LocalDate, double[]> dailyMax(List<Hour> hours) {
    Map<LocalDate, double[]> out = new TreeMap<>();
    for (Hour h : hours) {
      out.merge(h.local().toLocalDate(), new double[] {h.w().temperatureC(), h.c().o3()},
          (a, b) -> new double[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
    }
    return out;
  }

  private static double mean(List<Hour> hours, java.util.function.Predicate<Hour> filter,
      java.util.function.ToDoubleFunction<Hour> value) {
    return hours.stream().filter(filter).mapToDouble(value).average().orElseThrow();
  }

  static double correlation(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElseThrow();
    double my = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
