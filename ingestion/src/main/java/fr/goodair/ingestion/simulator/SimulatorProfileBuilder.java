package fr.goodair.ingestion.simulator;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Offline tool: reads the real series in {@code shared/realdata} and writes the compact profile resource the
 * simulator reads at runtime ({@code src/main/resources/simulator/profiles.json}); production machines have no
 * realdata folder. Run it again whenever the derivation changes:
 *
 * <pre>java -cp ingestion/target/classes:... fr.goodair.ingestion.simulator.SimulatorProfileBuilder \
 *     ../shared/realdata ingestion/src/main/resources/simulator/profiles.json</pre>
 *
 * <p>What is derived (each block of the output says it too):
 * <ul>
 *   <li>pollutants (NO2, O3, PM10, PM2.5, µg/m³): month × UTC-hour mean of the Paris-intra-muros Airparif stations
 *       (codes {@code PA*}), weekday and weekend hourly factors, day-to-day and hour-to-hour log spreads. The COVID
 *       lockdown (from 2020-03-17) is left out: it is not what a normal year looks like;
 *   <li>weather (Paris-Orly 2023 SYNOP): month × 3-hourly-UTC-slot means of temperature, humidity and wind,
 *       monthly sea-level pressure, day-to-day spreads;
 *   <li>stations (Météo-France SYNOP March-May 2020): per metropolitan station, its offset from Orly over the same
 *       weeks (temperature, humidity, pressure; ratio for wind) and its altitude;
 *   <li>aqicn (AQICN daily history): per city mean daily PM concentrations (sub-indices turned back into µg/m³)
 *       and mean NO2/O3 sub-indices, used as per-city ratios to Paris.
 * </ul>
 */
public final class SimulatorProfileBuilder {

  static final String[] POLLUTANTS = {"no2", "o3", "pm10", "pm25"};
  private static final String[] AIRPARIF_FILES = {"NO2", "O3", "PM10", "PM25"};
  static final String REFERENCE_STATION = "07149";
  private static final LocalDate LOCKDOWN = LocalDate.of(2020, 3, 17);
  private static final DateTimeFormatter AIRPARIF_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

