package fr.goodair.reports;

import fr.goodair.gold.GoldTables;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.Secret;
import fr.goodair.ingestion.source.Redactor;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.quality.alert.AlertsTable;
import fr.goodair.reports.ReportPage.Agency;
import fr.goodair.silver.SilverTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTML reports of a lake, generated from gold and {@code quality.alerts} after each gold run: main indicators,
 * extreme variations and alerts, correlations. Each is written three times: into the lake's reports zone as
 * {@code reports/<family>/<UTC time>.html} (the history) and {@code reports/<family>/latest.html}, through the
 * Hadoop file system of the lake root (S3A in production, a local folder in tests), and into a local folder as
 * {@code <family>.html} ({@code reports.local-dir}, default {@code $GOODAIR_HOME/reports}), which only keeps the
 * latest: the lake is the archive, and a local copy per hourly run would only grow.
 *
 * <p>The queries here are small (at most 30 days × cities × a few variables, a few hundred coefficients); the
 * pages are built by the pure builders of this package. Every text read from the tables passes through a
 * {@link Redactor} of the configured secrets first, so no token, key or password reaches a report even if one
 * slipped into an alert's summary.
 */
public final class GoldReports {

  /** What one run wrote: the families, under the lake's reports zone and the local folder. */
  public record Written(String lakeFolder, Path localFolder, List<String> families, String stamp) {

