package fr.goodair.cli;

import fr.goodair.gold.GoldPromotionJob;
import fr.goodair.gold.GoldTables;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeTable;
import fr.goodair.serving.SqlServer;
import fr.goodair.serving.UserAccounts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code goodair bench serve}: a fixed set of dashboard queries (one per chart of the three report families) over
 * JDBC against the SQL endpoint on a lake of 1 year × 20 cities, at 1 and at 8 concurrent clients, and the same
 * queries on the same gold Parquet files through DuckDB as a reference. The lake is bench gold's 365-day one
 * ({@code goodair-bench-gold-365d}), built first if missing. Its gold tables get their deletion vectors purged
 * first ({@code REORG TABLE … APPLY (PURGE)}), so that their Parquet files hold exactly the tables' rows.
 */
final class ServeBenchmark {

  private static final int DAYS = 365;
  private static final int ROUNDS = 5;
  private static final int CLIENTS = 8;

  /** A dashboard chart's query; {@code :from}/{@code :to}/{@code :city} are replaced by literals. */
  record DashboardQuery(String chart, String sql) {}

  static final List<DashboardQuery> QUERIES = List.of(
      new DashboardQuery("indicators: latest day per city", "SELECT city_id, variable, mean, max FROM gold.city_daily "
          + "WHERE local_date = DATE ':to' AND variable IN ('pm25_ugm3', 'no2_ugm3', 'o3_ugm3') ORDER BY city_id, variable"),
      new DashboardQuery("indicators: 30 days of daily PM2.5", "SELECT local_date, mean, max FROM gold.city_daily "
          + "WHERE city_id = ':city' AND variable = 'pm25_ugm3' AND local_date BETWEEN DATE ':from' AND DATE ':to' "
          + "ORDER BY local_date"),
      new DashboardQuery("indicators: monthly mean temperature", "SELECT city_id, month(local_date) AS m, avg(mean) AS t "
          + "FROM gold.city_daily WHERE variable = 'temperature_c' GROUP BY city_id, month(local_date) ORDER BY 1, 2"),
      new DashboardQuery("indicators: a week of hourly O3", "SELECT hour_utc, o3_ugm3, temperature_c FROM gold.city_hourly "
          + "WHERE city_id = ':city' AND local_date BETWEEN DATE ':week' AND DATE ':to' ORDER BY hour_utc"),
      new DashboardQuery("exceedances per city and threshold", "SELECT city_id, threshold_id, basis, count(*) AS n "
          + "FROM gold.threshold_exceedances GROUP BY city_id, threshold_id, basis ORDER BY 1, 2, 3"),
      new DashboardQuery("extremes: last 30 days by severity", "SELECT city_id, severity, count(*) AS n "
          + "FROM gold.extreme_variations WHERE local_date BETWEEN DATE ':from' AND DATE ':to' "
          + "GROUP BY city_id, severity ORDER BY 1, 2"),
      new DashboardQuery("extremes: most recent", "SELECT city_id, hour_utc, variable, kind, value, robust_z, severity "
          + "FROM gold.extreme_variations WHERE severity IN ('severe', 'extreme') ORDER BY hour_utc DESC, city_id, "
          + "variable, kind LIMIT 50"),
      new DashboardQuery("correlations: matrix at lag 0", "SELECT variable_x, variable_y, pearson, spearman, n "
          + "FROM gold.correlations WHERE city_id = ':city' AND period_type = 'all' AND lag_hours = 0 ORDER BY 1, 2"),
      new DashboardQuery("correlations: temperature → O3 by lag", "SELECT city_id, lag_hours, pearson FROM gold.correlations "
          + "WHERE period_type = 'all' AND variable_x = 'temperature_c' AND variable_y = 'o3_ugm3' ORDER BY 1, 2"),
      new DashboardQuery("heatwaves: canicule days per city", "SELECT city_id, count(*) AS days, max(tx_c) AS tx "
          + "FROM gold.heatwave_daily WHERE canicule GROUP BY city_id ORDER BY city_id"));

  record Latencies(List<Double> millis) {
    double percentile(double p) {
      List<Double> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
  }

  /** Runs the queries: one statement at a time, on a connection it owns. */
  interface Client extends AutoCloseable {
    List<List<Object>> query(String sql) throws SQLException;

    @Override
    void close() throws SQLException;
  }