  private SimulatorProfileBuilder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: SimulatorProfileBuilder <realdata dir> <output profiles.json>");
      System.exit(2);
    }
    Files.writeString(Path.of(args[1]), build(Path.of(args[0])), StandardCharsets.UTF_8);
  }

  /** The profile document, as the exact text to commit. */
  public static String build(Path realdata) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("about", "Built by SimulatorProfileBuilder from shared/realdata (see its Javadoc); do not edit by hand.");
    ObjectNode pollutants = root.putObject("pollutants");
    for (int i = 0; i < POLLUTANTS.length; i++) {
      Path file = realdata.resolve("airparif-hourly-2017-2020/20170301_20200511-" + AIRPARIF_FILES[i] + "_auto.csv");
      pollutants.set(POLLUTANTS[i], pollutantProfile(mapper, file));
    }
    root.set("weather", weatherProfile(mapper, realdata.resolve("synop-orly-2023/donnees-synop-essentielles-omm.csv")));
    root.set("stations", stations(mapper, realdata.resolve("meteofrance-synop-2020")));
    ObjectNode aqicn = root.putObject("aqicn");
    aqicn.set("paris", aqicnCity(mapper, realdata.resolve("aqicn-historical-daily/paris-air-quality.csv")));
    aqicn.set("lyon", aqicnCity(mapper, realdata.resolve("aqicn-historical-daily/lyon-centre-air-quality.csv")));
    aqicn.set("marseille",
        aqicnCity(mapper, realdata.resolve("aqicn-historical-daily/marseille-rabatau-paca-air-quality.csv")));
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    return mapper.enable(SerializationFeature.INDENT_OUTPUT).writer(printer).writeValueAsString(root) + "\n";
  }

  // ---------------------------------------------------------------- Airparif

  private static ObjectNode pollutantProfile(ObjectMapper mapper, Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(";", -1);
    List<Integer> parisColumns = new ArrayList<>();
    for (int c = 2; c < header.length; c++) {
      if (header[c].startsWith("PA")) {
        parisColumns.add(c);
      }
    }
    double[][] sum = new double[12][24];
    int[][] count = new int[12][24];
    double[][] dayTypeSum = new double[2][24];
    int[][] dayTypeCount = new int[2][24];
    // date -> 24 hourly values (NaN when missing), kept for the spreads
    Map<LocalDate, double[]> days = new TreeMap<>();
    for (String line : lines.subList(2, lines.size())) { // line 2 is the units row
      String[] f = line.split(";", -1);
      if (f.length < 3 || f[0].isBlank()) {
        continue;
      }
      LocalDate date = LocalDate.parse(f[0], AIRPARIF_DATE);
      if (!date.isBefore(LOCKDOWN)) {
        continue;
      }
      // heure runs 1-24 and closes the averaging hour: heure h is the hour starting at h-1 (UTC, see SOURCES.md).
      int hour = Integer.parseInt(f[1].trim()) - 1;
      double s = 0;
      int n = 0;
      for (int c : parisColumns) {
        if (c < f.length && !f[c].isBlank() && !f[c].equals("n/d")) {
          s += Double.parseDouble(f[c]);
          n++;
        }
      }
      double value = n == 0 ? Double.NaN : s / n;
      days.computeIfAbsent(date, d -> filled(24, Double.NaN))[hour] = value;
      if (n == 0) {
        continue;
      }
      int m = date.getMonthValue() - 1;
      sum[m][hour] += value;
      count[m][hour]++;
      int weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : 0;
      dayTypeSum[weekend][hour] += value;
      dayTypeCount[weekend][hour]++;
    }
    double[][] monthHour = new double[12][24];
    double[] monthMean = new double[12];
    for (int m = 0; m < 12; m++) {
      for (int h = 0; h < 24; h++) {
        monthHour[m][h] = sum[m][h] / count[m][h];
        monthMean[m] += monthHour[m][h] / 24;
      }
    }
    double[] weekday = new double[24];
    double[] weekendF = new double[24];
    for (int h = 0; h < 24; h++) {
      double all = (dayTypeSum[0][h] + dayTypeSum[1][h]) / (dayTypeCount[0][h] + dayTypeCount[1][h]);
      weekday[h] = dayTypeSum[0][h] / dayTypeCount[0][h] / all;
      weekendF[h] = dayTypeSum[1][h] / dayTypeCount[1][h] / all;
    }
    // Spreads: day-to-day (daily mean vs month mean) and hour-to-hour (hour vs the day scaled by the month profile).
    List<Double> dailyLogs = new ArrayList<>();
    List<Double> hourlyLogs = new ArrayList<>();
    for (Map.Entry<LocalDate, double[]> e : days.entrySet()) {
      int m = e.getKey().getMonthValue() - 1;
      double[] v = e.getValue();
      double s = 0;
      int n = 0;
      for (double x : v) {
        if (!Double.isNaN(x)) {
          s += x;
          n++;
        }
      }
      if (n < 18 || s <= 0) {
        continue;
      }
      double dayMean = s / n;
      dailyLogs.add(Math.log(dayMean / monthMean[m]));
      for (int h = 0; h < 24; h++) {
        double expected = dayMean * monthHour[m][h] / monthMean[m];
        if (!Double.isNaN(v[h]) && v[h] > 0 && expected > 0) {
          hourlyLogs.add(Math.log(v[h] / expected));
        }
      }
    }
    ObjectNode node = mapper.createObjectNode();
    node.put("unit", "µg/m³");
    node.put("source", "Airparif hourly " + file.getFileName() + ", mean of stations " + names(header, parisColumns)
        + ", 2017-03-01..2020-03-16, hours in UTC (start of the averaged hour)");
    node.set("monthHourMean", table(mapper, monthHour, 1));
    node.set("weekdayFactor", array(mapper, weekday, 3));
    node.set("weekendFactor", array(mapper, weekendF, 3));
    node.put("dailyLogSd", round(sd(dailyLogs), 3));
    node.put("hourlyLogSd", round(sd(hourlyLogs), 3));
    return node;
  }

  // ---------------------------------------------------------------- SYNOP Orly 2023

  private static ObjectNode weatherProfile(ObjectMapper mapper, Path file) throws IOException {
    // Mac-Roman with CRLF (SOURCES.md §4).
    List<String> lines = Files.readAllLines(file, Charset.forName("x-MacRoman"));
    String[] header = lines.get(0).split(";", -1);
    int date = column(header, "Date");
    int temp = column(header, "Température");
    int humidity = column(header, "Humidité");
    int wind = column(header, "Vitesse du vent moyen 10 mn");
    int pressure = column(header, "Pression au niveau mer");
    double[][][] sums = new double[3][12][8];
    int[][][] counts = new int[3][12][8];
    double[] pSum = new double[12];
    int[] pCount = new int[12];
    Map<LocalDate, double[]> daily = new TreeMap<>(); // date -> {tempSum, n, windSum, windN, pSum, pN}
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(";", -1);
      if (f.length <= pressure || f[date].isBlank()) {
        continue;
      }
      OffsetDateTime t = OffsetDateTime.parse(f[date]).withOffsetSameInstant(ZoneOffset.UTC);
      int m = t.getMonthValue() - 1;
      int slot = t.getHour() / 3;
      double[] values = {parse(f[temp]) - 273.15, parse(f[humidity]), parse(f[wind])};
      double[] d = daily.computeIfAbsent(t.toLocalDate(), k -> new double[6]);
      for (int k = 0; k < 3; k++) {
        if (!Double.isNaN(values[k])) {
          sums[k][m][slot] += values[k];
          counts[k][m][slot]++;
        }
      }
      if (!Double.isNaN(values[0])) {
        d[0] += values[0];
        d[1]++;
      }
      if (!Double.isNaN(values[2])) {
        d[2] += values[2];
        d[3]++;
      }
      double p = parse(f[pressure]) / 100.0;
      if (!Double.isNaN(p)) {
        pSum[m] += p;
        pCount[m]++;
        d[4] += p;
        d[5]++;
      }
    }
    double[][][] means = new double[3][12][8];
    for (int k = 0; k < 3; k++) {
      for (int m = 0; m < 12; m++) {
        for (int s = 0; s < 8; s++) {
          means[k][m][s] = counts[k][m][s] >= 3 ? sums[k][m][s] / counts[k][m][s] : Double.NaN;
        }
      }
    }
    // December 2023 has only 15 readings: a slot with fewer than 3 takes the mean of November and January.
    for (int k = 0; k < 3; k++) {
      for (int m = 0; m < 12; m++) {
        for (int s = 0; s < 8; s++) {
          if (Double.isNaN(means[k][m][s])) {
            means[k][m][s] = (means[k][(m + 11) % 12][s] + means[k][(m + 1) % 12][s]) / 2;
          }
        }
      }
    }
    double[] monthPressure = new double[12];
    for (int m = 0; m < 12; m++) {
      monthPressure[m] = pSum[m] / pCount[m];
    }
    // Day-to-day spreads of daily means around their month's mean.
    Map<Integer, List<Double>> tempAnomalies = new HashMap<>();
    List<Double> windLogs = new ArrayList<>();
    List<Double> pressureAnomalies = new ArrayList<>();
    double[] monthTemp = new double[12];
    double[] monthWind = new double[12];
    for (int m = 0; m < 12; m++) {
      for (int s = 0; s < 8; s++) {
        monthTemp[m] += means[0][m][s] / 8;
        monthWind[m] += means[2][m][s] / 8;
      }
    }
    for (Map.Entry<LocalDate, double[]> e : daily.entrySet()) {
      int m = e.getKey().getMonthValue() - 1;
      double[] d = e.getValue();
      if (d[1] >= 6) {
        tempAnomalies.computeIfAbsent(m, k -> new ArrayList<>()).add(d[0] / d[1] - monthTemp[m]);
      }
      if (d[3] >= 6 && d[2] > 0) {
        windLogs.add(Math.log(d[2] / d[3] / monthWind[m]));
      }
      if (d[5] >= 6) {
        pressureAnomalies.add(d[4] / d[5] - monthPressure[m]);
      }
    }
    double[] tempSd = new double[12];
    for (int m = 0; m < 12; m++) {
      List<Double> a = tempAnomalies.getOrDefault(m, List.of());
      tempSd[m] = a.size() >= 10 ? sd(a) : Double.NaN;
    }
    for (int m = 0; m < 12; m++) {
      if (Double.isNaN(tempSd[m])) {
        tempSd[m] = (tempSd[(m + 11) % 12] + tempSd[(m + 1) % 12]) / 2;
      }
    }
    ObjectNode node = mapper.createObjectNode();
    node.put("source", "SYNOP Paris-Orly (07149) 2023, 3-hourly, slots in UTC (0,3,...,21); December gaps filled"
        + " from November and January");
    node.set("monthSlotTemperature", table(mapper, means[0], 2));
    node.set("monthSlotHumidity", table(mapper, means[1], 1));
    node.set("monthSlotWind", table(mapper, means[2], 2));
    node.set("monthPressure", array(mapper, monthPressure, 1));
    node.set("dailyTemperatureSd", array(mapper, tempSd, 2));
    node.put("dailyWindLogSd", round(sd(windLogs), 3));
    node.put("dailyPressureSd", round(sd(pressureAnomalies), 2));
    return node;
  }

  // ---------------------------------------------------------------- SYNOP all stations, spring 2020

  private static ArrayNode stations(ObjectMapper mapper, Path dir) throws IOException {
    Map<String, String[]> postes = new TreeMap<>();
    for (String line : Files.readAllLines(dir.resolve("postesSynop.txt"), StandardCharsets.UTF_8).subList(1, 63)) {
      String[] f = line.split(";", -1);
      if (f.length >= 5 && f[0].startsWith("07")) { // metropolitan France and Corsica; overseas ids start 6x/7x-8x
        postes.put(f[0], f);
      }
    }
    // id -> sums {t, n, u, n, ff, n, pmer, n}
    Map<String, double[]> sums = new TreeMap<>();
    for (String month : new String[] {"202003", "202004", "202005"}) {
      List<String> lines = Files.readAllLines(dir.resolve("synop." + month + ".csv"), StandardCharsets.UTF_8);
      String[] header = lines.get(0).split(";", -1);
      int id = column(header, "numer_sta");
      int t = column(header, "t");
      int u = column(header, "u");
      int ff = column(header, "ff");
      int pmer = column(header, "pmer");
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(";", -1);
        if (f.length <= pmer || !postes.containsKey(f[id])) {
          continue;
        }
        double[] s = sums.computeIfAbsent(f[id], k -> new double[8]);
        add(s, 0, parse(f[t]) - 273.15);
        add(s, 2, parse(f[u]));
        add(s, 4, parse(f[ff]));
        add(s, 6, parse(f[pmer]) / 100.0);
      }
    }
    double[] ref = sums.get(REFERENCE_STATION);
    ArrayNode out = mapper.createArrayNode();
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      double[] s = e.getValue();
      if (s[1] < 300 || s[3] < 300 || s[5] < 300) {
        continue; // too few readings to trust its offsets
      }
      String[] p = postes.get(e.getKey());
      ObjectNode st = out.addObject();
      st.put("id", e.getKey());
      st.put("name", p[1]);
      st.put("lat", Double.parseDouble(p[2]));
      st.put("lon", Double.parseDouble(p[3]));
      st.put("altitude", Integer.parseInt(p[4].trim()));
      st.put("temperatureOffset", round(s[0] / s[1] - ref[0] / ref[1], 2));
      st.put("humidityOffset", round(s[2] / s[3] - ref[2] / ref[3], 1));
      st.put("windFactor", round((s[4] / s[5]) / (ref[4] / ref[5]), 3));
      st.put("pressureOffset", s[7] >= 300 ? round(s[6] / s[7] - ref[6] / ref[7], 1) : 0.0);
    }
    return out;
  }

  private static void add(double[] sums, int i, double value) {
    if (!Double.isNaN(value)) {
      sums[i] += value;
      sums[i + 1]++;
    }
  }

  // ---------------------------------------------------------------- AQICN daily history

  private static ObjectNode aqicnCity(ObjectMapper mapper, Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String[] header = lines.get(0).split(",", -1);
    Map<String, Integer> col = new LinkedHashMap<>();
    for (int i = 0; i < header.length; i++) {
      col.put(header[i].trim(), i);
    }
    double[] sum = new double[4];
    int[] n = new int[4];
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      for (int k = 0; k < POLLUTANTS.length; k++) {
        Integer c = col.get(POLLUTANTS[k]);
        if (c == null || c >= f.length || f[c].isBlank()) {
          continue;
        }
        double aqi = Double.parseDouble(f[c].trim());
        // PM sub-indices are averaged as concentrations (the index is not linear across bands).
        sum[k] += switch (POLLUTANTS[k]) {
          case "pm25" -> AqiBreakpoints.pm25Concentration(aqi);
          case "pm10" -> AqiBreakpoints.pm10Concentration(aqi);
          default -> aqi;
        };
        n[k]++;
      }
    }
    ObjectNode node = mapper.createObjectNode();
    node.put("source", file.getFileName().toString());
    String[] names = {"no2Aqi", "o3Aqi", "pm10Ugm3", "pm25Ugm3"};
    for (int k = 0; k < 4; k++) {
      // Fewer than a year of days (Marseille's o3) is not a level: leave it out.
      if (n[k] >= 365) {
        node.put(names[k], round(sum[k] / n[k], 2));
      } else {
        node.putNull(names[k]);
      }
    }
    return node;
  }

  // ---------------------------------------------------------------- helpers

  private static int column(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].trim().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("column '" + name + "' not found");
  }

  private static double parse(String s) {
    String t = s.trim();
    return t.isEmpty() || t.equals("mq") ? Double.NaN : Double.parseDouble(t);
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static String names(String[] header, List<Integer> columns) {
    List<String> out = new ArrayList<>();
    for (int c : columns) {
      out.add(header[c]);
    }
    return String.join(",", out);
  }

  private static double sd(List<Double> values) {
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double var = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / Math.max(1, values.size() - 1);
    return Math.sqrt(var);
  }

  private static double round(double v, int decimals) {
    return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
  }

  private static ArrayNode array(ObjectMapper mapper, double[] values, int decimals) {
    ArrayNode a = mapper.createArrayNode();
    for (double v : values) {
      a.add(round(v, decimals));
    }
    return a;
  }

  private static ArrayNode table(ObjectMapper mapper, double[][] rows, int decimals) {
    ArrayNode a = mapper.createArrayNode();
    for (double[] row : rows) {
      a.add(array(mapper, row, decimals));
    }
    return a;
  }
}
