package fr.goodair.ingestion.simulator;

import fr.goodair.ingestion.city.City;
import java.time.ZoneId;
import java.util.List;

/** A few reference cities as cities.csv describes them (stations and canicule thresholds from DOMAIN.md §4). */
final class TestCities {

  private TestCities() {}

  static final ZoneId PARIS_TZ = ZoneId.of("Europe/Paris");

  static final City PARIS = new City("paris", "Paris", "75056", "75", "Paris", 48.856614, 2.3522219, PARIS_TZ,
      "@5722", "geo:48.856614;2.3522219", 21, 31, true);
  static final City LYON = new City("lyon", "Lyon", "69123", "69", "Rhône", 45.764043, 4.835659, PARIS_TZ,
      "lyon", "geo:45.764043;4.835659", 20, 34, true);
  static final City MARSEILLE = new City("marseille", "Marseille", "13055", "13", "Bouches-du-Rhône", 43.296482,
      5.36978, PARIS_TZ, "marseille", "geo:43.296482;5.36978", 24, 35, true);
  static final City BORDEAUX = new City("bordeaux", "Bordeaux", "33063", "33", "Gironde", 44.837789, -0.57918,
      PARIS_TZ, "@5056", "geo:44.837789;-0.57918", 21, 35, false);
  static final City LILLE = new City("lille", "Lille", "59350", "59", "Nord", 50.62925, 3.057256, PARIS_TZ,
      "lille", "geo:50.62925;3.057256", 18, 33, true);
  static final City GRENOBLE = new City("grenoble", "Grenoble", "38185", "38", "Isère", 45.188529, 5.724524,
      PARIS_TZ, "grenoble", "geo:45.188529;5.724524", 19, 34, false);

  static List<City> all() {
    return List.of(PARIS, LYON, MARSEILLE, BORDEAUX, LILLE, GRENOBLE);
  }
}
