package fr.goodair.ingestion.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's climatology, read from the committed resource {@code simulator/profiles.json} (written by
 * {@link SimulatorProfileBuilder} from the real series). Month tables are interpolated between mid-months and
 * across hours, cyclically, so the model has no steps at month or slot boundaries.
 */
final class Profiles {

  static final String RESOURCE = "/simulator/profiles.json";

  /** Airparif-derived shape of one pollutant (µg/m³, hours in UTC). */
  record Pollutant(double[][] monthHourMean, double[] weekdayFactor, double[] weekendFactor, double dailyLogSd,
      double hourlyLogSd) {

    double mean(double monthPosition, double utcHour, boolean weekend) {
      double[] factor = weekend ? weekendFactor : weekdayFactor;
      return interpolate(monthHourMean, monthPosition, utcHour) * cyclic(factor, utcHour);
    }

    double monthMean(double monthPosition) {
      double s = 0;
      for (int h = 0; h < 24; h++) {
        s += interpolate(monthHourMean, monthPosition, h);
      }
      return s / 24;
    }
  }

  /** A SYNOP station and how it differs from Paris-Orly (spring 2020). */
  record Station(String id, String name, double lat, double lon, int altitude, double temperatureOffset,
      double humidityOffset, double windFactor, double pressureOffset) {}

  /** Mean daily levels of one AQICN station (NaN when the history is too short). */
  record AqicnLevels(double no2Aqi, double o3Aqi, double pm10Ugm3, double pm25Ugm3) {}

  final Map<String, Pollutant> pollutants = new HashMap<>();
  final double[][] temperature;
  final double[][] humidity;
  final double[][] wind;
  final double[] pressure;
  final double[] dailyTemperatureSd;
  final double dailyWindLogSd;
  final double dailyPressureSd;
  final List<Station> stations = new ArrayList<>();
  final Map<String, AqicnLevels> aqicn = new HashMap<>();

  private Profiles(JsonNode root) {
    root.get("pollutants").fields().forEachRemaining(e -> {
      JsonNode p = e.getValue();
      pollutants.put(e.getKey(), new Pollutant(table(p.get("monthHourMean")), array(p.get("weekdayFactor")),
          array(p.get("weekendFactor")), p.get("dailyLogSd").asDouble(), p.get("hourlyLogSd").asDouble()));
    });
    JsonNode w = root.get("weather");
    temperature = table(w.get("monthSlotTemperature"));
    humidity = table(w.get("monthSlotHumidity"));
    wind = table(w.get("monthSlotWind"));
    pressure = array(w.get("monthPressure"));
    dailyTemperatureSd = array(w.get("dailyTemperatureSd"));
    dailyWindLogSd = w.get("dailyWindLogSd").asDouble();
    dailyPressureSd = w.get("dailyPressureSd").asDouble();
    for (JsonNode s : root.get("stations")) {
      stations.add(new Station(s.get("id").asText(), s.get("name").asText(), s.get("lat").asDouble(),
          s.get("lon").asDouble(), s.get("altitude").asInt(), s.get("temperatureOffset").asDouble(),
          s.get("humidityOffset").asDouble(), s.get("windFactor").asDouble(), s.get("pressureOffset").asDouble()));
    }
    root.get("aqicn").fields().forEachRemaining(e -> {
      JsonNode a = e.getValue();
      aqicn.put(e.getKey(), new AqicnLevels(num(a.get("no2Aqi")), num(a.get("o3Aqi")), num(a.get("pm10Ugm3")),
          num(a.get("pm25Ugm3"))));
    });
  }

  static Profiles load() {
    try (InputStream in = Profiles.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("simulator profiles not on the classpath: " + RESOURCE);
      }
      return new Profiles(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  Pollutant pollutant(String name) {
    return pollutants.get(name);
  }

  /** Nearest SYNOP station to a point: how a city without its own station gets a climate (e.g. Grenoble). */
  Station nearestStation(double lat, double lon) {
    Station best = null;
    double bestDistance = Double.MAX_VALUE;
    for (Station s : stations) {
      double d = Geo.distanceKm(lat, lon, s.lat(), s.lon());
      if (d < bestDistance) {
        bestDistance = d;
        best = s;
      }
    }
    return best;
  }

  /** Month-slot table ({@code [12][n]} over a day) at a fractional month position and UTC hour. */
  static double interpolate(double[][] table, double monthPosition, double utcHour) {
    int slots = table[0].length;
    double slot = utcHour * slots / 24.0;
    int m0 = Math.floorMod((int) Math.floor(monthPosition), 12);
    double fm = monthPosition - Math.floor(monthPosition);
    return cyclic(table[m0], slot) * (1 - fm) + cyclic(table[(m0 + 1) % 12], slot) * fm;
  }

  /** Linear interpolation in a cyclic array at a fractional index. */
  static double cyclic(double[] values, double position) {
    int n = values.length;
    int i = Math.floorMod((int) Math.floor(position), n);
    double f = position - Math.floor(position);
    return values[i] * (1 - f) + values[(i + 1) % n] * f;
  }

  /** Month value ({@code [12]}) at a fractional month position. */
  static double monthly(double[] values, double monthPosition) {
    return cyclic(values, monthPosition);
  }

  private static double num(JsonNode n) {
    return n == null || n.isNull() ? Double.NaN : n.asDouble();
  }

  private static double[] array(JsonNode n) {
    double[] a = new double[n.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = n.get(i).asDouble();
    }
    return a;
  }

  private static double[][] table(JsonNode n) {
    double[][] t = new double[n.size()][];
    for (int i = 0; i < t.length; i++) {
      t[i] = array(n.get(i));
    }
    return t;
  }
}
