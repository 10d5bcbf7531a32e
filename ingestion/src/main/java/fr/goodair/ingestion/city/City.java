package fr.goodair.ingestion.city;

import java.time.ZoneId;

/**
 * One line of the city reference file ({@code cities.csv}): where to poll and how to judge a heatwave.
 *
 * @param id stable lower-case identifier used in bronze ({@code city_id}) and every table, e.g. {@code paris}
 * @param aqicnStation AQICN feed target polled first: {@code @5722} (station idx) or a city keyword
 * @param aqicnFallback AQICN feed target used when the primary answers "Unknown station" or no data, usually
 *     {@code geo:lat;lon} (the nearest station)
 * @param ibmnThreshold département's canicule threshold on IBMn (3-day mean of daily minima), °C
 * @param ibmxThreshold département's canicule threshold on IBMx (3-day mean of daily maxima), °C
 * @param thresholdsVerified false where the thresholds were not checked against a Météo-France source
 */
public record City(
    String id,
    String name,
    String inseeCode,
    String departementCode,
    String departementName,
    double latitude,
    double longitude,
    ZoneId timeZone,
    String aqicnStation,
    String aqicnFallback,
    double ibmnThreshold,
    double ibmxThreshold,
    boolean thresholdsVerified) {

  public City {
    // City ids name rows, partitions and messages everywhere: whatever builds a City (the reference file, a
    // benchmark's copies), an id that could leave a prefix (../x, a/b, %2e%2e, control characters) stops here.
    fr.goodair.ingestion.store.KeySegments.require("city id", id);
  }
}
