package fr.goodair.ingestion.simulator;

import fr.goodair.ingestion.city.City;
import java.util.Comparator;
import java.util.List;

/** Great-circle distance, for "nearest station" look-ups. */
final class Geo {

  private Geo() {}

  static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 6371.0 * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }

  /** The city closest to (lat, lon), or null when there is none. */
  static City nearest(List<City> cities, double lat, double lon) {
    return cities.stream()
        .min(Comparator.comparingDouble(c -> distanceKm(lat, lon, c.latitude(), c.longitude())))
        .orElse(null);
  }
}
