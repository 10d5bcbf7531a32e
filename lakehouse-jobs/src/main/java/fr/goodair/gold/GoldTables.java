package fr.goodair.gold;

import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import java.util.List;

/**
 * The gold model: what the researchers read, in the {@code gold} database. Every numeric column's comment gives
 * its unit and scale. AQICN values stay US-EPA AQI (0-500, WAQI instant-cast); concentrations are µg/m³ from
 * OWM Air Pollution. Hours are UTC hour starts; days are the city's local calendar days unless a comment says
 * otherwise (heatwave days follow Météo-France's climatological day).
 */
public final class GoldTables {

  public static final String CITY_HOURLY = "gold.city_hourly";
  public static final String CITY_DAILY = "gold.city_daily";
  public static final String THRESHOLD_EXCEEDANCES = "gold.threshold_exceedances";
  public static final String EXTREME_VARIATIONS = "gold.extreme_variations";
  public static final String CORRELATIONS = "gold.correlations";
  public static final String CLIMATOLOGY = "gold.climatology";
  public static final String SEASONALITY_FEATURES = "gold.seasonality_features";
  public static final String HEATWAVE_DAILY = "gold.heatwave_daily";
  /** Progress of the gold job: which silver versions its tables reflect (written after the data). */
  public static final String REFRESH_LOG = "gold.refresh_log";

  /**
   * Gold tables keep deletion vectors: an hourly MERGE then marks the few rows it replaces instead of rewriting
   * every file that holds one (without them, each run copied the whole of city_hourly, and the copy grew with the
   * years). The maintenance's OPTIMIZE folds the vectors back into the files.
   */
  static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  private GoldTables() {}

  /** Columns of {@link #CITY_HOURLY}, shared by the transforms that read it. */
  public static final String CITY_HOURLY_COLUMNS = """
      city_id STRING NOT NULL,
      hour_utc TIMESTAMP NOT NULL COMMENT 'the whole hour (UTC) the observations stand for: each counts in the nearest one',
      local_date DATE COMMENT 'calendar date in the city time zone', local_hour INT COMMENT 'hour of day 0-23, city time',
      aqi DOUBLE COMMENT 'AQICN overall AQI, US-EPA scale 0-500 (WAQI instant-cast), not a concentration',
      aqi_pm25 DOUBLE COMMENT 'AQICN PM2.5 sub-index, US-EPA AQI 0-500',
      aqi_pm10 DOUBLE COMMENT 'AQICN PM10 sub-index, US-EPA AQI 0-500',
      aqi_o3 DOUBLE COMMENT 'AQICN O3 sub-index, US-EPA AQI 0-500',
      aqi_no2 DOUBLE COMMENT 'AQICN NO2 sub-index, US-EPA AQI 0-500',
      aqi_so2 DOUBLE COMMENT 'AQICN SO2 sub-index, US-EPA AQI 0-500',
      aqi_co DOUBLE COMMENT 'AQICN CO sub-index, US-EPA AQI 0-500',
      pm25_ugm3 DOUBLE COMMENT 'PM2.5 concentration, µg/m³ (OWM Air Pollution)',
      pm10_ugm3 DOUBLE COMMENT 'PM10 concentration, µg/m³ (OWM)',
      o3_ugm3 DOUBLE COMMENT 'O3 concentration, µg/m³ (OWM)',
      no2_ugm3 DOUBLE COMMENT 'NO2 concentration, µg/m³ (OWM)',
      so2_ugm3 DOUBLE COMMENT 'SO2 concentration, µg/m³ (OWM)',
      co_ugm3 DOUBLE COMMENT 'CO concentration, µg/m³ (OWM; 1 mg/m³ = 1000 µg/m³)',
      no_ugm3 DOUBLE COMMENT 'NO concentration, µg/m³ (OWM)',
      nh3_ugm3 DOUBLE COMMENT 'NH3 concentration, µg/m³ (OWM)',
      owm_aqi INT COMMENT 'OWM air quality index, 1 (good) to 5 (very poor)',
      temperature_c DOUBLE COMMENT 'air temperature, °C (OWM)',
      feels_like_c DOUBLE COMMENT 'apparent temperature, °C (OWM)',
      humidity_pct DOUBLE COMMENT 'relative humidity, % (OWM)',
      pressure_hpa DOUBLE COMMENT 'sea-level pressure, hPa (OWM)',
      wind_speed_ms DOUBLE COMMENT 'wind speed, m/s (OWM)',
      wind_gust_ms DOUBLE COMMENT 'wind gust, m/s (OWM)',
      rain_1h_mm DOUBLE COMMENT 'rain over the last hour, mm (OWM; null when OWM gave none)',
      clouds_pct DOUBLE COMMENT 'cloud cover, % (OWM)',
      has_aqicn BOOLEAN COMMENT 'an AQICN observation fell in this hour',
      has_owm_air BOOLEAN COMMENT 'an OWM Air Pollution observation fell in this hour',
      has_owm_weather BOOLEAN COMMENT 'an OWM weather observation fell in this hour',
      updated_at TIMESTAMP COMMENT 'when gold last recomputed this row (UTC)'""";

