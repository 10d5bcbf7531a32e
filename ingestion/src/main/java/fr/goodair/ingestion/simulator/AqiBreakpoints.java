package fr.goodair.ingestion.simulator;

/**
 * Index scales the simulated APIs publish, computed from concentrations in µg/m³ (DOMAIN.md §2-§3).
 *
 * <p>AQICN's {@code iaqi} pollutant values are US-EPA AQI sub-indices (0-500). WAQI's exact breakpoint revision is
 * not documented, so we use, for PM2.5, the <b>pre-May-2024 EPA revision</b> (Good = 0-12.0 µg/m³): the AQICN daily
 * history for Paris (2014-2026, the series the lab already holds) was produced on that scale, and keeping one scale
 * keeps simulated and historical series comparable. Gases are converted with the 25 °C factors of DOMAIN.md §3
 * (ppb = µg/m³ / factor: NO2 1.88, O3 1.96, SO2 2.62, CO 1.15 mg/m³ per ppm). O3 uses the 8-hour table while it
 * covers the value (WAQI's "instant-cast" applies it to hourly values), then the 1-hour table. NO2 and SO2 are not
 * truncated to whole ppb as the EPA does: WAQI publishes decimals for them (e.g. so2 0.6 in the Paris sample).
 */
public final class AqiBreakpoints {

  private AqiBreakpoints() {}

  private static final double[] INDEX = {0, 50, 100, 150, 200, 300, 400, 500};

  // Concentration bands {lo, hi} matching INDEX bands; the gap between one hi and the next lo is the EPA
  // truncation step.
  private static final double[][] PM25_PRE2024 = {
    {0, 12.0}, {12.1, 35.4}, {35.5, 55.4}, {55.5, 150.4}, {150.5, 250.4}, {250.5, 350.4}, {350.5, 500.4}
  };
  private static final double[][] PM10 = {
    {0, 54}, {55, 154}, {155, 254}, {255, 354}, {355, 424}, {425, 504}, {505, 604}
  };
  private static final double[][] O3_8H_PPM = {{0, 0.054}, {0.055, 0.070}, {0.071, 0.085}, {0.086, 0.105}, {0.106, 0.200}};
  // 1-hour O3 starts at index 101; below it the 8-hour table applies.
  private static final double[][] O3_1H_PPM = {{0.125, 0.164}, {0.165, 0.204}, {0.205, 0.404}, {0.405, 0.504}, {0.505, 0.604}};
  private static final double[] O3_1H_INDEX = {101, 151, 201, 301, 401, 500};
  private static final double[][] NO2_PPB = {
    {0, 53}, {54, 100}, {101, 360}, {361, 649}, {650, 1249}, {1250, 1649}, {1650, 2049}
  };
  private static final double[][] SO2_PPB = {{0, 35}, {36, 75}, {76, 185}, {186, 304}, {305, 604}, {605, 804}, {805, 1004}};
  private static final double[][] CO_PPM = {
    {0, 4.4}, {4.5, 9.4}, {9.5, 12.4}, {12.5, 15.4}, {15.5, 30.4}, {30.5, 40.4}, {40.5, 50.4}
  };

  /** PM2.5 24-h sub-index (pre-2024 revision, see class comment), µg/m³ in. */
  public static double pm25(double ugm3) {
    return index(truncate(ugm3, 10), PM25_PRE2024);
  }

  public static double pm10(double ugm3) {
    return index(Math.floor(Math.max(0, ugm3)), PM10);
  }

  public static double no2(double ugm3) {
    return index(Math.max(0, ugm3) / 1.88, NO2_PPB);
  }

  public static double so2(double ugm3) {
    return index(Math.max(0, ugm3) / 2.62, SO2_PPB);
  }

  public static double co(double ugm3) {
    return index(truncate(ugm3 / 1000.0 / 1.15, 10), CO_PPM);
  }

  public static double o3(double ugm3) {
    double ppm = truncate(ugm3 / 1.96 / 1000.0, 1000);
    if (ppm <= 0.200) {
      return index(ppm, O3_8H_PPM);
    }
    for (int i = 0; i < O3_1H_PPM.length; i++) {
      if (ppm <= O3_1H_PPM[i][1] || i == O3_1H_PPM.length - 1) {
        double lo = O3_1H_PPM[i][0];
        double hi = O3_1H_PPM[i][1];
        double c = Math.max(lo, Math.min(ppm, hi));
        return O3_1H_INDEX[i] + (O3_1H_INDEX[i + 1] - O3_1H_INDEX[i]) * (c - lo) / (hi - lo);
      }
    }
    return 500;
  }

  /** Inverse of {@link #pm25}: the concentration (µg/m³) at the middle of the sub-index's band position. */
  public static double pm25Concentration(double aqi) {
    return concentration(aqi, PM25_PRE2024);
  }

  public static double pm10Concentration(double aqi) {
    return concentration(aqi, PM10);
  }

  /**
   * OpenWeatherMap Air Pollution {@code main.aqi} (1 Good … 5 Very Poor): the worst level over SO2, NO2, PM10,
   * PM2.5, O3 and CO, with the lower bounds of levels 2-5 from DOMAIN.md §2 (openweathermap.org/api/air-pollution).
   */
  public static int owmLevel(double so2, double no2, double pm10, double pm25, double o3, double co) {
    int level = 1;
    level = Math.max(level, level(so2, 20, 80, 250, 350));
    level = Math.max(level, level(no2, 40, 70, 150, 200));
    level = Math.max(level, level(pm10, 20, 50, 100, 200));
    level = Math.max(level, level(pm25, 10, 25, 50, 75));
    level = Math.max(level, level(o3, 60, 100, 140, 180));
    level = Math.max(level, level(co, 4400, 9400, 12400, 15400));
    return level;
  }

  private static int level(double value, double... lowerBounds) {
    int level = 1;
    for (double bound : lowerBounds) {
      if (value >= bound) {
        level++;
      }
    }
    return level;
  }

  private static double truncate(double value, double scale) {
    return Math.floor(Math.max(0, value) * scale) / scale;
  }

  private static double index(double c, double[][] bands) {
    for (int i = 0; i < bands.length; i++) {
      if (c <= bands[i][1]) {
        double lo = bands[i][0];
        double hi = bands[i][1];
        double clamped = Math.max(lo, c);
        return INDEX[i] + (INDEX[i + 1] - INDEX[i] - (i == 0 ? 0 : 1)) * (clamped - lo) / (hi - lo)
            + (i == 0 ? 0 : 1);
      }
    }
    return 500;
  }

  private static double concentration(double aqi, double[][] bands) {
    for (int i = 0; i < bands.length; i++) {
      double iLo = i == 0 ? 0 : INDEX[i] + 1;
      double iHi = INDEX[i + 1];
      if (aqi <= iHi || i == bands.length - 1) {
        double a = Math.max(iLo, Math.min(aqi, iHi));
        return bands[i][0] + (a - iLo) * (bands[i][1] - bands[i][0]) / (iHi - iLo);
      }
    }
    return bands[bands.length - 1][1];
  }
}
