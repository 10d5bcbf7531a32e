package fr.goodair.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.SimulatedGoldLake;
import fr.goodair.lake.TestLake;
import fr.goodair.serving.SqlServer;
import fr.goodair.serving.UserAccounts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The notebooks of {@code notebooks/} executed headless, as CI runs them: the small simulated lake
 * ({@link SimulatedGoldLake}: three cities, three weeks from mid-June, real silver and gold jobs), the real SQL
 * endpoint on it
 * with an analyst account, and {@code nbconvert --execute} with Debian's Python reading gold over JDBC. A failing
 * cell fails the test with nbconvert's output. The executed copies, with their plots, are left in
 * {@code target/notebooks/}: the run's artifacts.
 */
class NotebooksTest {

  private static final String ANALYST = "notebook-analyst";
  private static final String PASSWORD = "notebook-secret-" + Long.toHexString(System.nanoTime());
  /** Debian's interpreter, which has the python3-* packages (the python3 first on PATH may be another build). */
  private static final String PYTHON = System.getProperty("goodair.python", "/usr/bin/python3");

  private static final SparkSession spark = TestLake.spark();
  private static final Path NOTEBOOKS = Path.of("").toAbsolutePath().getParent().resolve("notebooks");
  private static final Path EXECUTED = Path.of("target", "notebooks").toAbsolutePath();
  private static SqlServer server;

  @BeforeAll
  static void simulatedLakeAndEndpoint() throws IOException {
    LakeLayout lake = SimulatedGoldLake.get();

    Path home = Files.createTempDirectory("goodair-notebooks");
    UserAccounts accounts = new UserAccounts(home.resolve("sql-users"));
    accounts.put(ANALYST, UserAccounts.Role.ANALYST, PASSWORD.toCharArray());
    server = SqlServer.start(spark, lake, new SqlServer.Settings("localhost", TestLake.freePort(), null, null,
        accounts.file(), home.resolve("audit"), 183, java.time.Duration.ofSeconds(30)));
    Files.createDirectories(EXECUTED);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"01_indicators", "02_extreme_variations_and_alerts", "03_correlations",
      "04_seasonality_heatwaves_forecast"})
  void aNotebookRunsHeadlessAgainstTheEndpointAndDrawsItsCharts(String name) throws Exception {
    Path notebook = NOTEBOOKS.resolve(name + ".ipynb");
    assertThat(notebook).exists();
    assertThat(outputsOf(new ObjectMapper().readTree(notebook.toFile()))).as("outputs stored in git").isEmpty();
    Path executed = EXECUTED.resolve(name + ".ipynb");
    Files.deleteIfExists(executed);

    run(List.of(PYTHON, "-m", "nbconvert", "--to", "notebook", "--execute",
        "--ExecutePreprocessor.timeout=600", "--output-dir", EXECUTED.toString(), notebook.toString()));

    assertThat(executed).exists();
    List<JsonNode> outputs = outputsOf(new ObjectMapper().readTree(executed.toFile()));
    assertThat(outputs).as("charts").anySatisfy(o -> assertThat(o.path("data").has("image/png")).isTrue());
    assertThat(Files.readString(executed)).as("no secret in the executed copy").doesNotContain(PASSWORD);
  }

  @Test
  void theHelperGivesEachSqlTypeItsPandasType() throws Exception {
    String script = """
        import math, goodair_sql as g
        df = g.query("SELECT double('NaN') AS nan, double('Infinity') AS pos, double('-Infinity') AS neg, "
                     "CAST(NULL AS DOUBLE) AS missing, 1.5 AS dec, TIMESTAMP '2026-07-01 13:00:00' AS ts, "
                     "DATE '2026-07-01' AS d, CAST(3 AS BIGINT) AS n, CAST(NULL AS INT) AS no_int, "
                     "true AS b, 'x' AS s")
        row = df.iloc[0]
        assert math.isnan(row.nan) and row.pos == math.inf and row.neg == -math.inf and math.isnan(row.missing)
        assert row.dec == 1.5 and str(df.dec.dtype) == 'float64'
        assert str(df.ts.dtype) == 'datetime64[ns, UTC]' and row.ts.isoformat() == '2026-07-01T13:00:00+00:00'
        assert str(df.d.dtype) == 'datetime64[ns]' and row.d.isoformat() == '2026-07-01T00:00:00'
        assert str(df.n.dtype) == 'int64' and row.n == 3
        assert str(df.no_int.dtype) == 'Int64' and df.no_int.isna().all()
        assert str(df.b.dtype) == 'bool' and row.b and row.s == 'x'
        z = g.query("SELECT robust_z FROM gold.extreme_variations")
        assert str(z.robust_z.dtype) == 'float64' and len(z) > 0
        print('typed', len(z), 'robust_z values; endpoint', g.endpoint())
        """;
    String out = run(List.of(PYTHON, "-c", script));
    assertThat(out).contains("typed").contains(ANALYST).doesNotContain(PASSWORD);
  }

  /** Runs a Python command in {@code notebooks/} with the endpoint's settings; its output, or a failure with it. */
  private static String run(List<String> command) throws Exception {
    String classpath = System.getProperty("java.class.path");
    assertThat(classpath).as("surefire's class path names the JDBC client's jars").contains("hive-jdbc");
    ProcessBuilder builder = new ProcessBuilder(command).directory(NOTEBOOKS.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("GOODAIR_JDBC_URL", server.jdbcUrl("gold"));
    env.put("GOODAIR_SQL_USER", ANALYST);
    env.put("GOODAIR_SQL_PASSWORD", PASSWORD);
    env.put("GOODAIR_JDBC_CLASSPATH", classpath);
    env.put("JAVA_HOME", System.getProperty("java.home"));
    // ipykernel's debugger warns about frozen modules on every start; it has nothing to say here.
    env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    Path log = Files.createTempFile(EXECUTED, "run-", ".log");
    builder.redirectOutput(log.toFile());
    Process process = builder.start();
    boolean ended = process.waitFor(15, TimeUnit.MINUTES);
    if (!ended) {
      process.destroyForcibly();
    }
    // Tracebacks come with terminal colours: without them they read as plain text in the failure.
    String out = Files.readString(log, StandardCharsets.UTF_8).replace(PASSWORD, "***")
        .replaceAll("\u001B\\[[;\\d]*m", "");
    Files.delete(log);
    assertThat(ended).as("ended within 15 minutes:\n" + out).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
    return out;
  }

  private static List<JsonNode> outputsOf(JsonNode notebook) {
    List<JsonNode> outputs = new ArrayList<>();
    notebook.path("cells").forEach(cell -> cell.path("outputs").forEach(outputs::add));
    return outputs;
  }
}
