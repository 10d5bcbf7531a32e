package fr.goodair.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.IngestCommand;
import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import fr.goodair.quality.QualityGate;
import fr.goodair.quality.RuleRegistry;
import fr.goodair.silver.BronzeArchiveFormat;
import fr.goodair.silver.BronzeArchiveIndex;
import fr.goodair.silver.BronzeFixtures;
import fr.goodair.silver.SilverPromotionJob;
import fr.goodair.silver.SilverTables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Bronze retention on the real embedded S3 store: which days are archived or deleted at a fixed {@code now}, the
 * archive's checks, crashes and faults at each step, and silver rebuilt from the archive.
 */
class BronzeArchiverTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Written by the promotion run itself (when, which batch), not taken from bronze: they differ between runs. */
  private static final List<String> RUN_TIME_COLUMNS = List.of("quarantined_at", "promoted_at", "batch_id");
  private static final Instant NOW = Instant.parse("2026-04-30T12:00:00Z");

  private final SparkSession spark = TestLake.spark();

  @Test
  void plansExactlyTheExpiredDaysAndReplacesThemByAVerifiedArchive() throws Exception {
    LakeLayout lake = TestLake.newLake();
    // 30 hot days before NOW end at 2026-03-31T12:00: the 30th of March is entirely older, the 31st is not.
    Map<String, byte[]> expired = new TreeMap<>();
    expired.putAll(put(lake, "aqicn", "2026-03-01T05:00:00Z", 3));
    expired.putAll(put(lake, "aqicn", "2026-03-01T06:00:00Z", 2));
    expired.putAll(put(lake, "owm_weather", "2026-03-01T05:00:00Z", 3));
    expired.putAll(put(lake, "aqicn", "2026-03-30T23:00:00Z", 1));
    Map<String, byte[]> kept = put(lake, "aqicn", "2026-03-31T00:00:00Z", 2);
    BronzeArchiver archiver = new BronzeArchiver(spark, lake, 30, 3);

    List<RetentionAction> plan = archiver.plan(NOW);
    assertThat(plan).extracting(RetentionAction::target).containsExactlyInAnyOrder(
        "bronze/source=aqicn/ingest_date=2026-03-01/", "bronze/source=owm_weather/ingest_date=2026-03-01/",
        "bronze/source=aqicn/ingest_date=2026-03-30/");
    assertThat(plan).allMatch(a -> a.zone().equals("bronze") && a.action().equals("archive")
        && a.before().equals(Instant.parse("2026-03-31T12:00:00Z")));
    assertThat(plan).filteredOn(a -> a.target().contains("aqicn/ingest_date=2026-03-01"))
        .singleElement().extracting(RetentionAction::detail).asString().startsWith("5 object(s), ");
    assertThat(stored(lake, "")).as("the plan changes nothing").containsAll(expired.keySet());

    archiver.apply(plan);

    List<String> after = stored(lake, "");
    assertThat(after).doesNotContainAnyElementsOf(expired.keySet()).containsAll(kept.keySet());
    assertThat(stored(lake, BronzeLayout.ARCHIVE_ROOT)).hasSize(6); // index + archive for each of the 3 days
    // The archive of aqicn's 1st of March, checked independently of the archiver's own code.
    BronzeArchiveIndex index = BronzeArchiveIndex.fromJson(
        get(lake, "bronze-archive/source=aqicn/ingest_date=2026-03-01/index.json"), "test");
    byte[] archive = get(lake, index.archive());
    assertThat(index.archive()).matches("bronze-archive/source=aqicn/ingest_date=2026-03-01/archive-[0-9a-f]{16}"
        + "\\.jsonl\\.gz");
    assertThat(index.archiveSha256()).isEqualTo(sha256(archive)).startsWith(index.archive()
        .substring(index.archive().lastIndexOf("archive-") + 8, index.archive().length() - ".jsonl.gz".length()));
    assertThat(index.lines()).isEqualTo(8); // 1 + 2 + 2 envelopes at 05:00, 1 + 2 at 06:00
    List<String> lines = new String(new GZIPInputStream(new ByteArrayInputStream(archive)).readAllBytes(),
        StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(8).allSatisfy(line -> assertThat(JSON.readTree(line).path("run_id").asText())
        .isNotEmpty());
    Map<String, byte[]> unpacked = BronzeArchiveFormat.unpack(archive, index);
    assertThat(unpacked.keySet()).containsExactlyElementsOf(expired.keySet().stream()
        .filter(k -> k.contains("aqicn/ingest_date=2026-03-01")).toList());
    unpacked.forEach((key, bytes) -> assertThat(bytes).as(key).isEqualTo(expired.get(key)));

    assertThat(archiver.plan(NOW)).as("nothing left to archive").isEmpty();
    archiver.apply(plan); // carried out again (a re-run of the same plan): nothing changes
    assertThat(stored(lake, "")).containsExactlyInAnyOrderElementsOf(after);
  }

  @Test
  void anArchiveThatDoesNotReadBackAsWrittenKeepsTheOriginals() throws Exception {
    LakeLayout lake = TestLake.newLake();
    Map<String, byte[]> originals = put(lake, "owm_air", "2026-03-02T10:00:00Z", 4);
    // A store that loses the end of the archive object (a partial upload reported as complete).
    BronzeArchiver truncating = new BronzeArchiver(spark, lake, 30, 3) {
      @Override
      void write(Path path, byte[] bytes) throws IOException {
        super.write(path, path.getName().endsWith(".jsonl.gz") ? java.util.Arrays.copyOf(bytes, bytes.length / 2)
            : bytes);
      }
    };
    List<RetentionAction> plan = truncating.plan(NOW);
    assertThat(plan).hasSize(1);

    assertThatThrownBy(() -> truncating.apply(plan)).isInstanceOf(IOException.class)
        .hasMessageContaining("does not read back as written").hasMessageContaining("hot objects are kept");
    assertThat(stored(lake, "bronze/")).containsExactlyInAnyOrderElementsOf(originals.keySet());
    assertThat(stored(lake, BronzeLayout.ARCHIVE_ROOT)).as("no index names the bad archive")
        .noneMatch(k -> k.endsWith("index.json"));

    BronzeArchiver archiver = new BronzeArchiver(spark, lake, 30, 3);
    archiver.apply(archiver.plan(NOW));
    assertThat(stored(lake, "bronze/")).isEmpty();
    assertThat(stored(lake, BronzeLayout.ARCHIVE_ROOT)).hasSize(2);
    assertThat(unpack(lake, "owm_air", "2026-03-02")).containsOnlyKeys(originals.keySet());

    // Later the stored archive is damaged, and a late object of that day arrives: the archive cannot be rebuilt
    // (its originals are gone), so nothing is deleted, the late object stays hot.
    BronzeArchiveIndex index = BronzeArchiveIndex.fromJson(
        get(lake, BronzeLayout.archiveIndexKey("owm_air", LocalDate.parse("2026-03-02"))), "test");
    byte[] damaged = get(lake, index.archive());
    damaged[damaged.length / 2] ^= 0x55;
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      store.put(index.archive(), damaged, Map.of());
    }
    Map<String, byte[]> late = put(lake, "owm_air", "2026-03-02T11:00:00Z", 1);
    assertThatThrownBy(() -> archiver.apply(archiver.plan(NOW))).isInstanceOf(IOException.class)
        .hasMessageContaining("is damaged").hasMessageContaining("nothing was deleted");
    assertThat(stored(lake, "bronze/")).containsExactlyInAnyOrderElementsOf(late.keySet());
  }

  @Test
  void aCrashAtAnyStepThenAReRunConverges() throws Exception {
    LakeLayout lake = TestLake.newLake();
    Map<String, byte[]> originals = put(lake, "aqicn", "2026-03-03T08:00:00Z", 3);
    originals.putAll(put(lake, "aqicn", "2026-03-03T09:00:00Z", 3));

    // Killed after the archive object, before its index.
    assertThatThrownBy(() -> crashing(lake, "index.json", false).apply(archiverPlan(lake)))
        .hasMessageContaining("simulated crash");
    assertThat(stored(lake, BronzeLayout.ARCHIVE_ROOT)).singleElement().asString().endsWith(".jsonl.gz");
    // Killed after the index, before the hot objects were deleted: both are there for a while.
    assertThatThrownBy(() -> crashing(lake, ".jsonl", true).apply(archiverPlan(lake)))
        .hasMessageContaining("simulated crash");
    assertThat(stored(lake, "bronze/")).containsExactlyInAnyOrderElementsOf(originals.keySet());
    assertThat(stored(lake, BronzeLayout.ARCHIVE_ROOT)).hasSize(2);

    List<RetentionAction> again = archiverPlan(lake);
    assertThat(again).extracting(RetentionAction::target)
        .containsExactly("bronze/source=aqicn/ingest_date=2026-03-03/");
    new BronzeArchiver(spark, lake, 30, 3).apply(again);
    assertThat(stored(lake, "bronze/")).isEmpty();
    assertThat(stored(lake, BronzeLayout.ARCHIVE_ROOT)).hasSize(2);
    assertThat(unpack(lake, "aqicn", "2026-03-03")).containsOnlyKeys(originals.keySet());

    // A late object of an archived day (a spool flushed after a long outage): the archive is rewritten with it,
    // the archive it replaces is removed.
    String previous = index(lake, "aqicn", "2026-03-03").archive();
    Map<String, byte[]> late = put(lake, "aqicn", "2026-03-03T10:00:00Z", 2);
    new BronzeArchiver(spark, lake, 30, 3).apply(archiverPlan(lake));
    Map<String, byte[]> all = new TreeMap<>(originals);
    all.putAll(late);
    Map<String, byte[]> unpacked = unpack(lake, "aqicn", "2026-03-03");
    assertThat(unpacked).containsOnlyKeys(all.keySet());
    all.forEach((key, bytes) -> assertThat(unpacked.get(key)).as(key).isEqualTo(bytes));
    assertThat(stored(lake, BronzeLayout.ARCHIVE_ROOT)).hasSize(2).doesNotContain(previous);
    assertThat(stored(lake, "bronze/")).isEmpty();
  }

  @Test
  void archivesAndHotDaysOlderThanTheArchiveRetentionAreDeleted() throws Exception {
    LakeLayout lake = TestLake.newLake();
    put(lake, "owm_weather", "2023-04-29T23:00:00Z", 1);
    put(lake, "owm_weather", "2023-04-30T00:00:00Z", 1);
    BronzeArchiver archiver = new BronzeArchiver(spark, lake, 30, 3);
    archiver.apply(archiver.plan(Instant.parse("2023-06-30T00:00:00Z")));
    assertThat(stored(lake, BronzeLayout.ARCHIVE_ROOT)).hasSize(4);
    Map<String, byte[]> neverArchived = put(lake, "aqicn", "2023-04-01T12:00:00Z", 2);

    // Three years after NOW's date: the 29th of April 2023 is entirely older, the 30th is not.
    List<RetentionAction> plan = archiver.plan(NOW);
    assertThat(plan).allMatch(a -> a.action().equals("delete objects")
        && a.before().equals(Instant.parse("2023-04-30T12:00:00Z")));
    assertThat(plan).extracting(RetentionAction::target).containsExactlyInAnyOrder(
        "bronze-archive/source=owm_weather/ingest_date=2023-04-29/", "bronze/source=aqicn/ingest_date=2023-04-01/");
    assertThat(stored(lake, "")).as("the plan changes nothing").containsAll(neverArchived.keySet());

    archiver.apply(plan);
    assertThat(stored(lake, "")).allMatch(k -> k.startsWith("bronze-archive/source=owm_weather/ingest_date=2023-04-30/"))
        .hasSize(2);
    assertThat(archiver.plan(NOW)).isEmpty();
  }

  /**
   * Silver promoted from hot bronze; then days archived; an incremental run (and a full scan) adds nothing; a rebuild
   * from archive + remaining hot objects in an empty silver gives the same tables, every column but the run times.
   */
  @Test
  void aSilverRebuildFromTheArchiveGivesTheSameTables() throws Exception {
    LakeLayout lake = TestLake.newLake();
    java.nio.file.Path home = Files.createTempDirectory("goodair-archive-home");
    Map<String, String> env = new HashMap<>(TestLake.environmentFor(lake));
    env.put("GOODAIR_HOME", home.toString());
    // 12 simulated hours over two days, a failure episode, and a damaged object for the quarantine.
    IngestCommand.backfill(GoodairConfig.load(null, env), Instant.parse("2026-03-28T18:00:00Z"),
        Instant.parse("2026-03-29T06:00:00Z"), 11, List.of("owm_air:lyon:http_503:from=2026-03-28T20:to=2026-03-28T22"),
        new PrintStream(OutputStream.nullOutputStream()));
    BronzeFixtures.put(lake, "owm_weather", Instant.parse("2026-03-28T21:00:00Z"), "20260328T2100Z-damaged1",
        List.of("{\"envelope_version\": 1, \"source\": \"owm_weather\""));
    List<String> hotBefore = stored(lake, "bronze/");
    assertThat(silver(lake, false).run()).singleElement().satisfies(r -> assertThat(r.heldBack()).isFalse());
    Map<String, List<Row>> before = snapshot(lake);

    BronzeArchiver archiver = new BronzeArchiver(spark, lake, 30, 3);
    List<RetentionAction> plan = archiver.plan(Instant.parse("2026-04-28T03:00:00Z"));
    assertThat(plan).extracting(RetentionAction::target).containsExactlyInAnyOrder(
        "bronze/source=aqicn/ingest_date=2026-03-28/", "bronze/source=owm_weather/ingest_date=2026-03-28/",
        "bronze/source=owm_air/ingest_date=2026-03-28/");
    archiver.apply(plan);
    List<String> hotAfter = stored(lake, "bronze/");
    assertThat(hotAfter).isNotEmpty().noneMatch(k -> k.contains("ingest_date=2026-03-28"));
    assertThat(hotBefore.size() - hotAfter.size()).isEqualTo(19); // 6 hours × 3 sources + the damaged object

    // Incremental runs after archiving: nothing pending, not even when every date (archives included) is listed.
    assertThat(silver(lake, false).run()).isEmpty();
    assertThat(silver(lake, true).run()).isEmpty();
    assertThat(snapshot(lake)).as("silver after incremental runs").isEqualTo(before);

    // The rebuild: an empty silver over the same bronze (archives and the remaining hot objects).
    LakeLayout rebuilt = TestLake.newLake();
    copy(lake, rebuilt, "bronze/");
    copy(lake, rebuilt, BronzeLayout.ARCHIVE_ROOT);
    assertThat(silver(rebuilt, false).run()).singleElement().satisfies(r -> assertThat(r.heldBack()).isFalse());
    Map<String, List<Row>> after = snapshot(rebuilt);
    for (String table : before.keySet()) {
      assertThat(after.get(table)).as(table).isNotEmpty().containsExactlyElementsOf(before.get(table));
    }
    // The archived day was read from the archive under its original keys (the lineage columns name them).
    assertThat(after.get(SilverTables.MANIFEST)).filteredOn(r -> r.getString(0).contains("ingest_date=2026-03-28"))
        .hasSize(19);
    assertThat(after.get(SilverTables.QUARANTINE)).anySatisfy(r -> assertThat(r.<String>getAs("bronze_object"))
        .isEqualTo("bronze/source=owm_weather/ingest_date=2026-03-28/hour=21/run-20260328T2100Z-damaged1.jsonl"));
  }

  private SilverPromotionJob silver(LakeLayout lake, boolean fullScan) {
    SilverPromotionJob.Options options = new SilverPromotionJob.Options(1000, 3, false);
    return new SilverPromotionJob(spark, lake, new QualityGate(spark, RuleRegistry.load(), lake),
        CityReference.loadDefault().cities(), fullScan ? options.withFullScan() : options, Clock.systemUTC());
  }

  /** Every silver table's rows, sorted, without the run-time columns. */
  private Map<String, List<Row>> snapshot(LakeLayout lake) {
    Map<String, List<Row>> tables = new TreeMap<>();
    for (String table : List.of(SilverTables.AIR_QUALITY, SilverTables.CONCENTRATION, SilverTables.WEATHER,
        SilverTables.FORECAST, SilverTables.DIM_STATION, SilverTables.DIM_CITY, SilverTables.DIM_PARAMETER,
        SilverTables.INGESTION_LOG, SilverTables.QUARANTINE, SilverTables.MANIFEST)) {
      Dataset<Row> rows = spark.read().format("delta").load(lake.tableLocation(table));
      for (String column : RUN_TIME_COLUMNS) {
        rows = rows.drop(column);
      }
      String[] columns = rows.columns();
      tables.put(table, rows.orderBy(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length))
          .collectAsList());
    }
    return tables;
  }

  private List<RetentionAction> archiverPlan(LakeLayout lake) throws IOException {
    return new BronzeArchiver(spark, lake, 30, 3).plan(NOW);
  }

  /** An archiver that dies (as a killed process would) when it first writes, or deletes, an object so named. */
  private BronzeArchiver crashing(LakeLayout lake, String nameEnd, boolean onDelete) {
    return new BronzeArchiver(spark, lake, 30, 3) {
      @Override
      void write(Path path, byte[] bytes) throws IOException {
        if (!onDelete && path.getName().endsWith(nameEnd)) {
          throw new IllegalStateException("simulated crash before writing " + path);
        }
        super.write(path, bytes);
      }

      @Override
      void delete(Path path) throws IOException {
        if (onDelete && path.getName().endsWith(nameEnd)) {
          throw new IllegalStateException("simulated crash before deleting " + path);
        }
        super.delete(path);
      }
    };
  }

  /** {@code objects} bronze objects of (source, hour), each of a few envelopes; key → bytes as stored. */
  private static Map<String, byte[]> put(LakeLayout lake, String source, String hour, int objects) {
    Map<String, byte[]> put = new TreeMap<>();
    Instant at = Instant.parse(hour);
    for (int i = 0; i < objects; i++) {
      List<String> lines = List.of(
          BronzeFixtures.ok(source, "paris", at.plusSeconds(i), "{\"n\": " + i + "}", Map.of()),
          BronzeFixtures.ok(source, "lyon", at.plusSeconds(i), "{\"n\": " + i + "}", Map.of()));
      // The first object has a single envelope, so that line counts differ between objects.
      String key = BronzeFixtures.put(lake, source, at, String.format("%s-r%d", BronzeFixtures.runId(at), i),
          i == 0 ? lines.subList(0, 1) : lines);
      put.put(key, get(lake, key));
    }
    return put;
  }

  private static Map<String, byte[]> unpack(LakeLayout lake, String source, String date) throws IOException {
    BronzeArchiveIndex index = index(lake, source, date);
    return BronzeArchiveFormat.unpack(get(lake, index.archive()), index);
  }

  private static BronzeArchiveIndex index(LakeLayout lake, String source, String date) throws IOException {
    return BronzeArchiveIndex.fromJson(get(lake, BronzeLayout.archiveIndexKey(source, LocalDate.parse(date))),
        "test");
  }

  private static List<String> stored(LakeLayout lake, String prefix) {
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      return store.list(prefix);
    }
  }

  private static byte[] get(LakeLayout lake, String key) {
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      return store.get(key);
    }
  }

  private static void copy(LakeLayout from, LakeLayout to, String prefix) {
    try (S3ObjectStore source = TestLake.objectStore(TestLake.bucketOf(from));
        S3ObjectStore target = TestLake.objectStore(TestLake.bucketOf(to))) {
      for (String key : source.list(prefix)) {
        target.put(key, source.get(key), Map.of());
      }
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
