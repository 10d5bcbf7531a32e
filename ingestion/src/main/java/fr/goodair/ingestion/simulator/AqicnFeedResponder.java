package fr.goodair.ingestion.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import fr.goodair.ingestion.city.City;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Builds AQICN / WAQI {@code /feed/...} answers, in the format of the real Paris feed
 * ({@code realdata/api-samples/aqicn-feed-paris-idx5722-2026-04-26.json}): compact JSON, keys in the same order.
 *
 * <p>Behaviour copied from the real service:
 * <ul>
 *   <li>the observation is the last hour the station published: publication lags the clock by one hour, and a
 *       station sometimes does not update (single missed hours, and outages of 2-6 hours on some days), so the
 *       same observation (same {@code time.s}, same values) comes back for several consecutive hours;
 *   <li>{@code time.s} is local wall time (Europe/Paris, DST-correct {@code tz}), {@code time.v} is that wall time
 *       encoded as if it were UTC (as in the samples: 12:00+02:00 gives v = 12:00Z), {@code time.iso} has the
 *       offset; {@code debug.sync} is given in +09:00 (WAQI's servers), like every sample;
 *   <li>{@code iaqi} pollutant values are US-EPA sub-indices ({@link AqiBreakpoints}): PM as integers, gases with
 *       one decimal; t/h/p/w (and dew/wg for stations outside Île-de-France, like the Bordeaux sample) are raw
 *       weather values (°C, %, hPa, m/s);
 *   <li>about 1 % of observations have {@code "aqi":"-"} while iaqi is still present (the Klundert sample).
 * </ul>
 * {@code aqi} is the largest sub-index and {@code dominentpol} (sic) its pollutant. (Real feeds do not always
 * agree with their own iaqi, e.g. aqi 38 with pm25 61 in the Paris sample; we keep the documented rule.)
 */
final class AqicnFeedResponder {

  static final String INVALID_KEY = "{\"status\":\"error\",\"data\":\"Invalid key\"}";
  static final String OVER_QUOTA = "{\"status\":\"error\",\"data\":\"Over quota\"}";
  static final String UNKNOWN_STATION = "{\"status\":\"error\",\"data\":\"Unknown station\"}";

  private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
  private static final ZoneOffset WAQI_SERVER = ZoneOffset.ofHours(9);
  private static final int FORECAST_DAYS = 6;

  private final List<City> cities;
  private final CityWeatherModel weather;
  private final AirQualityModel air;
  private final long seed;
  private final ObjectMapper mapper = new ObjectMapper();

  AqicnFeedResponder(List<City> cities, CityWeatherModel weather, AirQualityModel air, long seed) {
    this.cities = cities;
    this.weather = weather;
    this.air = air;
    this.seed = seed;
  }

  /**
   * The city a feed target stands for: {@code @idx}, a keyword (the city's configured station keyword, id or name)
   * or {@code geo:lat;lon} (nearest city, as the real API returns the nearest station). Null when unknown.
   */
  City resolve(String target) {
    String t = target.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("geo:")) {
      String[] ll = t.substring(4).split(";");
      try {
        double lat = Double.parseDouble(ll[0]);
        double lon = Double.parseDouble(ll[1]);
        return Geo.nearest(cities, lat, lon);
      } catch (RuntimeException e) {
        return null;
      }
    }
    for (City c : cities) {
      if (t.equals(c.aqicnStation().toLowerCase(Locale.ROOT)) || t.equals("@" + idx(c))
          || (!t.startsWith("@") && (t.equals(c.id()) || t.equals(c.name().toLowerCase(Locale.ROOT))))) {
        return c;
      }
    }
    return null;
  }

  /** Station index: the configured {@code @idx}, else a stable number derived from the city id. */
  static int idx(City city) {
    String station = city.aqicnStation();
    if (station.startsWith("@")) {
      try {
        return Integer.parseInt(station.substring(1));
      } catch (NumberFormatException ignored) {
        // fall through to the derived index
      }
    }
    return 3000 + Math.floorMod(city.id().hashCode(), 9000);
  }

  /** Whether the station published an observation for the hour starting at {@code hour}. */
  boolean published(City city, Instant hour) {
    long h = hour.getEpochSecond() / 3600;
    if (Noise.uniform(seed, city.id(), 300, h) < 0.05) {
      return false; // single missed hour
    }
    long day = Math.floorDiv(h, 24);
    for (long d = day - 1; d <= day; d++) { // an outage can start late the day before
      if (Noise.uniform(seed, city.id(), 301, d) < 0.15) {
        long start = d * 24 + (long) (Noise.uniform(seed, city.id(), 302, d) * 24);
        long length = 2 + (long) (Noise.uniform(seed, city.id(), 303, d) * 5);
        if (h >= start && h < start + length) {
          return false;
        }
      }
    }
    return true;
  }

  /** The hour (UTC, start) of the observation the feed shows at simulated time {@code now}. */
  Instant observationHour(City city, Instant now) {
    Instant latest = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    Instant h = latest;
    for (int i = 0; i < 12; i++) {
      if (published(city, h)) {
        return h;
      }
      h = h.minus(Duration.ofHours(1));
    }
    return h;
  }

  String feed(City city, Instant now, boolean forceAqiDash) {
    return observation(city, observationHour(city, now), forceAqiDash);
  }

  /** The feed body for the observation of the hour starting at {@code obs}. */
  String observation(City city, Instant obs, boolean forceAqiDash) {
    Weather w = weather.at(city, obs);
    Concentrations c = air.at(city, obs, w);
    ZonedDateTime local = obs.atZone(city.timeZone());

    ObjectNode root = mapper.createObjectNode();
    root.put("status", "ok");
    ObjectNode data = root.putObject("data");

    String[] names = {"co", "no2", "o3", "pm10", "pm25", "so2"};
    double[] sub = {AqiBreakpoints.co(c.co()), AqiBreakpoints.no2(c.no2()), AqiBreakpoints.o3(c.o3()),
        AqiBreakpoints.pm10(c.pm10()), AqiBreakpoints.pm25(c.pm25()), AqiBreakpoints.so2(c.so2())};
    int worst = 0;
    for (int i = 1; i < sub.length; i++) {
      if (sub[i] > sub[worst]) {
        worst = i;
      }
    }
    boolean dash = forceAqiDash || Noise.uniform(seed, city.id(), 304, obs.getEpochSecond() / 3600) < 0.01;
    if (dash) {
      data.put("aqi", "-");
    } else {
      data.put("aqi", Math.round(sub[worst]));
    }
    data.put("idx", idx(city));
    data.set("attributions", attributions(city));
    ObjectNode cityNode = data.putObject("city");
    cityNode.putArray("geo").add(city.latitude()).add(city.longitude());
    cityNode.put("name", city.name());
    String station = city.aqicnStation();
    cityNode.put("url", "https://aqicn.org/city/" + (station.startsWith("@") ? city.id() : station.toLowerCase(Locale.ROOT)));
    cityNode.put("location", "");
    data.put("dominentpol", names[worst]);

    ObjectNode iaqi = data.putObject("iaqi");
    boolean dewAndGust = !isIleDeFrance(city);
    put(iaqi, "co", JsonNumbers.number(sub[0], 1));
    if (dewAndGust) {
      put(iaqi, "dew", JsonNumbers.number(w.dewPointC(), 1));
    }
    put(iaqi, "h", JsonNumbers.number(w.humidityPct(), 1));
    put(iaqi, "no2", JsonNumbers.number(sub[1], 1));
    put(iaqi, "o3", JsonNumbers.number(sub[2], 1));
    put(iaqi, "p", JsonNumbers.number(w.pressureHpa(), 1));
    put(iaqi, "pm10", JsonNumbers.number(Math.round(sub[3]), 0));
    put(iaqi, "pm25", JsonNumbers.number(Math.round(sub[4]), 0));
    put(iaqi, "so2", JsonNumbers.number(sub[5], 1));
    put(iaqi, "t", JsonNumbers.number(w.temperatureC(), 1));
    put(iaqi, "w", JsonNumbers.number(w.windSpeedMs(), 1));
    if (dewAndGust) {
      put(iaqi, "wg", JsonNumbers.number(w.windGustMs(), 1));
    }

    ObjectNode time = data.putObject("time");
    time.put("s", local.format(WALL));
    time.put("tz", local.getOffset().getId().equals("Z") ? "+00:00" : local.getOffset().getId());
    time.put("v", local.toLocalDateTime().toEpochSecond(ZoneOffset.UTC));
    time.put("iso", local.format(ISO));

    data.putObject("forecast").set("daily", forecast(city, local.toLocalDate()));

    long syncSeconds = 50 * 60 + (long) (Noise.uniform(seed, city.id(), 305, obs.getEpochSecond() / 3600) * 540);
    data.putObject("debug").put("sync", obs.plusSeconds(syncSeconds).atOffset(WAQI_SERVER).format(ISO));
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Daily forecast of sub-indices (o3, pm10, pm25) and UV index from the model every 3 local hours. */
  private ObjectNode forecast(City city, LocalDate firstDay) {
    ObjectNode daily = mapper.createObjectNode();
    ArrayNode o3 = daily.putArray("o3");
    ArrayNode pm10 = daily.putArray("pm10");
    ArrayNode pm25 = daily.putArray("pm25");
    ArrayNode uvi = daily.putArray("uvi");
    for (int d = 0; d < FORECAST_DAYS; d++) {
      LocalDate day = firstDay.plusDays(d);
      double[][] v = new double[4][8];
      for (int k = 0; k < 8; k++) {
        Instant t = LocalDateTime.of(day, java.time.LocalTime.of(k * 3, 0)).atZone(city.timeZone()).toInstant();
        Weather w = weather.at(city, t);
        Concentrations c = air.at(city, t, w);
        v[0][k] = AqiBreakpoints.o3(c.o3());
        v[1][k] = AqiBreakpoints.pm10(c.pm10());
        v[2][k] = AqiBreakpoints.pm25(c.pm25());
        double sun = Math.max(0, Math.sin(Math.toRadians(w.sunElevationDeg())));
        v[3][k] = 12.5 * Math.pow(sun, 2.42) * (1 - 0.6 * w.cloudPct() / 100);
      }
      o3.add(dayStats(day, v[0]));
      pm10.add(dayStats(day, v[1]));
      pm25.add(dayStats(day, v[2]));
      uvi.add(dayStats(day, v[3]));
    }
    return daily;
  }

  private ObjectNode dayStats(LocalDate day, double[] values) {
    double sum = 0;
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double v : values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    ObjectNode n = mapper.createObjectNode();
    n.put("avg", Math.round(sum / values.length));
    n.put("day", day.toString());
    n.put("max", Math.round(max));
    n.put("min", Math.round(min));
    return n;
  }

  private void put(ObjectNode iaqi, String name, com.fasterxml.jackson.databind.JsonNode value) {
    iaqi.putObject(name).set("v", value);
  }

  private static boolean isIleDeFrance(City city) {
    return List.of("75", "77", "78", "91", "92", "93", "94", "95").contains(city.departementCode());
  }

  /**
   * The regional monitoring association (AASQA) of the city's département, then the EEA and WAQI, like the real
   * feeds. The AirParif and Bordeaux entries are copied from the samples (including the Bordeaux HTML entity).
   */
  private ArrayNode attributions(City city) {
    ArrayNode a = mapper.createArrayNode();
    String dep = city.departementCode();
    ObjectNode local = a.addObject();
    if (isIleDeFrance(city)) {
      local.put("url", "https://www.airparif.asso.fr/");
      local.put("name", "AirParif - Association de surveillance de la qualité de l'air en Île-de-France");
      local.put("logo", "Paris-Air-Parif.png");
    } else if (List.of("33", "24", "40", "47", "64", "16", "17", "79", "86", "87", "19", "23").contains(dep)) {
      local.put("url", "http://www.atmo-nouvelleaquitaine.org/");
      local.put("name", "AtmoNAQ - La qualité de l&#8217;air en Nouvelle Aquitaine");
      local.put("logo", "France-AirAquitaine.png");
    } else {
      String[] org = regionalAssociation(dep);
      local.put("url", org[0]);
      local.put("name", org[1]);
    }
    ObjectNode eea = a.addObject();
    eea.put("url", "http://www.eea.europa.eu/themes/air/");
    eea.put("name", "European Environment Agency");
    eea.put("logo", "Europe-EEA.png");
    ObjectNode waqi = a.addObject();
    waqi.put("url", "https://waqi.info/");
    waqi.put("name", "World Air Quality Index Project");
    return a;
  }

  private static String[] regionalAssociation(String dep) {
    return switch (dep) {
      case "69", "38", "01", "42", "73", "74", "63", "03", "15", "43", "07", "26" ->
          new String[] {"https://www.atmo-auvergnerhonealpes.fr/", "Atmo Auvergne-Rhône-Alpes"};
      case "13", "06", "83", "84", "04", "05" -> new String[] {"https://www.atmosud.org/", "AtmoSud"};
      case "31", "34", "30", "11", "66", "81", "82", "32", "65", "09", "12", "46", "48" ->
          new String[] {"https://www.atmo-occitanie.org/", "Atmo Occitanie"};
      case "59", "62", "80", "02", "60" -> new String[] {"https://www.atmo-hdf.fr/", "Atmo Hauts-de-France"};
      case "44", "49", "53", "72", "85" -> new String[] {"https://www.airpl.org/", "Air Pays de la Loire"};
      case "35", "22", "29", "56" -> new String[] {"https://www.airbreizh.asso.fr/", "Air Breizh"};
      case "67", "68", "54", "55", "57", "88", "08", "10", "51", "52" ->
          new String[] {"https://www.atmo-grandest.eu/", "ATMO Grand Est"};
      default -> new String[] {"https://atmo-france.org/", "Fédération Atmo France"};
    };
  }
}
