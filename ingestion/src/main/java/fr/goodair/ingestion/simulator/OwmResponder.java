package fr.goodair.ingestion.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.goodair.ingestion.city.City;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds OpenWeatherMap answers: current weather ({@code /data/2.5/weather}) in the format of
 * {@code realdata/api-samples/owm-current-paris-2026-04-30.json}, and Air Pollution ({@code /data/2.5/air_pollution}).
 *
 * <p>There is no real Air Pollution capture in realdata. Its shape was checked with the search tool:
 * openweathermap.org/api/air-pollution (doc: components in µg/m³, main.aqi 1-5), the api-evangelist/openweathermap
 * JSON schema and current-call example (coord is an <em>object</em> {@code {"lon","lat"}}, list items
 * {@code {dt, main{aqi}, components{co,no,no2,o3,so2,pm2_5,pm10,nh3}}}), and public client code that stored real
 * answers in the order {@code {"coord":{"lon":..,"lat":..},"list":[{"main":{"aqi":..},"components":{..},"dt":..}]}},
 * which is the order used here.
 *
 * <p>Error bodies are the real ones, byte for byte (api-samples): 401 (cod a number), 404 (cod a string "404"),
 * 429 (cod a number).
 */
final class OwmResponder {

  static final String UNAUTHORIZED =
      "{\"cod\":401, \"message\": \"Invalid API key. Please see http://openweathermap.org/faq#error401 for more info.\"}";
  static final String CITY_NOT_FOUND = "{\"cod\":\"404\",\"message\":\"city not found\"}";
  static final String TOO_MANY_REQUESTS = "{\"cod\":429,\"message\":\"Your account is temporary blocked due to exceeding"
      + " of requests limitation of your subscription type. Please choose the proper subscription"
      + " http://openweathermap.org/price\"}";
  static final String NOTHING_TO_GEOCODE = "{\"cod\":\"400\",\"message\":\"Nothing to geocode\"}";

  /** GeoNames / OWM city ids checked in DOMAIN.md §2; other cities get a stable made-up id. */
  private static final Map<String, Integer> OWM_IDS = Map.of(
      "paris", 2988507, "marseille", 2995469, "lyon", 2996944, "toulouse", 2972315, "nice", 2990440,
      "nantes", 2990969, "strasbourg", 2973783, "bordeaux", 3031582, "lille", 2998324);

  private final List<City> cities;
  private final CityWeatherModel weather;
  private final AirQualityModel air;
  private final Profiles profiles;
  private final long seed;
  private final ObjectMapper mapper = new ObjectMapper();

  OwmResponder(List<City> cities, CityWeatherModel weather, AirQualityModel air, Profiles profiles, long seed) {
    this.cities = cities;
    this.weather = weather;
    this.air = air;
    this.profiles = profiles;
    this.seed = seed;
  }

  /** Whether the query names a place at all (lat+lon, q or id). */
  static boolean hasLocation(Map<String, String> query) {
    return (query.containsKey("lat") && query.containsKey("lon")) || query.containsKey("q")
        || query.containsKey("id");
  }

