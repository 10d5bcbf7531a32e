package fr.goodair.retention;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.cli.SimulatedHistory;
import fr.goodair.gold.GoldPromotionJob;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import fr.goodair.lake.TestLake;
import fr.goodair.quality.QualityGate;
import fr.goodair.quality.RuleRegistry;
import fr.goodair.retention.RetentionPolicy.TableRule;
import fr.goodair.silver.SilverPromotionJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The retention policy on a small lake of its own, with a fake clock: 30 simulated hours of two cities from
 * 2016-03-01, promoted by the real silver and gold jobs, then looked at from {@link #NOW}, ten years and twelve
 * hours later, so that the observation tables' 10-year cutoff falls in the middle of the data. Every other
 * expiring table gets two rows of its own at its cutoff: one a second before it, one on it. Then the dry run,
 * the real run, the plan after it, time travel, and one more hour through both jobs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionJobTest {

  static final Instant FROM = Instant.parse("2016-03-01T00:00:00Z");
  static final Instant TO = FROM.plus(30, ChronoUnit.HOURS);
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final List<String> CITIES = List.of("paris", "lyon");
  /** The rows of our own: a city no job knows, so that gold never reads them. */
  static final String MARK = "retention-test";

  static SparkSession spark;
  static LakeLayout lake;
  static List<City> cities;
  static RetentionPolicy policy;
  static RetentionJob job;
  static Path localReports;
  static Path audit;
  static Path bucketFolder;
  static RetentionJob.Plan planned;
  static Map<String, Long> keptBefore = new TreeMap<>();
  static Map<String, Long> expiredBefore = new TreeMap<>();
  static Map<String, Long> foreverBefore = new TreeMap<>();
  static long weatherVersionBefore;
  static long weatherRowsBefore;

  @BeforeAll
  static void lake() throws IOException {
    spark = TestLake.spark();
    lake = TestLake.newLake();
    Lake.tables(lake).forEach(t -> t.ensure(spark));
    cities = CityReference.loadDefault().cities().stream().filter(c -> CITIES.contains(c.id())).toList();
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      SimulatedHistory.write(store, cities, FROM, TO, 42, 2);
    }
    Clock clock = Clock.fixed(TO.plus(5, ChronoUnit.MINUTES), ZoneOffset.UTC);
    new SilverPromotionJob(spark, lake, new QualityGate(spark, RuleRegistry.load(), lake), cities,
        new SilverPromotionJob.Options(100_000, 3, false), clock).run();
    new GoldPromotionJob(spark, lake, clock).run();

    policy = RetentionPolicy.bundled();
    for (TableRule rule : policy.expiringTables()) {
      Instant cutoff = rule.keep().cutoff(NOW);
      Instant outside = rule.timeIsDate() ? cutoff.minus(1, ChronoUnit.DAYS) : cutoff.minusSeconds(1);
      insert(rule.table(), rule.timeColumn(), List.of(outside, cutoff), overrides(rule.table()));
    }
    // An episode still open, opened long ago: open episodes never expire.
    insert("quality.alerts", "opened_at", List.of(FROM), Map.of("status", "'open'", "recovered_at", "NULL",
        "alert_id", "'still-open'"));

    bucketFolder = TestLake.home().resolve("s3").resolve(TestLake.bucketOf(lake));
    Instant reportsCutoff = policy.reports().cutoff(NOW);
    writeToLake(lake.reportsRoot() + "/indicators/" + stamp(reportsCutoff.minusSeconds(1)) + ".html");
    writeToLake(lake.reportsRoot() + "/indicators/" + stamp(reportsCutoff) + ".html");
    writeToLake(lake.reportsRoot() + "/indicators/latest.html");
    localReports = Files.createTempDirectory("retention-reports");
    localFile(localReports.resolve("indicators.html"), reportsCutoff.minusSeconds(1));
    localFile(localReports.resolve("correlations.html"), reportsCutoff);
    audit = Files.createTempDirectory("retention-audit");
    LocalDate oldestKept = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(policy.auditDays() - 1L);
    localFile(audit.resolve("sql-audit-" + oldestKept.minusDays(1) + ".jsonl"), NOW);
    localFile(audit.resolve("sql-audit-" + oldestKept + ".jsonl"), NOW);
    localFile(audit.resolve("notes.txt"), FROM);
    // Files in a table's folder that no version references (what a crashed write leaves): VACUUM deletes the one
    // older than the retention (on the store's clock, which is the real one), not the recent one.
    localFile(bucketFolder.resolve("silver/weather_observation/part-00000-orphan-old.snappy.parquet"),
        Instant.now().minus(policy.delta().deletedFileRetentionDays() + 1, ChronoUnit.DAYS));
    localFile(bucketFolder.resolve("silver/weather_observation/part-00000-orphan-new.snappy.parquet"), Instant.now());

    // The production steps, but VACUUM (a listing of the table's folder per table) on the one table with orphans,
    // seen from a clock a month ahead so that its new table is old enough to be vacuumed.
    List<RetentionStep> steps = new ArrayList<>(RetentionJob.steps(spark, lake, policy, localReports, audit));
    steps.replaceAll(step -> step instanceof DeltaVacuum ? new DeltaVacuum(spark, Lake.tables(lake).stream()
        .filter(t -> t.name().equals("silver.weather_observation")).toList(), policy,
        Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(30))) : step);
    job = new RetentionJob(spark, lake, steps);
  }

  @Test
  @Order(1)
  void theDryRunListsWhatWouldGoAndChangesNothing() throws IOException {
    Map<String, Long> versions = versions();
    List<String> objects = objects();
    List<String> local = localFiles();

    planned = job.plan(NOW);

    assertThat(versions()).isEqualTo(versions);
    assertThat(objects()).isEqualTo(objects);
    assertThat(localFiles()).isEqualTo(local);
    List<RetentionAction> actions = planned.actions();
    for (TableRule rule : policy.expiringTables()) {
      assertThat(actions).as(rule.table()).anySatisfy(a -> {
        assertThat(a.action()).isEqualTo(RowRetention.ACTION);
        assertThat(a.target()).isEqualTo(rule.table());
        assertThat(a.before()).isEqualTo(rule.keep().cutoff(NOW));
        assertThat(a.detail()).startsWith(expired(rule) + " rows");
      });
    }
    // Every table gets the policy's properties; the one table with an old orphan file is vacuumed.
    assertThat(actions.stream().filter(a -> a.action().equals(DeltaProperties.ACTION)))
        .hasSize(Lake.tables(lake).size());
    assertThat(actions.stream().filter(a -> a.action().equals(DeltaVacuum.ACTION)).toList())
        .singleElement().satisfies(a -> {
          assertThat(a.target()).isEqualTo("silver.weather_observation");
          assertThat(a.detail()).startsWith("1 files");
        });
    assertThat(actions.stream().filter(a -> a.zone().equals("reports")).map(RetentionAction::detail))
        .containsExactlyInAnyOrder("1 report objects older than 90 days", "1 local report files older than 90 days");
    assertThat(actions.stream().filter(a -> a.zone().equals("audit")).toList()).singleElement()
        .satisfies(a -> assertThat(a.detail()).startsWith("1 day files older than 183 days"));

    for (TableRule rule : policy.expiringTables()) {
      expiredBefore.put(rule.table(), expired(rule));
      keptBefore.put(rule.table(), kept(rule));
    }
    policy.tables().values().stream().filter(r -> !r.expires())
        .forEach(r -> foreverBefore.put(r.table(), spark.table(r.table()).count()));
    weatherVersionBefore = versions.get("silver.weather_observation");
    weatherRowsBefore = spark.table("silver.weather_observation").count();
    // The data straddles the observation tables' cutoff: some of it goes, some stays.
    assertThat(expiredBefore.get("silver.weather_observation")).isPositive();
    assertThat(keptBefore.get("silver.weather_observation")).isGreaterThan(1);
  }

  @Test
  @Order(2)
  void theRealRunRemovesExactlyThePlanAndNothingStillNeeded() throws IOException {
    assertThat(job.dueOn(NOW)).isTrue();
    job.apply(planned);

    for (TableRule rule : policy.expiringTables()) {
      Instant cutoff = rule.keep().cutoff(NOW);
      assertThat(expired(rule)).as(rule.table() + " older than " + cutoff).isZero();
      assertThat(kept(rule)).as(rule.table() + " from " + cutoff).isEqualTo(keptBefore.get(rule.table()));
      assertThat(spark.sql("SELECT count(*) FROM " + rule.table() + " WHERE " + rule.timeColumn() + " = "
          + literal(rule.timeIsDate() ? DataTypes.DateType : DataTypes.TimestampType, cutoff)).first().getLong(0))
          .as(rule.table() + ": the row on the cutoff").isPositive();
    }
    policy.tables().values().stream().filter(r -> !r.expires()).forEach(r -> assertThat(spark.table(r.table())
        .count()).as(r.table()).isEqualTo(foreverBefore.get(r.table())));
    // The gold job's newest run is older than the 90 days of the refresh log, and kept.
    assertThat(spark.sql("SELECT count(*) FROM gold.refresh_log WHERE run_number = 1").first().getLong(0))
        .isEqualTo(3);
    assertThat(spark.sql("SELECT count(*) FROM quality.alerts WHERE alert_id = 'still-open'").first().getLong(0))
        .isEqualTo(1);

    for (LakeTable table : Lake.tables(lake)) {
      Row detail = spark.sql("DESCRIBE DETAIL " + table.name()).select("properties").first();
      assertThat(detail.<String, String>getJavaMap(0)).as(table.name())
          .containsAllEntriesOf(policy.delta().properties());
    }
    assertThat(bucketFolder.resolve("silver/weather_observation/part-00000-orphan-old.snappy.parquet")).doesNotExist();
    assertThat(bucketFolder.resolve("silver/weather_observation/part-00000-orphan-new.snappy.parquet")).exists();

    Instant reportsCutoff = policy.reports().cutoff(NOW);
    assertThat(objects().stream().filter(o -> o.contains("/reports/")).map(o -> o.substring(o.lastIndexOf('/') + 1, o.indexOf(' '))))
        .containsExactlyInAnyOrder(stamp(reportsCutoff) + ".html", "latest.html");
    assertThat(localFiles(localReports)).containsExactly("correlations.html");
    LocalDate oldestKept = LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(policy.auditDays() - 1L);
    assertThat(localFiles(audit)).containsExactly("notes.txt", "sql-audit-" + oldestKept + ".jsonl");

    // Once a day: done for today, due again tomorrow.
    assertThat(job.dueOn(NOW)).isFalse();
    assertThat(job.dueOn(NOW.plus(1, ChronoUnit.DAYS))).isTrue();
    // Nothing left to do, and the deleted rows are still there for time travel within the promised window.
    assertThat(job.plan(NOW).actions()).isEmpty();
    assertThat(spark.sql("SELECT count(*) FROM silver.weather_observation VERSION AS OF " + weatherVersionBefore)
        .first().getLong(0)).isEqualTo(weatherRowsBefore);
  }

  @Test
  @Order(3)
  void anHourMoreGoesThroughSilverAndGoldAsBefore() {
    String expiredDay = "SELECT city_id, variable, hours_observed, mean FROM gold.city_daily"
        + " WHERE local_date = DATE '2016-03-01' ORDER BY 1, 2";
    List<Row> dayBefore = spark.sql(expiredDay).collectAsList();
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      SimulatedHistory.write(store, cities, TO, TO.plus(1, ChronoUnit.HOURS), 42, 1);
    }
    Clock clock = Clock.fixed(TO.plus(65, ChronoUnit.MINUTES), ZoneOffset.UTC);
    List<SilverPromotionJob.BatchReport> silver = new SilverPromotionJob(spark, lake,
        new QualityGate(spark, RuleRegistry.load(), lake), cities, new SilverPromotionJob.Options(100_000, 3, false),
        clock).run();
    GoldPromotionJob.Report gold = new GoldPromotionJob(spark, lake, clock).run();

    assertThat(silver).singleElement().satisfies(r -> {
      assertThat(r.heldBack()).isFalse();
      assertThat(r.objects()).isEqualTo(3);
      assertThat(r.rows().get("silver.weather_observation")).isEqualTo(CITIES.size());
    });
    // Incremental (the refresh log's newest entry survived), on the new hour's day only.
    assertThat(gold.rebuild()).isFalse();
    assertThat(gold.cities()).isEqualTo(CITIES.size());
    assertThat(spark.sql("SELECT count(*) FROM gold.city_hourly WHERE hour_utc = TIMESTAMP '" + TO + "'").first()
        .getLong(0)).isEqualTo(CITIES.size());
    // The silver rows the retention deleted did not make gold recompute (and shrink) the day they were in.
    assertThat(spark.sql(expiredDay).collectAsList()).isEqualTo(dayBefore).isNotEmpty();
  }

  // --- the lake's state

  private static long expired(TableRule rule) {
    return count(rule, "<") - (rule.keepNewest() == null ? 0 : newestOlder(rule));
  }

  private static long kept(TableRule rule) {
    return count(rule, ">=");
  }

  private static long count(TableRule rule, String comparison) {
    Instant cutoff = rule.keep().cutoff(NOW);
    return spark.sql("SELECT count(*) FROM " + rule.table() + " WHERE " + rule.timeColumn() + " " + comparison + " "
        + literal(rule.timeIsDate() ? DataTypes.DateType : DataTypes.TimestampType, cutoff)).first().getLong(0);
  }

  /** The newest keep-newest rows that are older than the cutoff (kept anyway). */
  private static long newestOlder(TableRule rule) {
    return spark.sql("SELECT count(*) FROM " + rule.table() + " WHERE " + rule.keepNewest() + " = (SELECT max("
        + rule.keepNewest() + ") FROM " + rule.table() + ") AND " + rule.timeColumn() + " < TIMESTAMP '"
        + rule.keep().cutoff(NOW) + "'").first().getLong(0);
  }

  private static Map<String, Long> versions() {
    Map<String, Long> versions = new TreeMap<>();
    for (LakeTable table : Lake.tables(lake)) {
      versions.put(table.name(), spark.sql("DESCRIBE HISTORY " + table.name() + " LIMIT 1").first()
          .<Long>getAs("version"));
    }
    return versions;
  }

  /** Every object of the lake with its size and time. */
  private static List<String> objects() throws IOException {
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(lake.root() + "/");
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    List<String> objects = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      objects.add(f.getPath() + " " + f.getLen() + " " + f.getModificationTime());
    }
    return objects.stream().sorted().toList();
  }

  private static List<String> localFiles() throws IOException {
    List<String> all = new ArrayList<>(localFiles(localReports));
    all.addAll(localFiles(audit));
    return all;
  }

  private static List<String> localFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  // --- building it

  /** Column values of our own rows where a placeholder would not do. */
  private static Map<String, String> overrides(String table) {
    return switch (table) {
      case "quality.alerts" -> Map.of("status", "'recovered'");
      case "quality.metrics" -> Map.of("level", "'WARNING'");
      case "gold.refresh_log" -> Map.of("run_number", "0");
      default -> Map.of();
    };
  }

  /** One row per time, {@code timeColumn} set to it, other columns a placeholder of their type. */
  private static void insert(String table, String timeColumn, List<Instant> times, Map<String, String> overrides) {
    StructField[] fields = spark.table(table).schema().fields();
    List<String> rows = new ArrayList<>();
    for (Instant time : times) {
      List<String> values = new ArrayList<>();
      for (StructField field : fields) {
        String value = overrides.containsKey(field.name()) ? overrides.get(field.name())
            : field.name().equals(timeColumn) ? literal(field.dataType(), time) : placeholder(field, time);
        values.add("CAST(" + value + " AS " + field.dataType().sql() + ")");
      }
      rows.add("(" + String.join(", ", values) + ")");
    }
    spark.sql("INSERT INTO " + table + " (" + String.join(", ", Stream.of(fields).map(f -> "`" + f.name() + "`")
        .toList()) + ") VALUES " + String.join(", ", rows));
  }

  private static String placeholder(StructField field, Instant time) {
    if (field.dataType().equals(DataTypes.TimestampType) || field.dataType().equals(DataTypes.DateType)) {
      return literal(field.dataType(), time);
    }
    if (field.dataType().equals(DataTypes.StringType)) {
      return "'" + MARK + "'";
    }
    if (field.dataType().equals(DataTypes.BooleanType)) {
      return "false";
    }
    return field.dataType() instanceof ArrayType ? "array()" : "0";
  }

  private static String literal(org.apache.spark.sql.types.DataType type, Instant time) {
    return type.equals(DataTypes.DateType) ? "DATE '" + LocalDate.ofInstant(time, ZoneOffset.UTC) + "'"
        : "TIMESTAMP '" + time + "'";
  }

  private static String stamp(Instant time) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .format(time);
  }

  private static void writeToLake(String location) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    try (FSDataOutputStream out = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(path, true)) {
      out.write("<html></html>".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void localFile(Path file, Instant modified) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "x");
    Files.setLastModifiedTime(file, FileTime.from(modified));
  }
}
