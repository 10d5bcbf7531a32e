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

  private static final String AQICN_CANARY = Canaries.AQICN_TOKEN;
  private static final String OWM_CANARY = Canaries.OWM_API_KEY;

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
   *
   * <p>Also the security pass's canary run (issue 6): the demo takes a canary for every secret it can use (API
   * token and key, the SQL endpoint's TLS keystore password, the alert webhook's URL) and generates the analyst's
   * password; none may appear in any file under its GOODAIR_HOME or in its output (the password only in the
   * login line printed for the user).
   */
  @Test
  void demoEndsServingSqlToBeelineThenSqlAnswersOnTheSameLake(@TempDir Path tls) throws Exception {
    int port = fr.goodair.lake.TestLake.freePort();
    Path keystore = tls.resolve("endpoint.p12");
    Path truststore = tls.resolve("trust.p12");
    String trustPassword = "trust-store-not-secret";
    keytool("-genkeypair", "-alias", "goodair", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", Canaries.TLS_KEYSTORE_PASSWORD, "-keypass", Canaries.TLS_KEYSTORE_PASSWORD);
    keytool("-exportcert", "-alias", "goodair", "-keystore", keystore.toString(), "-storepass",
        Canaries.TLS_KEYSTORE_PASSWORD, "-file", tls.resolve("endpoint.crt").toString());
    keytool("-importcert", "-noprompt", "-alias", "goodair", "-file", tls.resolve("endpoint.crt").toString(),
        "-storetype", "PKCS12", "-keystore", truststore.toString(), "-storepass", trustPassword);
    com.sun.net.httpserver.HttpServer webhook = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    webhook.createContext("/hooks/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    // An alert sink on loopback, its URL carrying a canary: the demo reads and holds it (it may raise no alert).
    webhook.start();
    Map<String, String> canaries = Map.of("GOODAIR_SERVE_PORT", Integer.toString(port),
        "GOODAIR_AQICN_TOKEN", Canaries.AQICN_TOKEN, "GOODAIR_OWM_API_KEY", Canaries.OWM_API_KEY,
        "GOODAIR_SERVE_TLS_KEYSTORE", keystore.toString(),
        "GOODAIR_SERVE_TLS_KEYSTORE_PASSWORD", Canaries.TLS_KEYSTORE_PASSWORD,
        "GOODAIR_ALERTS_WEBHOOK_URL", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hooks/"
            + Canaries.WEBHOOK_TOKEN);
    Process serving = start(canaries, "demo", "--days", "1");
    StringBuilder printed = new StringBuilder();
    java.io.BufferedReader lines = new java.io.BufferedReader(
        new java.io.InputStreamReader(serving.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null && !line.startsWith("Ctrl-C stops it.")) {
      printed.append(line).append('\n');
    }
    assertThat(line).as(printed.toString()).isNotNull();
    // Whatever the server prints from now on is drained (so that a full pipe never blocks it) and kept.
    StringBuffer printedLater = new StringBuffer();
    Thread drain = new Thread(() -> {
      try {
        lines.lines().forEach(l -> printedLater.append(l).append('\n'));
      } catch (java.io.UncheckedIOException closedWhenTheDemoStops) {
        // The demo's output closes when it is stopped below: nothing more to drain.
      }
    });
    drain.setDaemon(true);
    drain.start();
    java.util.regex.Matcher login = java.util.regex.Pattern.compile("demo login (\\S+) / (\\S+) ").matcher(printed);
    assertThat(login.find()).as(printed.toString()).isTrue();
    String analystPassword = login.group(2);
    String url = "jdbc:hive2://localhost:" + port + "/gold;ssl=true";
    assertThat(printed).contains("JDBC URL   " + url);
    String trustedUrl = url + ";sslTrustStore=" + truststore + ";trustStorePassword=" + trustPassword;

    String read = beeline(trustedUrl, login.group(1), analystPassword,
        "SELECT count(*) AS city_days FROM gold.city_daily WHERE variable = 'temperature_c';");
    assertThat(read).containsPattern("city_days[\\s\\S]*\\b[1-9][0-9]+\\b");
    String write = beeline(trustedUrl, login.group(1), analystPassword, "DELETE FROM gold.city_daily;");
    assertThat(write).contains("analyst account, which reads only");
    assertThatThrownBy(() -> java.sql.DriverManager.getConnection(trustedUrl).close())
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

    drain.join(10_000);
    webhook.stop(0);
    String output = printed + printedLater.toString();
    for (String canary : Canaries.ALL) {
      assertThat(output.contains(canary)).as("a canary secret in the demo's output").isFalse();
    }
    assertThat(output.split(java.util.regex.Pattern.quote(analystPassword), -1)).as("the password, printed once")
        .hasSize(2);
    assertNoCanaryUnder(home, analystPassword);
  }

  /**
   * Every file under {@code dir} (lake objects, logs, reports, spool, audit...) searched for the canaries and the
   * extra secrets given; gzip files are searched inside. Parquet's default Snappy codec has no entropy coding: a
   * value's first occurrence in a page stays literal, so a plain search of the bytes finds it.
   */
  private static void assertNoCanaryUnder(Path dir, String... secrets) throws IOException {
    List<String> searched = new ArrayList<>(Canaries.ALL);
    searched.addAll(List.of(secrets));
    List<Path> files = filesUnder(dir);
    assertThat(files).anySatisfy(p -> assertThat(p.toString()).endsWith("goodair.log"));
    assertThat(files).anySatisfy(p -> assertThat(p.toString()).contains("audit"));
    for (Path file : files) {
      byte[] bytes = Files.readAllBytes(file);
      if (file.toString().endsWith(".gz")) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      for (int i = 0; i < searched.size(); i++) {
        // The message names the secret by its position, never by its value (test output is searched too).
        assertThat(text.contains(searched.get(i))).as("secret #" + i + " of " + searched.size() + " in " + file)
            .isFalse();
      }
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(args[0] + ": " + out).isZero();
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