  int run(PrintStream out) throws Exception {
    GoodairConfig config = GoodairConfig.load(null);
    List<City> cities = IngestBenchmark.benchCities(20);
    String bucket = GoldBenchmark.bucket(DAYS);
    out.printf("bench serve: %d dashboard queries; lake %s (1 year × 20 cities); %d rounds at 1 and at %d clients%n",
        QUERIES.size(), bucket, ROUNDS, CLIENTS);
    try (Lake lake = Lake.open(config.with(Map.of("lake.root", "s3a://" + bucket)), "goodair-bench-serve");
        S3ObjectStore store = lake.store().bucket(bucket)) {
      GoldBenchmark.ensureSilver(lake, store, cities, DAYS, out);
      if (lake.spark().table(GoldTables.REFRESH_LOG).isEmpty()) {
        out.println("  building gold (once; kept)...");
        new GoldPromotionJob(lake.spark(), lake.layout(), Clock.systemUTC()).run();
      }
      for (LakeTable t : GoldTables.all(lake.layout())) {
        lake.spark().sql("REORG TABLE " + t.name() + " APPLY (PURGE)");
      }
      LocalDate to = lake.spark().sql("SELECT max(local_date) FROM gold.city_daily").first().getLocalDate(0);
      Map<String, String> literals = Map.of(":from", to.minusDays(29).toString(), ":week", to.minusDays(6).toString(),
          ":to", to.toString(), ":city", "paris");

      Path home = Files.createTempDirectory("goodair-bench-serve");
      UserAccounts accounts = new UserAccounts(home.resolve("sql-users"));
      char[] password = UserAccounts.generatePassword();
      accounts.put("bench", UserAccounts.Role.ANALYST, password);
      SqlServer.Settings uncachedSettings = new SqlServer.Settings("localhost", freePort(), null, null,
          accounts.file(), home.resolve("audit"), 1, java.time.Duration.ZERO);
      SqlServer.Settings cachedSettings = uncachedSettings.withGoldCacheRefresh(java.time.Duration.ofSeconds(30));
      String secret = new String(password);
      Measured uncachedRun = measureEndpoint(lake, uncachedSettings, secret, literals);
      Measured cachedRun = measureEndpoint(lake, cachedSettings, secret, literals);
      List<Integer> thriftRows = cachedRun.rows();
      if (!uncachedRun.rows().equals(thriftRows)) {
        throw new IllegalStateException("the endpoint's answers differ with gold cached: " + thriftRows
            + " vs " + uncachedRun.rows() + " from the files");
      }
      Map<String, Latencies> uncached = uncachedRun.latencies();
      Map<String, Latencies> thrift = cachedRun.latencies();

      Path storeRoot = lake.store().embeddedFolder().map(Path::getParent).orElse(null);
      Map<String, Latencies> duck = null;
      if (storeRoot == null) {
        out.println("  DuckDB reference skipped: it reads the gold Parquet files from the embedded store's folder");
      } else {
        Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duckdb.createStatement()) {
          s.execute("CREATE SCHEMA gold");
          for (LakeTable t : GoldTables.all(lake.layout())) {
            List<String> files = new ArrayList<>();
            for (String f : lake.spark().table(t.name()).inputFiles()) {
              files.add("'" + storeRoot.resolve(f.replaceFirst("^s3a://", "")) + "'");
            }
            if (!files.isEmpty()) {
              s.execute("CREATE VIEW " + t.name() + " AS SELECT * FROM read_parquet([" + String.join(", ", files) + "])");
            }
          }
        }
        Connection shared = duckdb;
        Measured duckRun = measure(() -> jdbc(((org.duckdb.DuckDBConnection) shared).duplicate()), literals);
        duckdb.close();
        if (!duckRun.rows().equals(thriftRows)) {
          throw new IllegalStateException("DuckDB and the SQL endpoint disagree on the rows of the dashboard queries: "
              + duckRun.rows() + " vs " + thriftRows);
        }
        duck = duckRun.latencies();
      }

      out.println();
      out.printf("%-34s %12s %12s %12s %12s%n", "", "1 client p50", "p95", CLIENTS + " clients p50", "p95");
      print(out, "SQL endpoint, gold read from files", uncached);
      print(out, "SQL endpoint, gold cached (default)", thrift);
      if (duck != null) {
        print(out, "DuckDB on the same Parquet files", duck);
        out.printf("ratio SQL endpoint (gold cached) / DuckDB, p50: %.1f at 1 client, %.1f at %d clients%n",
            thrift.get("1").percentile(0.5) / duck.get("1").percentile(0.5),
            thrift.get("8").percentile(0.5) / duck.get("8").percentile(0.5), CLIENTS);
      }
      out.println();
      out.printf("%-42s %14s %14s %14s%n", "p50 at 1 client, per query", "endpoint, files", "cached",
          duck == null ? "" : "DuckDB");
      for (DashboardQuery q : QUERIES) {
        out.printf("%-42s %11.0f ms %11.0f ms %14s%n", q.chart(), uncached.get(q.chart()).percentile(0.5),
            thrift.get(q.chart()).percentile(0.5),
            duck == null ? "" : String.format("%.0f ms", duck.get(q.chart()).percentile(0.5)));
      }
      out.printf("SQL endpoint p50 at 1 client: %.0f ms (goal ≤ 300 ms)%n", thrift.get("1").percentile(0.5));
      out.println("rows per query (every engine and setting): " + thriftRows);
    }
    return 0;
  }

