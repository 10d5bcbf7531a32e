package fr.goodair.serving;

import fr.goodair.gold.GoldTables;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.hive.thriftserver.HiveThriftServer2;

/**
 * The SQL endpoint: Spark's Thrift server (HiveServer2 binary protocol, what Hive JDBC, beeline, DBeaver,
 * Superset, Tableau and Power BI speak) started inside this process on the lake's session, so that every silver,
 * gold and quality table registered there is a real catalog table for its clients, and each query reads the
 * tables' newest Delta version (new data needs no restart). Gold is served from memory, caught up with new versions
 * within {@code serve.gold-cache.refresh-seconds} ({@link GoldTableCache}).
 *
 * <p>Access: no anonymous login (CUSTOM authentication against {@link UserAccounts}), analysts read only
 * ({@link ReadOnlyAnalysts}), every login and statement in the {@link SqlAuditLog}. TLS when
 * {@code serve.tls.keystore} names a PKCS12/JKS keystore (its password: {@code serve.tls.keystore-password}, a
 * secret).
 */
public final class SqlServer implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlServer.class);

  /**
   * Where and how the endpoint listens.
   *
   * @param goldCacheRefresh how often the in-memory copy of gold is checked for new versions ({@link GoldTableCache});
   *     zero: gold is not cached, each query reads the tables' files
   */
  public record Settings(String host, int port, Path keystore, String keystorePassword, Path accountsFile,
      Path auditDir, int auditRetentionDays, Duration goldCacheRefresh) {

    public static Settings from(GoodairConfig config) {
      Path keystore = config.value("serve.tls.keystore").map(Path::of).orElse(null);
      String password = null;
      if (keystore != null) {
        if (!Files.isReadable(keystore)) {
          throw new InvalidConfigException("serve.tls.keystore " + keystore + " is not a readable file");
        }
        password = config.secret("serve.tls.keystore-password").orElseThrow(() -> new InvalidConfigException(
            "serve.tls.keystore is set but its password is not: set " + GoodairConfig.envName(
                "serve.tls.keystore-password") + " or put it in the file named by GOODAIR_SECRETS_FILE")).reveal();
      }
      return new Settings(config.value("serve.host", "localhost"), config.integer("serve.port", 10000), keystore,
          password, SqlServer.accountsFile(config), SqlServer.auditDir(config),
          fr.goodair.retention.RetentionPolicy.load(config).auditDays(),
          Duration.ofSeconds(config.integer("serve.gold-cache.refresh-seconds", 30)));
    }

    public Settings withPort(int newPort) {
      return new Settings(host, newPort, keystore, keystorePassword, accountsFile, auditDir, auditRetentionDays,
          goldCacheRefresh);
    }

    public Settings withGoldCacheRefresh(Duration every) {
      return new Settings(host, port, keystore, keystorePassword, accountsFile, auditDir, auditRetentionDays, every);
    }

    public boolean tls() {
      return keystore != null;
    }
  }

  /** The SQL audit log's folder: {@code $GOODAIR_HOME/audit}. */
  public static Path auditDir(GoodairConfig config) {
    return config.home().resolve("audit");
  }

  /** The accounts file of a GoodAir home: {@code serve.users-file}, default {@code $GOODAIR_HOME/sql-users}. */
  public static Path accountsFile(GoodairConfig config) {
    return config.value("serve.users-file").map(Path::of).orElse(config.home().resolve("sql-users"));
  }

  private final Settings settings;
  private final HiveThriftServer2 server;
  private final SparkSession spark;
  private final SqlAuditLog audit;
  private final GoldTableCache goldCache;

  private SqlServer(Settings settings, HiveThriftServer2 server, SparkSession spark, SqlAuditLog audit,
      GoldTableCache goldCache) {
    this.settings = settings;
    this.server = server;
    this.spark = spark;
    this.audit = audit;
    this.goldCache = goldCache;
  }

  /**
   * Starts the endpoint on {@code spark} (a GoodAir session with the tables of {@code lake} registered) and waits
   * until it accepts connections.
   */
  public static SqlServer start(SparkSession spark, LakeLayout lake, Settings settings) {
    UserAccounts accounts = new UserAccounts(settings.accountsFile());
    if (accounts.list().isEmpty()) {
      throw new IllegalStateException("no SQL accounts in " + settings.accountsFile()
          + ": add one first, e.g. ./goodair users add alice --role analyst");
    }
    SqlAuditLog audit = new SqlAuditLog(settings.auditDir(), settings.auditRetentionDays(), Clock.systemUTC());
    audit.prune(LocalDate.now(ZoneOffset.UTC));
    java.util.List<fr.goodair.lake.LakeTable> tables = Lake.tables(lake);
    ReadOnlyAnalysts.install(accounts, tables);
    AccountAuthenticator.install(accounts, audit);

    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    java.util.Map<String, String> hive = new java.util.LinkedHashMap<>();
    hive.put("hive.server2.thrift.bind.host", settings.host());
    hive.put("hive.server2.thrift.port", Integer.toString(settings.port()));
    hive.put("hive.server2.transport.mode", "binary");
    hive.put("hive.server2.authentication", "CUSTOM");
    hive.put("hive.server2.custom.authentication.class", AccountAuthenticator.class.getName());
    // Statements run as the server's own user: the lake's credentials are the server's, not the clients'.
    hive.put("hive.server2.enable.doAs", "false");
    hive.put("hive.server2.use.SSL", Boolean.toString(settings.tls()));
    if (settings.tls()) {
      hive.put("hive.server2.keystore.path", settings.keystore().toString());
      hadoop.set("hive.server2.keystore.password", settings.keystorePassword());
    }
    // The server's HiveConf is the Hadoop configuration overlaid with the session's settings (which keep an
    // earlier server's values), and it looks the authentication class up in a HiveConf of its own, which reads
    // system properties: each setting goes to all three. The keystore password stays in the first only.
    hive.forEach((key, value) -> {
      hadoop.set(key, value);
      spark.conf().set(key, value);
    });
    System.setProperty("hive.server2.custom.authentication.class", AccountAuthenticator.class.getName());
    spark.sparkContext().addSparkListener(audit);

    publishSchemas(spark, tables);
    GoldTableCache goldCache = settings.goldCacheRefresh().isZero() ? null
        : GoldTableCache.start(spark, GoldTables.all(lake), settings.goldCacheRefresh());
    // A Hive session left on this thread by an earlier server would lend the new one its configuration.
    if (org.apache.hadoop.hive.ql.session.SessionState.get() != null) {
      org.apache.hadoop.hive.ql.session.SessionState.detachSession();
    }
    HiveThriftServer2 server = HiveThriftServer2.startWithContext(spark.sqlContext());
    SqlServer started = new SqlServer(settings, server, spark, audit, goldCache);
    started.awaitListening(Duration.ofSeconds(60));
    LOG.info("SQL endpoint listening on {}:{} (TLS {})", settings.host(), settings.port(), settings.tls() ? "on" : "off");
    return started;
  }

  /**
   * Copies each table's schema, with its column comments, from its Delta log into its catalog entry. Delta keeps
   * the schema in the log only, and the Thrift server answers JDBC column metadata (what DBeaver or Tableau show
   * when browsing a table) from the catalog entry: without this, every table would look column-less.
   */
  private static void publishSchemas(SparkSession spark, java.util.List<fr.goodair.lake.LakeTable> tables) {
    for (fr.goodair.lake.LakeTable table : tables) {
      String db = table.database();
      String name = table.name().substring(db.length() + 1);
      spark.sessionState().catalog().alterTableDataSchema(
          new org.apache.spark.sql.catalyst.TableIdentifier(name, scala.Option.apply(db)),
          spark.table(table.name()).schema());
    }
  }

  /** The JDBC URL of a database, e.g. {@code jdbc:hive2://localhost:10000/gold}. */
  public String jdbcUrl(String database) {
    return jdbcUrl(settings, database);
  }

  public static String jdbcUrl(Settings settings, String database) {
    return "jdbc:hive2://" + settings.host() + ":" + settings.port() + "/" + database
        + (settings.tls() ? ";ssl=true" : "");
  }

  public Settings settings() {
    return settings;
  }

  public SqlAuditLog audit() {
    return audit;
  }

  /** The in-memory copy of gold, or null when {@code serve.gold-cache.refresh-seconds} is 0. */
  GoldTableCache goldCache() {
    return goldCache;
  }

  private void awaitListening(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(settings.host(), settings.port()), 1000);
        return;
      } catch (IOException notYet) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("the SQL endpoint did not listen on " + settings.host() + ":"
              + settings.port() + " within " + timeout.toSeconds() + " s (port taken?)", notYet);
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while the SQL endpoint started", e);
        }
      }
    }
  }

  /** Stops accepting clients; the Spark session stays (its owner stops it). */
  @Override
  public void close() {
    server.stop();
    if (goldCache != null) {
      goldCache.close();
    }
    spark.sparkContext().removeSparkListener(audit);
  }
}
