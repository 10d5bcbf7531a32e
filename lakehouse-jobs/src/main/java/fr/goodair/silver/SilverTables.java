package fr.goodair.silver;

import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import java.util.List;

/**
 * The silver model: normalized Delta tables in the {@code silver} database. Everything is UTC; local time is
 * derived from {@code dim_city.timezone}. AQICN pollutant values are US-EPA AQI sub-indices and stay labelled
 * so ({@code scale = 'us_epa_aqi'}); concentrations in µg/m³ come from OWM Air Pollution only.
 */
public final class SilverTables {

  public static final String DIM_CITY = "silver.dim_city";
  public static final String DIM_STATION = "silver.dim_station";
  public static final String DIM_PARAMETER = "silver.dim_parameter";
  public static final String AIR_QUALITY = "silver.air_quality_observation";
  public static final String CONCENTRATION = "silver.pollutant_concentration";
  public static final String WEATHER = "silver.weather_observation";
  public static final String FORECAST = "silver.aqicn_forecast_daily";
  public static final String INGESTION_LOG = "silver.ingestion_log";
  public static final String QUARANTINE = "silver.quarantine";
  public static final String MANIFEST = "silver.promotion_manifest";

  private static final String LINEAGE = """
      first_fetched_at TIMESTAMP COMMENT 'first capture of this observation (UTC)',
      last_fetched_at TIMESTAMP COMMENT 'last capture of this observation (UTC); the values are from it',
      bronze_object STRING COMMENT 'bronze object of the first capture',
      simulated BOOLEAN COMMENT 'true when the API simulator produced it'""";

  /**
   * Delta's change data feed, on the observation tables gold reads: gold learns from it which (city, hour)
   * keys a promotion changed, so an hourly gold run reads what changed, not the history.
   */
  public static final String CHANGE_FEED = "delta.enableChangeDataFeed";

  private SilverTables() {}

  public static List<LakeTable> all(LakeLayout lake) {
    return List.of(
        lake.table(DIM_CITY, """
            city_id STRING NOT NULL, name STRING, insee_code STRING, departement_code STRING,
            departement_name STRING, latitude DOUBLE, longitude DOUBLE, timezone STRING COMMENT 'IANA zone',
            aqicn_station STRING COMMENT 'AQICN feed polled first (@idx or keyword)',
            aqicn_fallback STRING COMMENT 'AQICN feed used when the first has no data',
            ibmn_threshold_c DOUBLE COMMENT 'canicule threshold on IBMn (3-day mean of minima), degC',
            ibmx_threshold_c DOUBLE COMMENT 'canicule threshold on IBMx (3-day mean of maxima), degC',
            thresholds_verified BOOLEAN COMMENT 'false where thresholds were not checked against Meteo-France'""",
            "One row per city of the reference file (cities.csv)."),
        lake.table(DIM_STATION, """
            station_idx INT NOT NULL COMMENT 'WAQI station idx (negative for crowd-sourced stations)',
            station_name STRING, latitude DOUBLE, longitude DOUBLE,
            city_id STRING COMMENT 'city whose feed returned this station',
            station_url STRING, attributions ARRAY<STRUCT<name: STRING, url: STRING>>
              COMMENT 'WAQI requires attribution to WAQI and the originating agency',
            first_seen_at TIMESTAMP, last_seen_at TIMESTAMP""",
            "One row per AQICN station seen in a feed answer."),
        lake.table(DIM_PARAMETER, """
            parameter STRING NOT NULL, scale STRING NOT NULL COMMENT 'us_epa_aqi | concentration | measured | index',
            unit STRING, label STRING, source STRING, description STRING""",
            "What each measured parameter is, with its unit and scale."),
        lake.table(AIR_QUALITY, """
            station_idx INT NOT NULL, observed_at TIMESTAMP NOT NULL COMMENT 'observation time (UTC)',
            parameter STRING NOT NULL, value DOUBLE COMMENT 'null when the API answered -',
            scale STRING COMMENT 'us_epa_aqi for pollutants (AQI sub-indices, not concentrations)',
            unit STRING, city_id STRING, dominant_pollutant STRING,
            """ + LINEAGE,
            "AQICN observations, one row per station, observation time and parameter.").withProperty(CHANGE_FEED, "true"),
        lake.table(CONCENTRATION, """
            city_id STRING NOT NULL, observed_at TIMESTAMP NOT NULL COMMENT 'OWM dt (UTC)',
            parameter STRING NOT NULL, value DOUBLE COMMENT 'concentration', unit STRING COMMENT 'ug/m3',
            owm_aqi INT COMMENT 'OWM air quality index 1 (good) to 5 (very poor)',
            """ + LINEAGE,
            "OWM Air Pollution concentrations, one row per city, observation time and pollutant.").withProperty(CHANGE_FEED, "true"),
        lake.table(WEATHER, """
            city_id STRING NOT NULL, observed_at TIMESTAMP NOT NULL COMMENT 'OWM dt (UTC)',
            temperature_c DOUBLE, feels_like_c DOUBLE, temp_min_c DOUBLE, temp_max_c DOUBLE,
            pressure_hpa DOUBLE, humidity_pct DOUBLE, wind_speed_ms DOUBLE, wind_deg DOUBLE, wind_gust_ms DOUBLE,
            clouds_pct DOUBLE, visibility_m DOUBLE, rain_1h_mm DOUBLE, snow_1h_mm DOUBLE,
            weather_code INT, weather_main STRING, weather_description STRING,
            sunrise_at TIMESTAMP, sunset_at TIMESTAMP, utc_offset_seconds INT,
            """ + LINEAGE,
            "OWM current weather in metric units, one row per city and observation time.").withProperty(CHANGE_FEED, "true"),
        lake.table(FORECAST, """
            station_idx INT NOT NULL, city_id STRING, parameter STRING NOT NULL,
            forecast_date DATE NOT NULL, issued_date DATE NOT NULL COMMENT 'local date of the feed that carried it',
            avg DOUBLE, min DOUBLE, max DOUBLE, scale STRING, issued_at TIMESTAMP, bronze_object STRING""",
            "AQICN daily forecasts: the latest issued each day for each station, parameter and day."),
        lake.table(INGESTION_LOG, """
            source STRING NOT NULL, city_id STRING NOT NULL, scheduled_for TIMESTAMP NOT NULL,
            run_id STRING NOT NULL, fetched_at TIMESTAMP, outcome STRING, http_status INT, latency_ms BIGINT,
            attempts INT, error STRING, simulated BOOLEAN, payload_sha256 STRING, bronze_object STRING,
            line_number INT""",
            "Every capture attempt (failures included): availability per city, source and hour."),
        lake.table(QUARANTINE, """
            target_table STRING NOT NULL, rule STRING NOT NULL, bronze_object STRING NOT NULL,
            line_number INT NOT NULL, record_key STRING NOT NULL, source STRING, city_id STRING,
            record STRING COMMENT 'the rejected record as JSON', detail STRING, quarantined_at TIMESTAMP""",
            "Every rejected record, with the rule it failed and the bronze object it came from."),
        lake.table(MANIFEST, """
            object_key STRING NOT NULL, source STRING, ingest_date DATE, hour INT, envelopes BIGINT,
            batch_id STRING, promoted_at TIMESTAMP""",
            "Bronze objects already promoted to silver (written after their data)."));
  }
}