    /** One line: where the latest reports are. */
    public String describe() {
      return String.join(", ", families) + " in " + lakeFolder + "/<report>/latest.html (and " + stamp
          + ".html) and " + localFolder + "/<report>.html";
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(GoldReports.class);

  /** UTC time of generation in file names, to the second like gold's run ids (the retention reads it back). */
  public static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  /** Cities by their display name (the reference file's), or their id when silver has no row for them. */
  private static final String CITY = "coalesce(c.name, d.city_id)";
  private static final String CITY_JOIN = " LEFT JOIN " + SilverTables.DIM_CITY + " c ON c.city_id = d.city_id";

  private final SparkSession spark;
  private final LakeLayout lake;
  private final Path localFolder;
  private final Redactor redactor;
  private final Clock clock;

  public GoldReports(SparkSession spark, LakeLayout lake, Path localFolder, Redactor redactor, Clock clock) {
    this.spark = spark;
    this.lake = lake;
    this.localFolder = localFolder;
    this.redactor = redactor;
    this.clock = clock;
  }

  /** Reports of an open lake: local folder from {@code reports.local-dir}, every configured secret redacted. */
  public static GoldReports of(Lake lake, Clock clock) {
    GoodairConfig config = lake.config();
    Path local = localFolder(config);
    List<Secret> secrets = new ArrayList<>();
    GoodairConfig.SECRET_KEYS.forEach(key -> config.secret(key).ifPresent(secrets::add));
    if (lake.store().settings().secretAccessKey() != null) {
      secrets.add(lake.store().settings().secretAccessKey());
    }
    return new GoldReports(lake.spark(), lake.layout(), local, new Redactor(secrets), clock);
  }

  /** The local folder of the latest reports: {@code reports.local-dir}, default {@code $GOODAIR_HOME/reports}. */
  public static Path localFolder(GoodairConfig config) {
    return config.value("reports.local-dir").map(Path::of).orElse(config.home().resolve("reports"));
  }

  /** Queries the lake, builds the three pages and writes them. */
  public Written write() {
    long started = System.nanoTime();
    // The alerts table may not exist yet in a lake no evaluation has touched: registering it creates it empty.
    AlertsTable.definition(lake).ensure(spark);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    List<Agency> agencies = agencies();
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put(IndicatorsReport.FAMILY, IndicatorsReport.html(now, dailyValues(), agencies));
    pages.put(ExtremesAndAlertsReport.FAMILY, ExtremesAndAlertsReport.html(extremesAndAlerts(now, agencies)));
    pages.put(CorrelationsReport.FAMILY, CorrelationsReport.html(correlations(now, agencies)));
    String stamp = STAMP.format(now);
    pages.forEach((family, html) -> {
      writeToLake(family + "/" + stamp + ".html", html);
      writeToLake(family + "/latest.html", html);
      writeLocally(family + ".html", html);
      LOG.info("report {}: {} characters", family, html.length());
    });
    LOG.info("reports {} written in {} ms", stamp, (System.nanoTime() - started) / 1_000_000);
    return new Written(lake.reportsRoot(), localFolder, List.copyOf(pages.keySet()), stamp);
  }

  private List<IndicatorsReport.DailyValue> dailyValues() {
    List<IndicatorsReport.DailyValue> values = new ArrayList<>();
    for (Row r : rows("SELECT " + CITY + ", d.local_date, d.variable, d.mean, d.coverage, d.aqi_category FROM "
        + GoldTables.CITY_DAILY + " d" + CITY_JOIN + " WHERE d.variable IN (" + quoted(IndicatorsReport.VARIABLES)
        + ") AND d.local_date > (SELECT date_sub(max(local_date), " + IndicatorsReport.DAYS + ") FROM "
        + GoldTables.CITY_DAILY + ")")) {
      values.add(new IndicatorsReport.DailyValue(string(r, 0), (LocalDate) r.get(1), string(r, 2), dbl(r, 3),
          dbl(r, 4), string(r, 5)));
    }
    return values;
  }

  private ExtremesAndAlertsReport.Input extremesAndAlerts(Instant now, List<Agency> agencies) {
    List<ExtremesAndAlertsReport.OpenAlert> open = new ArrayList<>();
    // ERROR sorts before WARNING.
    for (Row r : rows("SELECT `key`, kind, severity, summary, opened_at, last_seen_at FROM " + AlertsTable.NAME
        + " WHERE status = 'open' ORDER BY severity, opened_at")) {
      open.add(new ExtremesAndAlertsReport.OpenAlert(string(r, 0), string(r, 1), string(r, 2), string(r, 3),
          (Instant) r.get(4), (Instant) r.get(5)));
    }
    Instant newest = (Instant) spark.sql("SELECT max(hour_utc) FROM " + GoldTables.CITY_HOURLY).first().get(0);
    if (newest == null) {
      return new ExtremesAndAlertsReport.Input(now, null, List.of(), List.of(), List.of(), List.of(), open,
          agencies);
    }
    String from = "TIMESTAMP '" + newest.minus(ExtremesAndAlertsReport.DAYS, ChronoUnit.DAYS) + "'";
    String variations = GoldTables.EXTREME_VARIATIONS + " d" + CITY_JOIN + " WHERE d.hour_utc > " + from;
    String exceedances = GoldTables.THRESHOLD_EXCEEDANCES + " d" + CITY_JOIN + " WHERE d.period_start > " + from;

    List<ExtremesAndAlertsReport.SeverityCount> severities = new ArrayList<>();
    for (Row r : rows("SELECT " + CITY + ", d.severity, count(*) FROM " + variations + " GROUP BY 1, 2")) {
      severities.add(new ExtremesAndAlertsReport.SeverityCount(string(r, 0), string(r, 1), r.getLong(2)));
    }
    List<ExtremesAndAlertsReport.Variation> recent = new ArrayList<>();
    for (Row r : rows("SELECT " + CITY + ", d.hour_utc, d.variable, d.kind, d.unit, d.value, d.baseline_median,"
        + " d.robust_z, d.severity FROM " + variations + " AND d.severity IN ('severe', 'extreme')"
        + " ORDER BY d.hour_utc DESC, 1, 3 LIMIT " + ExtremesAndAlertsReport.RECENT)) {
      recent.add(new ExtremesAndAlertsReport.Variation(string(r, 0), (Instant) r.get(1), string(r, 2), string(r, 3),
          string(r, 4), dbl(r, 5), dbl(r, 6), dbl(r, 7), string(r, 8)));
    }
    List<ExtremesAndAlertsReport.KindDays> kinds = new ArrayList<>();
    for (Row r : rows("SELECT " + CITY + ", d.kind, count(DISTINCT d.local_date) FROM " + exceedances
        + " GROUP BY 1, 2")) {
      kinds.add(new ExtremesAndAlertsReport.KindDays(string(r, 0), string(r, 1), r.getLong(2)));
    }
    List<ExtremesAndAlertsReport.ExceedanceDays> thresholds = new ArrayList<>();
    for (Row r : rows("SELECT " + CITY + ", d.pollutant, d.threshold_id, d.standard, d.kind,"
        + " count(DISTINCT d.local_date), max(d.ratio) FROM " + exceedances + " GROUP BY 1, 2, 3, 4, 5")) {
      thresholds.add(new ExtremesAndAlertsReport.ExceedanceDays(string(r, 0), string(r, 1), string(r, 2),
          string(r, 3), string(r, 4), r.getLong(5), dbl(r, 6)));
    }
    return new ExtremesAndAlertsReport.Input(now, newest, severities, recent, kinds, thresholds, open, agencies);
  }

  private CorrelationsReport.Input correlations(Instant now, List<Agency> agencies) {
    String lagZero = " AND d.lag_hours = 0";
    Row span = spark.sql("SELECT min(period_start), max(period_end) FROM " + GoldTables.CORRELATIONS
        + " WHERE period_type = 'all'").first();
    // A month is complete when some city's data runs from its first hour to its last day's last hour (UTC).
    Row month = spark.sql("SELECT max(period) FROM " + GoldTables.CORRELATIONS + " WHERE period_type = 'month'"
        + " AND dayofmonth(period_start) = 1 AND hour(period_start) = 0"
        + " AND period_end >= CAST(last_day(period_start) AS TIMESTAMP) + INTERVAL 23 HOURS").first();
    String lastMonth = month.isNullAt(0) ? null : month.getString(0);
    return new CorrelationsReport.Input(now, (Instant) span.get(0), (Instant) span.get(1),
        coefficients("d.period_type = 'all'" + lagZero), lastMonth,
        lastMonth == null ? List.of() : coefficients("d.period_type = 'month' AND d.period = '" + lastMonth + "'"
            + lagZero),
        coefficients("d.period_type = 'all' AND d.variable_x = '" + CorrelationsReport.LAG_X + "' AND d.variable_y = '"
            + CorrelationsReport.LAG_Y + "'"),
        agencies);
  }

  private List<CorrelationsReport.Coefficient> coefficients(String where) {
    List<CorrelationsReport.Coefficient> coefficients = new ArrayList<>();
    for (Row r : rows("SELECT " + CITY + ", d.variable_x, d.variable_y, d.lag_hours, d.n, d.pearson FROM "
        + GoldTables.CORRELATIONS + " d" + CITY_JOIN + " WHERE " + where)) {
      coefficients.add(new CorrelationsReport.Coefficient(string(r, 0), string(r, 1), string(r, 2), r.getInt(3),
          r.isNullAt(4) ? 0 : r.getLong(4), dbl(r, 5)));
    }
    return coefficients;
  }

  /** The originating agencies the AQICN stations name, to credit beside WAQI. */
  private List<Agency> agencies() {
    List<Agency> agencies = new ArrayList<>();
    for (Row r : rows("SELECT DISTINCT a.name, a.url FROM (SELECT explode(attributions) AS a FROM "
        + SilverTables.DIM_STATION + ") WHERE a.name IS NOT NULL ORDER BY 1, 2")) {
      agencies.add(new Agency(string(r, 0), string(r, 1)));
    }
    return agencies;
  }

  private List<Row> rows(String sql) {
    return spark.sql(sql).collectAsList();
  }

  private String string(Row row, int i) {
    return row.isNullAt(i) ? null : redactor.redact(row.getString(i));
  }

  private static Double dbl(Row row, int i) {
    return row.isNullAt(i) ? null : row.getDouble(i);
  }

  private static String quoted(List<String> values) {
    return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
  }

  private void writeToLake(String relative, String html) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(lake.reportsRoot() + "/" + relative);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (FSDataOutputStream out = fs.create(path, true)) {
        out.write(html.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + path, e);
    }
  }

  /** Written beside and renamed into place, so a browser never opens half a page. */
  private void writeLocally(String name, String html) {
    try {
      Files.createDirectories(localFolder);
      // Not a temporary file: those are private to their owner, and the reports are for others to read.
      Path partial = localFolder.resolve(name + ".partial");
      Files.writeString(partial, html, StandardCharsets.UTF_8);
      Files.move(partial, localFolder.resolve(name), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + localFolder.resolve(name), e);
    }
  }
}
