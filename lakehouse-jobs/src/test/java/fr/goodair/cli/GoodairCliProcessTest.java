package fr.goodair.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it: a separate JVM with its own environment (secrets can only be set that way), its
 * output captured, and every file it left under GOODAIR_HOME read afterwards.
 */
class GoodairCliProcessTest {

  private static final String AQICN_CANARY = "canaryAqicnTok3n-5f1d2e";
  private static final String OWM_CANARY = "canaryOwmKey-9c8b7a";

  @TempDir Path home;

  record Run(int exitCode, String output) {}

  private Run goodair(Map<String, String> env, String... args) throws Exception {
    Process process = start(env, args);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), output);
  }

  private Process start(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(System.getProperty("goodair.spark.add-opens").split(" ")));
    command.addAll(List.of(
        "-Dgoodair.s3proxy.jar=" + System.getProperty("goodair.s3proxy.jar"),
        // The production logging configuration, not the tests' console-only one (also on this classpath).
        "-Dlog4j2.configurationFile=log4j2.properties",
        "-cp", System.getProperty("java.class.path"), GoodairCli.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("GOODAIR_"));
    builder.environment().put("GOODAIR_HOME", home.toString());
    builder.environment().putAll(env);
    return builder.start();
  }

  @Test
  void canarySecretsSetInTheEnvironmentAppearNowhereInBronzeLogsOrOutput() throws Exception {
    // Faults that make the APIs talk about the request (errors, retries, timeouts) while the keys are in use.
    Run run = goodair(Map.of("GOODAIR_AQICN_TOKEN", AQICN_CANARY, "GOODAIR_OWM_API_KEY", OWM_CANARY,
            "GOODAIR_INGEST_CALL_TIMEOUT_SECONDS", "1"),
        "ingest", "--simulate", "--from", "2026-01-20T10:00:00Z", "--to", "2026-01-20T13:00:00Z",
        "--fault", "aqicn:lyon:invalid_key", "--fault", "owm_weather:paris:invalid_key",
        "--fault", "owm_air:nice:http_503", "--fault", "aqicn:lille:timeout:delay=2s:x1",
        "--fault", "owm_weather:rennes:malformed_json");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("100%").doesNotContain(AQICN_CANARY).doesNotContain(OWM_CANARY);

    List<Path> bronze = filesUnder(home.resolve("s3")).stream().filter(p -> p.toString().endsWith(".jsonl")).toList();
    assertThat(bronze).as("3 hours x 3 sources").hasSize(9);
    String oneObject = Files.readString(bronze.get(0));
    assertThat(oneObject).contains("REDACTED");

    List<Path> everything = filesUnder(home);
    assertThat(everything).anySatisfy(p -> assertThat(p.toString()).endsWith("goodair.log"));
    for (Path file : everything) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(text).as(file.toString()).doesNotContain(AQICN_CANARY).doesNotContain(OWM_CANARY);
    }
  }

  @Test
  void badInputGivesOneClearLineAndANonZeroExit() throws Exception {
    Run missingRange = goodair(Map.of(), "ingest", "--simulate");
    assertThat(missingRange.exitCode()).isNotZero();
    assertThat(missingRange.output()).contains("--simulate needs --from and --to");

    Run emptyRange = goodair(Map.of(), "ingest", "--simulate", "--from", "2026-01-20T10:00:00Z",
        "--to", "2026-01-20T10:00:00Z");
    assertThat(emptyRange.exitCode()).isEqualTo(1);
    assertThat(emptyRange.output()).contains("goodair ingest: --to 2026-01-20T10:00:00Z must be at least one hour after")
        .doesNotContain("at fr.goodair");

    Run secretInConfig = goodair(Map.of("GOODAIR_CONFIG", writeConfig("aqicn.token=abc\n").toString()),
        "ingest", "--once");
    assertThat(secretInConfig.exitCode()).isEqualTo(1);
    assertThat(secretInConfig.output()).contains("'aqicn.token' is a secret and may not sit in the configuration file");
  }

  /**
   * The issues' "done": the demo ends with silver, gold and a quality summary, then serves SQL: beeline logs in
   * with the printed demo login and reads gold, anonymous logins and the analyst's writes are refused; after
   * Ctrl-C, the CLI answers SQL on the same lake.
   */
  @Test
  void demoEndsServingSqlToBeelineThenSqlAnswersOnTheSameLake() throws Exception {
    int port = fr.goodair.lake.TestLake.freePort();
    Process serving = start(Map.of("GOODAIR_SERVE_PORT", Integer.toString(port)), "demo", "--days", "1");
    StringBuilder printed = new StringBuilder();
    java.io.BufferedReader lines = new java.io.BufferedReader(
        new java.io.InputStreamReader(serving.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null && !line.startsWith("Ctrl-C stops it.")) {
      printed.append(line).append('\n');
    }
    assertThat(line).as(printed.toString()).isNotNull();
    // Whatever the server prints from now on is drained, so that a full pipe never blocks it.
    Thread drain = new Thread(() -> {
      try {
        lines.lines().forEach(l -> { });
      } catch (java.io.UncheckedIOException closedWhenTheDemoStops) {
        // The demo's output closes when it is stopped below: nothing more to drain.
      }
    });
    drain.setDaemon(true);
    drain.start();
    java.util.regex.Matcher login = java.util.regex.Pattern.compile("demo login (\\S+) / (\\S+) ").matcher(printed);
    assertThat(login.find()).as(printed.toString()).isTrue();
    String url = "jdbc:hive2://localhost:" + port + "/gold";
    assertThat(printed).contains("JDBC URL   " + url);

    String read = beeline(url, login.group(1), login.group(2),
        "SELECT count(*) AS city_days FROM gold.city_daily WHERE variable = 'temperature_c';");
    assertThat(read).containsPattern("city_days[\\s\\S]*\\b[1-9][0-9]+\\b");
    String write = beeline(url, login.group(1), login.group(2), "DELETE FROM gold.city_daily;");
    assertThat(write).contains("analyst account, which reads only");
    assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url).close())
        .isInstanceOf(java.sql.SQLException.class);

    serving.destroy();
    assertThat(serving.waitFor(2, TimeUnit.MINUTES)).isTrue();
    Run demo = new Run(0, printed.toString());
    assertThat(demo.output()).contains("silver batch silver-").contains("Data quality")
        .contains("reports: indicators, extremes-and-alerts, correlations in s3a://")
        .containsPattern("silver\\.weather_observation +\\| +(2[0-9]{2}|3[0-9]{2})\\b") // 24 h x 12 cities (+ the next hour)
        .containsPattern("silver\\.ingestion_log +\\| +[0-9]{3}\\b");

    assertThat(home.resolve("reports").resolve("indicators.html")).content().contains("Paris", "PM2.5 daily mean");
    Run report = goodair(Map.of(), "report");
    assertThat(report.exitCode()).as(report.output()).isZero();
    assertThat(report.output()).contains("reports: indicators, extremes-and-alerts, correlations in s3a://");

    Run sql = goodair(Map.of(), "sql", "select count(*) as quarantined from silver.quarantine");
    assertThat(sql.exitCode()).as(sql.output()).isZero();
    assertThat(sql.output()).contains("quarantined").contains("1 row");

    Run grenoble = goodair(Map.of(), "sql", "select count(*) from silver.ingestion_log "
        + "where city_id = 'grenoble' and source = 'owm_air' and outcome = 'http_error'");
    assertThat(grenoble.output()).as("the demo's six-hour outage is in the ingestion log").contains("\n6 ");

    Run unknown = goodair(Map.of(), "sql", "select * from silver.no_such_table");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.output()).contains("goodair sql: ").contains("no_such_table").doesNotContain("\tat ");
  }

  /** Beeline in its own JVM, as a user runs it; its whole output. */
  private static String beeline(String url, String user, String password, String sql) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.apache.hive.beeline.BeeLine",
        "-u", url, "-n", user, "-p", password, "-e", sql).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    return out;
  }

  /** One hourly cycle as cron runs it: capture, silver, checks, summary; a second run in the hour adds nothing. */
  @Test
  void runCapturesTheHourPromotesAndChecksItAndARerunAddsNoDuplicate() throws Exception {
    Run first = goodair(Map.of(), "run");

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("silver batch silver-").contains("Data quality");

    Run again = goodair(Map.of(), "run");
    assertThat(again.exitCode()).as(again.output()).isZero();

    Run log = goodair(Map.of(), "sql", "select count(*) as attempts, count(distinct source, city_id, scheduled_for)"
        + " as captured, count_if(outcome = 'ok') as ok from silver.ingestion_log");
    assertThat(log.exitCode()).as(log.output()).isZero();
    // 12 cities x 3 sources per captured hour (two hours if the runs straddled one), each captured once.
    assertThat(log.output()).containsPattern("\\n(36|72) +\\| (36|72) +\\| (36|72) *\\n");
  }

  private Path writeConfig(String text) throws IOException {
    Path file = home.resolve("bad.properties");
    Files.writeString(file, text);
    return file;
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }
}