  public static List<LakeTable> all(LakeLayout lake) {
    return definitions(lake).stream().map(t -> t.withProperty(DELETION_VECTORS, "true")).toList();
  }

  private static List<LakeTable> definitions(LakeLayout lake) {
    return List.of(
        lake.table(CITY_HOURLY, CITY_HOURLY_COLUMNS,
            "One row per city and UTC hour: AQICN AQI, OWM concentrations and weather side by side. Several "
                + "observations for one hour are averaged."),
        lake.table(CITY_DAILY, """
            city_id STRING NOT NULL, local_date DATE NOT NULL COMMENT 'calendar date in the city time zone',
            variable STRING NOT NULL COMMENT 'column of city_hourly, e.g. pm25_ugm3, aqi, temperature_c',
            unit STRING COMMENT 'unit of the statistics: µg/m³, AQI (US-EPA 0-500), °C, %, hPa, m/s, mm',
            mean DOUBLE COMMENT 'mean of the hourly values, in unit', min DOUBLE COMMENT 'minimum, in unit',
            max DOUBLE COMMENT 'maximum, in unit', p95 DOUBLE COMMENT '95th percentile of the hourly values, in unit',
            hours_observed INT COMMENT 'hours of the day with a value',
            hours_expected INT COMMENT 'hours in the local day (23 or 25 on DST change days)',
            coverage DOUBLE COMMENT 'hours_observed / hours_expected, 0-1',
            aqi_category STRING COMMENT 'US-EPA category of the daily max, for AQI variables only',
            updated_at TIMESTAMP COMMENT 'when gold last recomputed this row (UTC)'""",
            "Daily statistics per city, local day and variable, with coverage."),
        lake.table(THRESHOLD_EXCEEDANCES, """
            city_id STRING NOT NULL, pollutant STRING NOT NULL COMMENT 'pm25, pm10, o3, no2, so2, co',
            threshold_id STRING NOT NULL COMMENT 'e.g. who2021_24h, eu2008_limit_1h, fr_information, fr_alert',
            standard STRING COMMENT 'WHO 2021 AQG | EU 2008/50/EC | FR R221-1 (code de l environnement, décret 2010-1250)',
            kind STRING COMMENT 'guideline | limit | target | information | alert',
            averaging STRING COMMENT '1h | 3h_consecutive | 8h_daily_max | 24h',
            threshold_ugm3 DOUBLE COMMENT 'threshold, µg/m³',
            basis STRING NOT NULL COMMENT 'measured (OWM concentration) | estimated (back-converted from an AQICN AQI)',
            measured BOOLEAN COMMENT 'true when the concentration was measured (OWM), false when estimated from an AQI',
            period_start TIMESTAMP NOT NULL COMMENT 'start of the averaging period (UTC)',
            period_end TIMESTAMP COMMENT 'end of the averaging period, exclusive (UTC)',
            local_date DATE COMMENT 'local day the exceedance counts for: the day of the last hour of the period (8-h windows and 3-hour runs crossing midnight count for the day they end in)',
            value_ugm3 DOUBLE COMMENT 'concentration over the averaging period, µg/m³',
            ratio DOUBLE COMMENT 'value_ugm3 / threshold_ugm3 (> 1)',
            hours INT COMMENT 'hours with a value in the period',
            updated_at TIMESTAMP COMMENT 'when gold last recomputed this row (UTC)'""",
            "Threshold exceedances on concentrations: one row per pollutant, threshold, basis and averaging period "
                + "above it."),
        lake.table(EXTREME_VARIATIONS, """
            city_id STRING NOT NULL, hour_utc TIMESTAMP NOT NULL COMMENT 'start of the hour (UTC)',
            variable STRING NOT NULL COMMENT 'column of city_hourly',
            kind STRING NOT NULL COMMENT 'level (the value) | jump (change since the previous hour)',
            local_date DATE COMMENT 'calendar date in the city time zone',
            local_hour INT COMMENT 'hour of day 0-23, city time',
            unit STRING COMMENT 'unit of value and baseline (see city_hourly)',
            value DOUBLE COMMENT 'the value (level) or the hour-to-hour change (jump), in unit',
            baseline_median DOUBLE COMMENT 'median of the same local hour over the previous 28 days, in unit',
            baseline_mad DOUBLE COMMENT 'median absolute deviation of that baseline, in unit',
            baseline_n INT COMMENT 'values in the baseline (one a day; two from the autumn clock-change day)',
            robust_z DOUBLE COMMENT '(value - median) / (1.4826 × MAD), dimensionless; 1.2533 × mean absolute deviation when MAD = 0; ±Infinity against a constant baseline',
            severity STRING COMMENT 'notable | severe | extreme',
            updated_at TIMESTAMP COMMENT 'when gold last recomputed this row (UTC)'""",
            "Values and hour-to-hour jumps far from a rolling same-hour-of-day baseline. Flagged here, never "
                + "dropped from city_hourly."),
        lake.table(CORRELATIONS, """
            city_id STRING NOT NULL, period_type STRING NOT NULL COMMENT 'month | season | year | all',
            period STRING NOT NULL COMMENT 'e.g. 2026-07, 2026-JJA (December counts in the next year DJF), 2026, all',
            variable_x STRING NOT NULL, variable_y STRING NOT NULL COMMENT 'columns of city_hourly',
            lag_hours INT NOT NULL COMMENT 'y taken this many hours after x (0-24)',
            n BIGINT COMMENT 'hour pairs with both values',
            pearson DOUBLE COMMENT 'Pearson r, -1 to 1', spearman DOUBLE COMMENT 'Spearman rho, -1 to 1 (average ranks for ties)',
            period_start TIMESTAMP COMMENT 'first hour of the period in the data (UTC)',
            period_end TIMESTAMP COMMENT 'last hour of the period in the data (UTC)',
            updated_at TIMESTAMP COMMENT 'when gold last recomputed this row (UTC)'""",
            "Pearson and Spearman correlations of every ordered pair of variables, per city and period, lags 0-24 h."),
        lake.table(CLIMATOLOGY, """
            city_id STRING NOT NULL, variable STRING NOT NULL COMMENT 'column of city_hourly',
            month INT NOT NULL COMMENT '1-12, city time', hour_of_day INT NOT NULL COMMENT '0-23, city time',
            unit STRING COMMENT 'unit of the statistics (see city_hourly)',
            n BIGINT COMMENT 'hourly values over all years', years INT COMMENT 'distinct years contributing',
            mean DOUBLE COMMENT 'in unit', stddev DOUBLE COMMENT 'sample standard deviation, in unit',
            median DOUBLE COMMENT 'in unit', p10 DOUBLE COMMENT 'in unit', p90 DOUBLE COMMENT 'in unit',
            updated_at TIMESTAMP COMMENT 'when gold last recomputed this row (UTC)'""",
            "Climatological profile per city, variable, month and local hour of day, over all the history."),
        lake.table(SEASONALITY_FEATURES, """
            city_id STRING NOT NULL, hour_utc TIMESTAMP NOT NULL COMMENT 'start of the hour (UTC)',
            local_date DATE, local_hour INT COMMENT '0-23, city time', year INT, month INT COMMENT '1-12',
            day_of_year INT COMMENT '1-366', day_of_week INT COMMENT '1 = Monday … 7 = Sunday (ISO)',
            is_weekend BOOLEAN, is_public_holiday BOOLEAN COMMENT 'French public holiday (metropolitan list)',
            hour_sin DOUBLE COMMENT 'sin(2π·local_hour/24)', hour_cos DOUBLE COMMENT 'cos(2π·local_hour/24)',
            dow_sin DOUBLE COMMENT 'sin(2π·(day_of_week-1)/7)', dow_cos DOUBLE COMMENT 'cos(2π·(day_of_week-1)/7)',
            doy_sin DOUBLE COMMENT 'sin(2π·(day_of_year-1)/365.25)', doy_cos DOUBLE COMMENT 'cos(2π·(day_of_year-1)/365.25)',
            o3_ugm3 DOUBLE COMMENT 'µg/m³', o3_lag_1h DOUBLE COMMENT 'µg/m³', o3_lag_24h DOUBLE COMMENT 'µg/m³',
            o3_mean_24h DOUBLE COMMENT 'mean of the 24 hours up to this one, µg/m³',
            o3_max_24h DOUBLE COMMENT 'max of the 24 hours up to this one, µg/m³',
            o3_anomaly DOUBLE COMMENT 'value minus the climatology mean of its month and hour, µg/m³',
            pm25_ugm3 DOUBLE COMMENT 'µg/m³', pm25_lag_1h DOUBLE COMMENT 'µg/m³', pm25_lag_24h DOUBLE COMMENT 'µg/m³',
            pm25_mean_24h DOUBLE COMMENT 'µg/m³', pm25_max_24h DOUBLE COMMENT 'µg/m³', pm25_anomaly DOUBLE COMMENT 'µg/m³',
            no2_ugm3 DOUBLE COMMENT 'µg/m³', no2_lag_1h DOUBLE COMMENT 'µg/m³', no2_lag_24h DOUBLE COMMENT 'µg/m³',
            no2_mean_24h DOUBLE COMMENT 'µg/m³', no2_max_24h DOUBLE COMMENT 'µg/m³', no2_anomaly DOUBLE COMMENT 'µg/m³',
            temperature_c DOUBLE COMMENT '°C', temperature_lag_1h DOUBLE COMMENT '°C',
            temperature_lag_24h DOUBLE COMMENT '°C', temperature_mean_24h DOUBLE COMMENT '°C',
            temperature_max_24h DOUBLE COMMENT '°C', temperature_anomaly DOUBLE COMMENT '°C',
            wind_speed_ms DOUBLE COMMENT 'm/s', wind_speed_mean_24h DOUBLE COMMENT 'm/s',
            humidity_pct DOUBLE COMMENT '%', rain_24h_mm DOUBLE COMMENT 'rain over the 24 hours up to this one, mm',
            updated_at TIMESTAMP COMMENT 'when gold last recomputed this row (UTC)'""",
            "One ML-ready row per city and hour: calendar and cyclical encodings, lags, rolling statistics and "
                + "anomalies against the climatology."),
        lake.table(HEATWAVE_DAILY, """
            city_id STRING NOT NULL, day DATE NOT NULL COMMENT 'Météo-France climatological day D',
            departement_code STRING,
            tn_c DOUBLE COMMENT 'daily minimum, °C: min of the hours from D-1 18:00 UTC to D 18:00 UTC',
            tx_c DOUBLE COMMENT 'daily maximum, °C: max of the hours from D 06:00 UTC to D+1 06:00 UTC',
            tn_hours INT COMMENT 'hours with a temperature in the Tn window, 0-24 (tn_c is null below 18)',
            tx_hours INT COMMENT 'hours with a temperature in the Tx window, 0-24 (tx_c is null below 18)',
            ibmn_c DOUBLE COMMENT 'IBMn: mean of tn_c over D, D+1, D+2, °C',
            ibmx_c DOUBLE COMMENT 'IBMx: mean of tx_c over D, D+1, D+2, °C',
            ibmn_threshold_c DOUBLE COMMENT 'département threshold on IBMn, °C',
            ibmx_threshold_c DOUBLE COMMENT 'département threshold on IBMx, °C',
            thresholds_verified BOOLEAN COMMENT 'false where the thresholds were not checked against Météo-France',
            canicule BOOLEAN COMMENT 'day inside a 3-day window where IBMn and IBMx both reach their thresholds',
            vigilance_level STRING COMMENT 'vert | jaune | orange | rouge: a vigilance-like level, not the official one',
            updated_at TIMESTAMP COMMENT 'when gold last recomputed this row (UTC)'""",
            "Daily heatwave indicators per city (Météo-France method on observed temperatures)."),
        lake.table(REFRESH_LOG, """
            run_number BIGINT NOT NULL COMMENT '1 for the first run, then one more each run',
            run_id STRING NOT NULL, silver_table STRING NOT NULL, silver_version BIGINT COMMENT 'last version reflected',
            cities INT, days INT COMMENT 'city-days recomputed', slow_refresh_date DATE
              COMMENT 'UTC date of the last refresh of climatology and year / all-time correlations',
            completed_at TIMESTAMP""",
            "Gold runs: the silver versions each left the gold tables reflecting."));
  }
}
