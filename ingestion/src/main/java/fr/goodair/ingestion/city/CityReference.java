package fr.goodair.ingestion.city;

import fr.goodair.ingestion.config.GoodairConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The city reference file (the lab's référentiel): which cities are captured, where to poll them, their
 * département's canicule thresholds. Loaded and validated at start; the first bad line stops the load with an
 * error naming the file, the line number and the problem, so that a typo never silently drops a city.
 *
 * <pre>{@code
 * List<City> cities = CityReference.loadDefault().cities();
 * }</pre>
 */
public final class CityReference {

  /** Classpath location of the reference shipped with the code. */
  public static final String DEFAULT_RESOURCE = "/reference/cities.csv";

  static final List<String> HEADER = List.of(
      "city_id", "name", "insee_code", "departement_code", "departement_name", "lat", "lon", "timezone",
      "aqicn_station", "aqicn_fallback", "ibmn_threshold", "ibmx_threshold", "thresholds_verified");

  private static final Pattern CITY_ID = Pattern.compile("[a-z][a-z0-9-]*");
  // Commune codes are five characters; Corsica uses 2A/2B for the département part.
  private static final Pattern INSEE = Pattern.compile("(\\d{2}|2A|2B)\\d{3}");
  private static final Pattern DEPARTEMENT = Pattern.compile("\\d{2,3}|2A|2B");
  private static final Pattern AQICN_TARGET =
      Pattern.compile("@-?\\d+|geo:-?\\d+(\\.\\d+)?;-?\\d+(\\.\\d+)?|[a-z][a-z0-9-]*(/[a-z0-9-]+)*");

  private final List<City> cities;

  private CityReference(List<City> cities) {
    this.cities = List.copyOf(cities);
  }

  public static CityReference loadDefault() {
    try (InputStream in = CityReference.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("city reference " + DEFAULT_RESOURCE + " is missing from the classpath");
      }
      return parse("cities.csv", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The reference a configuration names ({@code cities.file}), else the shipped one. */
  public static CityReference fromConfig(GoodairConfig config) {
    return config.value("cities.file").map(Path::of).map(CityReference::load).orElseGet(CityReference::loadDefault);
  }

  public static CityReference load(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InvalidCityReferenceException(file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Parses the text of a reference file; {@code name} only serves the error messages. */
  public static CityReference parse(String name, String text) {
    List<City> cities = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    boolean headerSeen = false;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      LineReader reader = new LineReader(name, i + 1, line);
      if (!headerSeen) {
        reader.checkHeader();
        headerSeen = true;
        continue;
      }
      City city = reader.city();
      if (!ids.add(city.id())) {
        throw reader.error("city_id '" + city.id() + "' appears twice");
      }
      cities.add(city);
    }
    if (!headerSeen) {
      throw new InvalidCityReferenceException(name + ": no header line (expected " + String.join(",", HEADER) + ")");
    }
    if (cities.isEmpty()) {
      throw new InvalidCityReferenceException(name + ": no city");
    }
    return new CityReference(cities);
  }

  public List<City> cities() {
    return cities;
  }

  public Optional<City> find(String cityId) {
    return cities.stream().filter(city -> city.id().equals(cityId)).findFirst();
  }

  /** Reads and checks one line; every error names the file and the line. */
  private record LineReader(String file, int lineNumber, String line) {

    void checkHeader() {
      List<String> columns = List.of(line.split(",", -1));
      if (!columns.equals(HEADER)) {
        throw error("header is " + line + " but expected " + String.join(",", HEADER));
      }
    }

    City city() {
      String[] f = line.split(",", -1);
      if (f.length != HEADER.size()) {
        throw error("has " + f.length + " fields, expected " + HEADER.size() + " (" + String.join(",", HEADER) + ")");
      }
      for (int i = 0; i < f.length; i++) {
        f[i] = f[i].strip();
        if (f[i].isEmpty()) {
          throw error(HEADER.get(i) + " is empty");
        }
      }
      String id = matching(f[0], CITY_ID, "city_id");
      String insee = matching(f[2], INSEE, "insee_code");
      String departement = matching(f[3], DEPARTEMENT, "departement_code");
      double lat = number(f[5], "lat", -90, 90);
      double lon = number(f[6], "lon", -180, 180);
      ZoneId zone = zone(f[7]);
      String station = matching(f[8], AQICN_TARGET, "aqicn_station");
      String fallback = matching(f[9], AQICN_TARGET, "aqicn_fallback");
      double ibmn = number(f[10], "ibmn_threshold", 5, 40);
      double ibmx = number(f[11], "ibmx_threshold", 15, 50);
      if (ibmn >= ibmx) {
        throw error("ibmn_threshold " + f[10] + " must be below ibmx_threshold " + f[11]);
      }
      boolean verified = bool(f[12], "thresholds_verified");
      return new City(id, f[1], insee, departement, f[4], lat, lon, zone, station, fallback, ibmn, ibmx, verified);
    }

    private String matching(String value, Pattern pattern, String column) {
      if (!pattern.matcher(value).matches()) {
        throw error(column + " '" + fr.goodair.ingestion.store.KeySegments.printable(value) + "' is not valid (expected "
            + pattern.pattern() + ")");
      }
      return value;
    }

    private double number(String value, String column, double min, double max) {
      double number;
      try {
        number = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw error(column + " '" + value + "' is not a number");
      }
      if (!(number >= min && number <= max)) {
        throw error(column + " " + value + " is out of range [" + min + ", " + max + "]");
      }
      return number;
    }

    private ZoneId zone(String value) {
      try {
        return ZoneId.of(value);
      } catch (DateTimeException e) {
        throw error("timezone '" + value + "' is not an IANA time zone");
      }
    }

    private boolean bool(String value, String column) {
      return switch (value) {
        case "true" -> true;
        case "false" -> false;
        default -> throw error(column + " '" + value + "' must be true or false");
      };
    }

    InvalidCityReferenceException error(String problem) {
      return new InvalidCityReferenceException(file + " line " + lineNumber + ": " + problem);
    }
  }
}
