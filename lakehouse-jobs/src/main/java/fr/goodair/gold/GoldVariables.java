package fr.goodair.gold;

import java.util.List;

/**
 * The variables of {@code gold.city_hourly} that gold analyses (daily statistics, extremes, correlations,
 * climatology), with their unit. One list, so every gold table speaks of the same variables under the same names.
 */
public final class GoldVariables {

  /** One analysed column of city_hourly. {@code family} is pollutant or weather. */
  public record Variable(String column, String unit, String family) {}

  public static final List<Variable> ALL = List.of(
      new Variable("pm25_ugm3", "µg/m³", "pollutant"),
      new Variable("pm10_ugm3", "µg/m³", "pollutant"),
      new Variable("o3_ugm3", "µg/m³", "pollutant"),
      new Variable("no2_ugm3", "µg/m³", "pollutant"),
      new Variable("so2_ugm3", "µg/m³", "pollutant"),
      new Variable("co_ugm3", "µg/m³", "pollutant"),
      new Variable("aqi", "AQI (US-EPA 0-500)", "pollutant"),
      new Variable("temperature_c", "°C", "weather"),
      new Variable("humidity_pct", "%", "weather"),
      new Variable("pressure_hpa", "hPa", "weather"),
      new Variable("wind_speed_ms", "m/s", "weather"),
      new Variable("rain_1h_mm", "mm", "weather"));

  private GoldVariables() {}

  public static List<String> columns() {
    return ALL.stream().map(Variable::column).toList();
  }

  public static String unitOf(String column) {
    return ALL.stream().filter(v -> v.column().equals(column)).map(Variable::unit).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a gold variable: " + column));
  }
}
