package fr.goodair.cli;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import fr.goodair.serving.SqlServer;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goodair serve}: the SQL endpoint on the lake until Ctrl-C (see {@link SqlServer}). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the lake's silver, gold and quality tables over the HiveServer2 protocol (JDBC, beeline, "
        + "BI tools) until Ctrl-C. Accounts: ./goodair users.")
public final class ServeCommand implements Callable<Integer> {

  @Option(names = "--port", description = "TCP port (default: serve.port, else 10000).")
  Integer port;

  @Override
  public Integer call() throws InterruptedException {
    GoodairConfig config = GoodairConfig.load(null);
    SqlServer.Settings settings = SqlServer.Settings.from(config);
    if (port != null) {
      settings = settings.withPort(port);
    }
    try (Lake lake = Lake.open(config, "goodair-serve")) {
      serveUntilInterrupted(lake, settings, null, System.out);
    }
    return 0;
  }

  /** Serves until the process is interrupted; {@code login} is a line telling how to log in, or null. */
  static void serveUntilInterrupted(Lake lake, SqlServer.Settings settings, String login, PrintStream out)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    try (SqlServer server = SqlServer.start(lake.spark(), lake.layout(), settings)) {
      out.println("SQL endpoint ready (HiveServer2 protocol" + (settings.tls() ? ", TLS" : "") + "):");
      out.println("  JDBC URL   " + server.jdbcUrl("gold"));
      if (login != null) {
        out.println("  " + login);
      }
      out.println("  beeline    beeline -u '" + server.jdbcUrl("gold") + "' -n <account> -p <password>");
      out.println("  audit log  " + settings.auditDir());
      out.println("Ctrl-C stops it.");
      // Ctrl-C: this thread closes the server and then the lake (store and session) before the JVM ends.
      Thread serving = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stopped.countDown();
        try {
          serving.join(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
      stopped.await();
      out.println("SQL endpoint stopping");
    }
  }
}