  /** Starts an endpoint with {@code settings}, measures it over Hive JDBC as account "bench", stops it. */
  private static Measured measureEndpoint(Lake lake, SqlServer.Settings settings, String secret,
      Map<String, String> literals) throws Exception {
    try (SqlServer server = SqlServer.start(lake.spark(), lake.layout(), settings)) {
      String url = server.jdbcUrl("gold");
      return measure(() -> jdbc(DriverManager.getConnection(url, "bench", secret)), literals);
    }
  }

  private static void print(PrintStream out, String engine, Map<String, Latencies> l) {
    out.printf("%-34s %9.0f ms %9.0f ms %9.0f ms %9.0f ms%n", engine, l.get("1").percentile(0.5),
        l.get("1").percentile(0.95), l.get("8").percentile(0.5), l.get("8").percentile(0.95));
  }

  interface ClientFactory {
    Client open() throws SQLException;
  }

  /**
   * An engine's answers and latencies: the row count of each query (from the warm-up round), and the latencies at
   * 1 client ("1"), at {@value #CLIENTS} ("8"), and at 1 client of each query under its chart's name.
   */
  record Measured(List<Integer> rows, Map<String, Latencies> latencies) {}

  /** A warm-up round, which counts each query's rows, then {@value #ROUNDS} rounds at 1 and at {@value #CLIENTS}. */
  private static Measured measure(ClientFactory factory, Map<String, String> literals) throws Exception {
    List<Integer> rows = new ArrayList<>();
    try (Client warm = factory.open()) {
      for (DashboardQuery q : QUERIES) {
        rows.add(warm.query(sql(q, literals)).size());
      }
    }
    Map<String, Latencies> latencies = new java.util.LinkedHashMap<>();
    Latencies single = rounds(factory, literals, 1);
    latencies.put("1", single);
    latencies.put("8", rounds(factory, literals, CLIENTS));
    for (int q = 0; q < QUERIES.size(); q++) {
      List<Double> ofQuery = new ArrayList<>();
      for (int i = q; i < single.millis().size(); i += QUERIES.size()) {
        ofQuery.add(single.millis().get(i));
      }
      latencies.put(QUERIES.get(q).chart(), new Latencies(ofQuery));
    }
    return new Measured(rows, latencies);
  }

  private static Latencies rounds(ClientFactory factory, Map<String, String> literals, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<List<Double>>> runs = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        runs.add(pool.submit(() -> {
          List<Double> millis = new ArrayList<>();
          try (Client client = factory.open()) {
            for (int round = 0; round < ROUNDS; round++) {
              for (DashboardQuery q : QUERIES) {
                long t0 = System.nanoTime();
                client.query(sql(q, literals));
                millis.add((System.nanoTime() - t0) / 1e6);
              }
            }
          }
          return millis;
        }));
      }
      List<Double> all = new ArrayList<>();
      for (Future<List<Double>> run : runs) {
        all.addAll(run.get());
      }
      return new Latencies(all);
    } finally {
      pool.shutdownNow();
    }
  }

  static String sql(DashboardQuery q, Map<String, String> literals) {
    String sql = q.sql();
    for (Map.Entry<String, String> e : literals.entrySet()) {
      sql = sql.replace(e.getKey(), e.getValue());
    }
    return sql;
  }

  /** A client that fetches every row and column, as a dashboard does. */
  private static Client jdbc(Connection connection) {
    return new Client() {
      @Override
      public List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
          int columns = r.getMetaData().getColumnCount();
          while (r.next()) {
            List<Object> row = new ArrayList<>(columns);
            for (int i = 1; i <= columns; i++) {
              row.add(r.getObject(i));
            }
            rows.add(row);
          }
        }
        return rows;
      }

      @Override
      public void close() throws SQLException {
        connection.close();
      }
    };
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