  /** The city a query stands for: nearest to lat/lon, or by name ({@code q=Paris,FR}) or OWM id; null if none. */
  City locate(Map<String, String> query) {
    if (query.containsKey("lat") && query.containsKey("lon")) {
      try {
        double lat = Double.parseDouble(query.get("lat"));
        double lon = Double.parseDouble(query.get("lon"));
        return Geo.nearest(cities, lat, lon);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (query.containsKey("q")) {
      String name = query.get("q").split(",")[0].trim().toLowerCase(Locale.ROOT);
      for (City c : cities) {
        if (c.name().toLowerCase(Locale.ROOT).equals(name) || c.id().equals(name)) {
          return c;
        }
      }
      return null;
    }
    if (query.containsKey("id")) {
      for (City c : cities) {
        if (String.valueOf(owmId(c)).equals(query.get("id"))) {
          return c;
        }
      }
    }
    return null;
  }

  static int owmId(City city) {
    Integer known = OWM_IDS.get(city.id());
    return known != null ? known : 3_000_000 + Math.floorMod(city.id().hashCode(), 100_000);
  }

  /** OWM recomputes current weather about every 10 minutes: {@code dt} is a stable point in the current slot. */
  long dataTime(City city, Instant now) {
    long slot = Math.floorDiv(now.getEpochSecond(), 600) * 600;
    long dt = slot + (long) (Noise.uniform(seed, city.id(), 400, slot) * 300);
    return dt > now.getEpochSecond() ? dt - 600 : dt;
  }

  String currentWeather(City city, Map<String, String> query, Instant now) {
    long dt = dataTime(city, now);
    Weather w = weather.at(city, Instant.ofEpochSecond(dt));
    String units = query.getOrDefault("units", "standard").toLowerCase(Locale.ROOT);
    boolean french = query.getOrDefault("lang", "en").toLowerCase(Locale.ROOT).startsWith("fr");
    boolean day = w.sunElevationDeg() > -0.833;

    ObjectNode root = mapper.createObjectNode();
    ObjectNode coord = root.putObject("coord");
    double[] ll = coordinates(city, query);
    coord.set("lon", JsonNumbers.number(ll[1], 4));
    coord.set("lat", JsonNumbers.number(ll[0], 4));
    Condition condition = Condition.of(w);
    ObjectNode cond = root.putArray("weather").addObject();
    cond.put("id", condition.id);
    cond.put("main", condition.main);
    cond.put("description", french ? condition.french : condition.english);
    cond.put("icon", condition.icon + (day ? "d" : "n"));
    root.put("base", "stations");

    ObjectNode main = root.putObject("main");
    // temp_min / temp_max: spread over the stations of the area right now (not daily extremes), as OWM documents.
    double spreadLow = 0.3 + 1.2 * Noise.uniform(seed, city.id(), 401, dt);
    double spreadHigh = 0.3 + 1.8 * Noise.uniform(seed, city.id(), 402, dt);
    main.set("temp", JsonNumbers.number(temperature(w.temperatureC(), units), 2));
    main.set("feels_like", JsonNumbers.number(temperature(feelsLike(w), units), 2));
    main.set("temp_min", JsonNumbers.number(temperature(w.temperatureC() - spreadLow, units), 2));
    main.set("temp_max", JsonNumbers.number(temperature(w.temperatureC() + spreadHigh, units), 2));
    long pressure = Math.round(w.pressureHpa());
    int altitude = profiles.nearestStation(city.latitude(), city.longitude()).altitude();
    main.put("pressure", pressure);
    main.put("humidity", Math.round(w.humidityPct()));
    main.put("sea_level", pressure);
    main.put("grnd_level", Math.round(w.pressureHpa() - altitude / 8.3)); // ~1 hPa per 8.3 m near the ground
    root.put("visibility", condition.visibility);

    ObjectNode wind = root.putObject("wind");
    wind.set("speed", JsonNumbers.number(speed(w.windSpeedMs(), units), 2));
    wind.put("deg", Math.round(w.windDirectionDeg()));
    if (w.windGustMs() >= 8) { // OWM only reports gusts when there are some
      wind.set("gust", JsonNumbers.number(speed(w.windGustMs(), units), 2));
    }
    if (w.rainMmPerHour() > 0) {
      root.putObject("rain").set("1h", JsonNumbers.number(w.rainMmPerHour(), 2));
    }
    root.putObject("clouds").put("all", Math.round(w.cloudPct()));
    root.put("dt", dt);

    ObjectNode sys = root.putObject("sys");
    sys.put("type", 2);
    sys.put("id", city.id().equals("paris") ? 2012208 : 2_000_000 + Math.floorMod(city.id().hashCode(), 20_000));
    sys.put("country", "FR");
    LocalDate localDay = Instant.ofEpochSecond(dt).atZone(city.timeZone()).toLocalDate();
    long[] sun = Sun.riseAndSet(localDay, city.latitude(), city.longitude());
    sys.put("sunrise", sun[0]);
    sys.put("sunset", sun[1]);
    root.put("timezone", city.timeZone().getRules().getOffset(Instant.ofEpochSecond(dt)).getTotalSeconds());
    root.put("id", owmId(city));
    root.put("name", city.name());
    root.put("cod", 200);
    return write(root);
  }

  String airPollution(City city, Map<String, String> query, Instant now) {
    Instant hour = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    Weather w = weather.at(city, hour);
    Concentrations c = air.at(city, hour, w);
    // OWM's values come from a gridded model, not the city's monitoring station: the same air, a little
    // different (±10 %, per hour and component).
    long h = hour.getEpochSecond() / 3600;
    double[] v = {c.co(), c.no(), c.no2(), c.o3(), c.so2(), c.pm25(), c.pm10(), c.nh3()};
    String[] names = {"co", "no", "no2", "o3", "so2", "pm2_5", "pm10", "nh3"};
    for (int i = 0; i < v.length; i++) {
      v[i] *= Math.exp(0.1 * Noise.gaussian(seed, city.id(), 410 + i, h));
    }
    ObjectNode root = mapper.createObjectNode();
    ObjectNode coord = root.putObject("coord");
    double[] ll = coordinates(city, query);
    coord.set("lon", JsonNumbers.number(ll[1], 4));
    coord.set("lat", JsonNumbers.number(ll[0], 4));
    ObjectNode item = root.putArray("list").addObject();
    item.putObject("main").put("aqi", AqiBreakpoints.owmLevel(v[4], v[2], v[6], v[5], v[3], v[0]));
    ObjectNode components = item.putObject("components");
    for (int i = 0; i < v.length; i++) {
      components.set(names[i], JsonNumbers.number(v[i], 2));
    }
    item.put("dt", hour.getEpochSecond());
    return write(root);
  }

  /** The request's coordinates when given (OWM echoes them), else the city's. */
  private static double[] coordinates(City city, Map<String, String> query) {
    try {
      return new double[] {Double.parseDouble(query.get("lat")), Double.parseDouble(query.get("lon"))};
    } catch (RuntimeException e) {
      return new double[] {city.latitude(), city.longitude()};
    }
  }

  private static double temperature(double celsius, String units) {
    return switch (units) {
      case "metric" -> celsius;
      case "imperial" -> celsius * 9 / 5 + 32;
      default -> celsius + 273.15; // standard (also the default): Kelvin
    };
  }

  private static double speed(double ms, String units) {
    return units.equals("imperial") ? ms * 2.23694 : ms;
  }

  /**
   * Felt temperature: wind chill (Environment Canada) when cold and windy, the Steadman heat index form when hot
   * and humid, otherwise the temperature lowered by 0.2 °C per m/s of wind (a fit of the two Paris samples:
   * 16.17 °C, 6.69 m/s gives 14.81 in the real answer).
   */
  static double feelsLike(Weather w) {
    double t = w.temperatureC();
    double kmh = w.windSpeedMs() * 3.6;
    if (t <= 10 && kmh > 4.8) {
      double v = Math.pow(kmh, 0.16);
      return 13.12 + 0.6215 * t - 11.37 * v + 0.3965 * t * v;
    }
    if (t >= 27) {
      double e = w.humidityPct() / 100 * 6.105 * Math.exp(17.27 * t / (237.7 + t));
      return t + 0.33 * e - 0.70 * w.windSpeedMs() - 4.0;
    }
    return t - 0.2 * w.windSpeedMs();
  }

  private String write(ObjectNode root) {
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** OWM weather condition codes, with their English and French descriptions. */
  private enum Condition {
    CLEAR(800, "Clear", "clear sky", "ciel dégagé", "01", 10000),
    FEW(801, "Clouds", "few clouds", "peu nuageux", "02", 10000),
    SCATTERED(802, "Clouds", "scattered clouds", "partiellement nuageux", "03", 10000),
    BROKEN(803, "Clouds", "broken clouds", "nuageux", "04", 10000),
    OVERCAST(804, "Clouds", "overcast clouds", "couvert", "04", 10000),
    LIGHT_RAIN(500, "Rain", "light rain", "légère pluie", "10", 9000),
    MODERATE_RAIN(501, "Rain", "moderate rain", "pluie modérée", "10", 6000),
    MIST(701, "Mist", "mist", "brume", "50", 4000),
    FOG(741, "Fog", "fog", "brouillard", "50", 800);

    final int id;
    final String main;
    final String english;
    final String french;
    final String icon;
    final int visibility;

    Condition(int id, String main, String english, String french, String icon, int visibility) {
      this.id = id;
      this.main = main;
      this.english = english;
      this.french = french;
      this.icon = icon;
      this.visibility = visibility;
    }

    static Condition of(Weather w) {
      if (w.rainMmPerHour() >= 2.5) {
        return MODERATE_RAIN;
      }
      if (w.rainMmPerHour() > 0) {
        return LIGHT_RAIN;
      }
      if (w.humidityPct() >= 97 && w.windSpeedMs() < 2) {
        return FOG;
      }
      if (w.humidityPct() >= 94) {
        return MIST;
      }
      double c = w.cloudPct();
      return c < 11 ? CLEAR : c < 25 ? FEW : c < 51 ? SCATTERED : c < 85 ? BROKEN : OVERCAST;
    }
  }
}
