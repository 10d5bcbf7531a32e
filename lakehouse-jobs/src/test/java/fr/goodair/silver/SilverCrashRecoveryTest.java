package fr.goodair.silver;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.IngestCommand;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import fr.goodair.quality.QualityGate;
import fr.goodair.quality.RuleRegistry;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once under {@code kill -9}: the promotion runs as its own JVM (as spark-submit would run it), is killed
 * with SIGKILL several times at different moments, then re-run to the end; its tables must equal those of an
 * uninterrupted run over the same bronze objects.
 */
class SilverCrashRecoveryTest {

  private static final List<String> RUN_TIME_COLUMNS = List.of("quarantined_at", "promoted_at", "batch_id");

  private final SparkSession spark = TestLake.spark();

  @Test
  void killedRunsReRunToTheTablesOfAnUninterruptedRun() throws Exception {
    LakeLayout reference = TestLake.newLake();
    LakeLayout crashed = TestLake.newLake();
    // 12 simulated hours, 12 cities, 3 sources (432 envelopes, 36 objects), with a failure episode.
    Path home = Files.createTempDirectory("goodair-crash-home");
    GoodairConfig config = GoodairConfig.load(null, withHome(TestLake.environmentFor(reference), home));
    IngestCommand.backfill(config, Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T12:00:00Z"),
        7, List.of("owm_air:lyon:http_503:from=2026-03-29T03:to=2026-03-29T05"),
        new PrintStream(OutputStream.nullOutputStream()));
    // And a damaged object (a line that is not an envelope), so that the quarantine has something to compare.
    BronzeFixtures.put(reference, "owm_weather", Instant.parse("2026-03-29T06:00:00Z"), "20260329T0600Z-damaged1",
        List.of("{\"envelope_version\": 1, \"source\": \"owm_weather\""));
    int objects = copyBronze(reference, crashed);
    assertThat(objects).isEqualTo(37);

    new SilverPromotionJob(spark, reference, new QualityGate(spark, RuleRegistry.load(), reference),
        CityReference.loadDefault().cities(), new SilverPromotionJob.Options(12, 3, false), Clock.systemUTC()).run();

    Map<String, String> env = withHome(TestLake.environmentFor(crashed), home);
    env.put("GOODAIR_SILVER_MAX_OBJECTS_PER_BATCH", "12"); // 4 batches
    // Three deaths at the worst moments: after a batch merged facts but before its manifest; right after a
    // manifest commit; in the middle of the next batch's writes.
    List<Long> progressAfterKills = new ArrayList<>();
    killWhen(env, () -> commits(crashed, SilverTables.AIR_QUALITY) >= 2);
    progressAfterKills.add(manifestSize(crashed));
    killWhen(env, () -> commits(crashed, SilverTables.MANIFEST) >= 2);
    progressAfterKills.add(manifestSize(crashed));
    long logCommits = commits(crashed, SilverTables.INGESTION_LOG);
    killWhen(env, () -> commits(crashed, SilverTables.INGESTION_LOG) > logCommits);
    progressAfterKills.add(manifestSize(crashed));
    Process last = startJob(env);
    assertThat(last.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(last.exitValue()).isZero();

    // The kills landed mid-run: none of them after the last batch.
    assertThat(progressAfterKills).allMatch(n -> n < objects);
    assertThat(progressAfterKills.get(1)).isPositive();
    for (String table : List.of(SilverTables.AIR_QUALITY, SilverTables.CONCENTRATION, SilverTables.WEATHER,
        SilverTables.FORECAST, SilverTables.DIM_STATION, SilverTables.DIM_CITY, SilverTables.DIM_PARAMETER,
        SilverTables.INGESTION_LOG, SilverTables.QUARANTINE, SilverTables.MANIFEST)) {
      Dataset<Row> expected = contents(reference, table);
      Dataset<Row> actual = contents(crashed, table);
      assertThat(actual.count()).as(table).isEqualTo(expected.count()).isPositive();
      assertThat(actual.exceptAll(expected).count()).as(table + " rows only in the crashed lake").isZero();
      assertThat(expected.exceptAll(actual).count()).as(table + " rows missing from the crashed lake").isZero();
    }
  }

  /** Starts the job and SIGKILLs it as soon as {@code moment} holds (no shutdown hook, no finally block runs). */
  private void killWhen(Map<String, String> env, java.util.function.BooleanSupplier moment) throws Exception {
    Process job = startJob(env);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!moment.getAsBoolean()) {
      assertThat(job.isAlive()).as("the job ended before the moment to kill it").isTrue();
      assertThat(System.nanoTime()).as("the moment to kill never came").isLessThan(deadline);
      Thread.sleep(100);
    }
    job.destroyForcibly();
    job.waitFor();
  }

  /** Delta commits of a table so far (its {@code _delta_log/*.json} objects), read through the S3 API. */
  private static long commits(LakeLayout lake, String table) {
    String prefix = table.replace('.', '/') + "/_delta_log/";
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      return store.list(prefix).stream().filter(k -> k.matches(".*/\\d{20}\\.json")).count();
    }
  }

  private Process startJob(Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(Arrays.asList(System.getProperty("goodair.spark.add-opens").split(" ")));
    command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), SilverPromotionJob.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(TestLake.home().resolve("crash-job.log").toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("GOODAIR_"));
    builder.environment().putAll(env);
    builder.environment().put("GOODAIR_SPARK_MASTER", "local[2]");
    builder.environment().put("GOODAIR_SPARK_SHUFFLE_PARTITIONS", "2");
    return builder.start();
  }

  private static Map<String, String> withHome(Map<String, String> env, Path home) {
    Map<String, String> all = new HashMap<>(env);
    all.put("GOODAIR_HOME", home.toString());
    return all;
  }

  private long manifestSize(LakeLayout lake) {
    String path = lake.tableLocation(SilverTables.MANIFEST);
    try {
      return spark.read().format("delta").load(path).count();
    } catch (Exception notCreatedYet) {
      return 0;
    }
  }

  private Dataset<Row> contents(LakeLayout lake, String table) {
    Dataset<Row> rows = spark.read().format("delta").load(lake.tableLocation(table));
    for (String column : RUN_TIME_COLUMNS) {
      rows = rows.drop(column);
    }
    // Fetch-time lineage is equal too: both lakes hold the very same bronze objects.
    return rows;
  }

  private static int copyBronze(LakeLayout from, LakeLayout to) {
    try (S3ObjectStore source = TestLake.objectStore(TestLake.bucketOf(from));
        S3ObjectStore target = TestLake.objectStore(TestLake.bucketOf(to))) {
      List<String> keys = source.list("bronze/");
      for (String key : keys) {
        target.put(key, source.get(key), Map.of());
      }
      return keys.size();
    }
  }
}
