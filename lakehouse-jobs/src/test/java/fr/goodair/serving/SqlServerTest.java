package fr.goodair.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.gold.GoldTables;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SQL endpoint as BI tools meet it: the real Spark Thrift server on a lake of the test store, reached with the
 * Hive JDBC driver and with beeline in its own process. Logins, the analyst's read-only rule statement by
 * statement, an admin's write seen by analysts without a restart, and the audit log of it all.
 */
class SqlServerTest {

  private static final SparkSession spark = TestLake.spark();
  private static final String ANALYST = "alice";
  private static final String ANALYST_PASSWORD = "correct-horse-battery";
  private static final String ADMIN = "root-admin";
  private static final String ADMIN_PASSWORD = "staple-admin-password";

  private static Path home;
  private static LakeLayout lake;
  /** A Parquet folder of this machine, not a lake table. */
  private static Path outsideTheLake;
  private static SqlServer server;

  @BeforeAll
  static void serve() throws IOException {
    // A client that speaks the wrong protocol (cleartext to TLS) gives up instead of waiting forever.
    DriverManager.setLoginTimeout(20);
    lake = TestLake.newLake();
    Lake.tables(lake).forEach(t -> t.ensure(spark));
    spark.sql("INSERT INTO gold.city_daily (city_id, local_date, variable, unit, mean, hours_observed) VALUES "
        + "('paris', DATE '2026-07-01', 'o3_ugm3', 'µg/m³', 81.5, 24), "
        + "('lyon', DATE '2026-07-01', 'o3_ugm3', 'µg/m³', 77.0, 24)");
    home = Files.createTempDirectory("goodair-serve");
    outsideTheLake = home.resolve("not-a-table");
    spark.range(3).write().parquet(outsideTheLake.toString());
    UserAccounts accounts = new UserAccounts(home.resolve("sql-users"));
    accounts.put(ANALYST, UserAccounts.Role.ANALYST, ANALYST_PASSWORD.toCharArray());
    accounts.put(ADMIN, UserAccounts.Role.ADMIN, ADMIN_PASSWORD.toCharArray());
    server = SqlServer.start(spark, lake, new SqlServer.Settings("localhost", TestLake.freePort(), null, null,
        accounts.file(), home.resolve("audit"), 183, java.time.Duration.ofHours(1)));
    // (The gold cache's poller never runs during the tests: they call its refresh themselves.)
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Connection connect(String user, String password) throws SQLException {
    return DriverManager.getConnection(server.jdbcUrl("gold"), user, password);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void anonymousAndWrongPasswordLoginsAreRefused() {
    assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("gold")).close())
        .isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> connect(ANALYST, "").close()).isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> connect(ANALYST, ANALYST_PASSWORD + "x").close()).isInstanceOf(SQLException.class)
        .hasMessageContaining("Error validating the login");
    assertThatThrownBy(() -> connect("mallory", ANALYST_PASSWORD).close()).isInstanceOf(SQLException.class);
  }

  @Test
  void analystsSeeEveryLakeTableAsARealTable() throws SQLException {
    try (Connection c = connect(ANALYST, ANALYST_PASSWORD); Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      for (String db : List.of("silver", "gold", "quality")) {
        try (ResultSet r = s.executeQuery("SHOW TABLES IN " + db)) {
          while (r.next()) {
            tables.add(db + "." + r.getString("tableName") + (r.getBoolean("isTemporary") ? " (temp)" : ""));
          }
        }
      }
      assertThat(tables).containsExactlyInAnyOrderElementsOf(
          Lake.tables(new LakeLayout("x")).stream().map(fr.goodair.lake.LakeTable::name).toList());
      assertThat(count(c, "SELECT count(*) FROM gold.city_daily WHERE variable = 'o3_ugm3'")).isEqualTo(2);
      // A dashboard's "latest day" (Delta would answer it from file statistics, and fail: see Sessions).
      try (ResultSet r = s.executeQuery("SELECT max(local_date) FROM gold.city_daily")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getDate(1).toLocalDate()).isEqualTo(java.time.LocalDate.of(2026, 7, 1));
      }
      try (ResultSet r = s.executeQuery("DESCRIBE gold.city_daily")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("city_id");
      }
      // JDBC metadata, as BI tools browse it.
      try (ResultSet r = c.getMetaData().getColumns(null, "gold", "city_daily", "%")) {
        List<String> columns = new ArrayList<>();
        while (r.next()) {
          columns.add(r.getString("COLUMN_NAME") + ":" + r.getString("REMARKS"));
        }
        assertThat(columns).contains("mean:mean of the hourly values, in unit");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "INSERT INTO gold.city_daily (city_id, local_date, variable) VALUES ('nice', DATE '2026-07-02', 'o3_ugm3')",
      "UPDATE gold.city_daily SET mean = 0",
      "DELETE FROM gold.city_daily",
      "MERGE INTO gold.city_daily t USING (SELECT 'paris' AS city_id) s ON t.city_id = s.city_id WHEN MATCHED THEN DELETE",
      "DROP TABLE gold.city_daily",
      "CREATE TABLE gold.mine (x INT) USING delta",
      "CREATE TABLE gold.copy USING delta AS SELECT * FROM gold.city_daily",
      "CREATE TEMPORARY VIEW v AS SELECT 1",
      "ALTER TABLE gold.city_daily SET TBLPROPERTIES ('x' = 'y')",
      "ALTER TABLE gold.city_daily ADD COLUMNS (y INT)",
      "OPTIMIZE gold.city_daily",
      "VACUUM gold.city_daily RETAIN 0 HOURS",
      "TRUNCATE TABLE gold.city_daily",
      "INSERT OVERWRITE DIRECTORY '/tmp/goodair-leak' USING parquet SELECT * FROM gold.city_daily",
      "CACHE TABLE gold.city_daily",
      "SET spark.sql.shuffle.partitions = 1",
      "SELECT reflect('java.lang.System', 'getProperty', 'user.home')",
      "SELECT TRANSFORM (city_id) USING 'cat' FROM gold.city_daily",
      "SELECT * FROM parquet.`PARQUET_OUTSIDE_THE_LAKE`",
      "SELECT * FROM (SELECT count(*) FROM text.`/etc/hostname`)"})
  void analystStatementsThatWouldChangeTheLakeOrRunCodeAreRefused(String statement) throws SQLException {
    try (Connection c = connect(ANALYST, ANALYST_PASSWORD); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute(statement.replace("PARQUET_OUTSIDE_THE_LAKE", outsideTheLake.toString()))).isInstanceOf(SQLException.class)
          .hasMessageContaining("is an analyst account, which reads only");
      assertThat(count(c, "SELECT count(*) FROM gold.city_daily WHERE variable = 'o3_ugm3' AND mean > 0"))
          .isEqualTo(2);
    }
    assertThat(spark.catalog().tableExists("gold.mine")).isFalse();
    assertThat(spark.table(GoldTables.CITY_DAILY).columns()).doesNotContain("y");
  }

  @Test
  void anAdminWritesAndAnalystsSeeItWithoutARestart() throws SQLException {
    try (Connection admin = connect(ADMIN, ADMIN_PASSWORD); Statement s = admin.createStatement();
        Connection analyst = connect(ANALYST, ANALYST_PASSWORD)) {
      long before = count(analyst, "SELECT count(*) FROM gold.city_daily");
      s.execute("INSERT INTO gold.city_daily (city_id, local_date, variable, mean) VALUES "
          + "('nantes', DATE '2026-07-03', 'pm10_ugm3', 20.0)");
      assertThat(count(analyst, "SELECT count(*) FROM gold.city_daily")).isEqualTo(before + 1);
      // A job's write (here this JVM's own session, outside the endpoint) shows up the same way.
      spark.sql("DELETE FROM gold.city_daily WHERE city_id = 'nantes'");
      assertThat(count(analyst, "SELECT count(*) FROM gold.city_daily")).isEqualTo(before);
    }
  }

  @Test
  void aRemovedAccountsOpenConnectionIsRefusedItsNextStatement() throws SQLException {
    UserAccounts accounts = new UserAccounts(server.settings().accountsFile());
    accounts.put("leaving", UserAccounts.Role.ANALYST, "short-stay-password".toCharArray());
    try (Connection c = connect("leaving", "short-stay-password")) {
      assertThat(count(c, "SELECT count(*) FROM gold.city_daily")).isPositive();
      accounts.remove("leaving");
      assertThatThrownBy(() -> count(c, "SELECT count(*) FROM gold.city_daily")).isInstanceOf(SQLException.class)
          .hasMessageContaining("account 'leaving' no longer exists");
    }
  }

  @Test
  void goldIsServedFromMemoryAndCachedAgainWhenItsVersionChanges() throws SQLException {
    assertThat(spark.catalog().isCached("gold.city_daily")).isTrue();
    assertThat(spark.catalog().isCached("silver.weather_observation")).isFalse();
    server.goldCache().refresh();
    assertThat(server.goldCache().refresh()).as("nothing changed since the last check").isEmpty();
    try (Connection analyst = connect(ANALYST, ANALYST_PASSWORD)) {
      long before = count(analyst, "SELECT count(*) FROM gold.city_daily");
      spark.sql("INSERT INTO gold.city_daily (city_id, local_date, variable, mean) VALUES "
          + "('rennes', DATE '2026-07-04', 'pm10_ugm3', 12.0)");
      // What a gold run of another process looks like to the poller: a newer version in the table's log.
      assertThat(server.goldCache().refresh()).containsExactly("gold.city_daily");
      assertThat(spark.catalog().isCached("gold.city_daily")).isTrue();
      assertThat(count(analyst, "SELECT count(*) FROM gold.city_daily")).isEqualTo(before + 1);
      spark.sql("DELETE FROM gold.city_daily WHERE city_id = 'rennes'");
      server.goldCache().refresh();
      assertThat(count(analyst, "SELECT count(*) FROM gold.city_daily")).isEqualTo(before);
    }
  }

  @Test
  void beelineConnectsReadsAndIsRefusedWithAWrongPassword() throws Exception {
    String out = beeline(ANALYST, ANALYST_PASSWORD, "SELECT city_id, mean FROM gold.city_daily ORDER BY city_id;");
    assertThat(out).contains("lyon").contains("77.0").contains("paris").contains("81.5");
    String refused = beeline(ANALYST, "not-the-password", "SELECT 1;");
    assertThat(refused).contains("Error validating the login").doesNotContain("not-the-password");
  }

  @Test
  void theAuditLogSaysWhoRanWhatAndHowItEnded() throws Exception {
    try (Connection c = connect(ANALYST, ANALYST_PASSWORD); Statement s = c.createStatement()) {
      count(c, "SELECT count(*) FROM gold.city_daily WHERE city_id = 'audited'");
      assertThatThrownBy(() -> s.execute("DROP TABLE gold.heatwave_daily")).isInstanceOf(SQLException.class);
    }
    assertThatThrownBy(() -> connect(ANALYST, "wrong-password-here").close()).isInstanceOf(SQLException.class);
    List<JsonNode> lines = auditLines();
    assertThat(lines).anySatisfy(l -> {
      assertThat(l.path("event").asText()).isEqualTo("statement");
      assertThat(l.path("user").asText()).isEqualTo(ANALYST);
      assertThat(l.path("statement").asText()).contains("city_id = 'audited'");
      assertThat(l.path("outcome").asText()).isEqualTo("ok");
      assertThat(l.path("client_ip").asText()).isNotBlank();
    });
    assertThat(lines).anySatisfy(l -> {
      assertThat(l.path("statement").asText()).isEqualTo("DROP TABLE gold.heatwave_daily");
      assertThat(l.path("outcome").asText()).isEqualTo("error");
      assertThat(l.path("error").asText()).contains("reads only");
    });
    assertThat(lines).anySatisfy(l -> {
      assertThat(l.path("event").asText()).isEqualTo("login");
      assertThat(l.path("outcome").asText()).isEqualTo("refused");
    });
    String all = String.join("\n", lines.stream().map(JsonNode::toString).toList());
    assertThat(all).doesNotContain(ANALYST_PASSWORD).doesNotContain("wrong-password-here");
  }

  @Test
  void withTlsOnlyEncryptedClientsThatTrustTheCertificateGetIn() throws Exception {
    Path keystore = home.resolve("tls.p12");
    String storePassword = "keystore-secret-1";
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "goodair", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", storePassword, "-keypass", storePassword).redirectErrorStream(true).start();
    keytool.getInputStream().readAllBytes();
    assertThat(keytool.waitFor()).isZero();
    SqlServer.Settings plain = server.settings();
    try (SqlServer tls = SqlServer.start(spark, lake, new SqlServer.Settings("localhost", TestLake.freePort(), keystore,
        storePassword, plain.accountsFile(), plain.auditDir(), 183, java.time.Duration.ZERO))) {
      assertThat(tls.jdbcUrl("gold")).endsWith(";ssl=true");
      String trusted = tls.jdbcUrl("gold") + ";sslTrustStore=" + keystore + ";trustStorePassword=" + storePassword;
      try (Connection c = DriverManager.getConnection(trusted, ANALYST, ANALYST_PASSWORD)) {
        assertThat(count(c, "SELECT count(*) FROM gold.city_daily WHERE variable = 'o3_ugm3'")).isEqualTo(2);
      }
      String cleartext = tls.jdbcUrl("gold").replace(";ssl=true", "");
      assertThatThrownBy(() -> DriverManager.getConnection(cleartext, ANALYST, ANALYST_PASSWORD).close())
          .isInstanceOf(SQLException.class);
    }
  }

  private static List<JsonNode> auditLines() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.audit().dir())))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(server.audit().dir())) {
      for (Path f : files.sorted().toList()) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f + ": personal data")
            .isEqualTo("rw-------");
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          lines.add(json.readTree(line));
        }
      }
    }
    return lines;
  }

  /** Beeline in its own JVM, as a user would run it; its whole output. */
  static String beeline(String user, String password, String sql) throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.apache.hive.beeline.BeeLine",
        "-u", server.jdbcUrl("gold"), "-n", user, "-p", password, "--silent=true", "-e", sql);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
