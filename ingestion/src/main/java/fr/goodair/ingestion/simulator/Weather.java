package fr.goodair.ingestion.simulator;

import java.time.Instant;

/**
 * Simulated weather at one place and instant (SI-ish units, what a SYNOP station would log).
 *
 * @param temperatureC air temperature, °C
 * @param temperatureAnomalyC departure from the climatological value of that hour (heat episodes included), °C
 * @param humidityPct relative humidity, %
 * @param windSpeedMs 10-min mean wind, m/s
 * @param windGustMs gust, m/s
 * @param windDirectionDeg where the wind comes from, degrees
 * @param pressureHpa sea-level pressure, hPa
 * @param cloudPct total cloud cover, %
 * @param rainMmPerHour rain rate, mm/h (0 when dry)
 * @param dewPointC dew point, °C (Magnus formula)
 * @param sunElevationDeg solar elevation, degrees (negative at night)
 * @param heatEpisode true inside the core days of a simulated heat episode
 */
public record Weather(
    Instant time,
    double temperatureC,
    double temperatureAnomalyC,
    double humidityPct,
    double windSpeedMs,
    double windGustMs,
    double windDirectionDeg,
    double pressureHpa,
    double cloudPct,
    double rainMmPerHour,
    double dewPointC,
    double sunElevationDeg,
    boolean heatEpisode) {}
