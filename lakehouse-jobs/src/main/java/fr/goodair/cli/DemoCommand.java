package fr.goodair.cli;

import fr.goodair.ingestion.IngestCommand;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import fr.goodair.pipeline.Pipeline;
import fr.goodair.serving.SqlServer;
import fr.goodair.serving.UserAccounts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code goodair demo}: the main job on embedded defaults: simulated hourly ingestion of the last N days into the
 * embedded object store, promotion to silver through the quality gate and on to gold, the scheduled checks and
 * the quality summary; then the SQL endpoint on that lake, with a demo analyst account, until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the pipeline on embedded defaults: simulated hourly ingestion of the last N days into the "
        + "embedded S3 store, silver and gold promotion, quality checks and alerts; then serve SQL until Ctrl-C.")
public final class DemoCommand implements Callable<Integer> {

  private static final DateTimeFormatter FAULT_HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  @Option(names = "--days", defaultValue = "3", description = "Days of simulated hourly data (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-serve", negatable = false, description = "Stop after the pipeline instead of serving SQL.")
  boolean noServe;

  /** The demo's analyst account: given a new random password by every demo. */
  static final String DEMO_ANALYST = "demo-analyst";

  @Override
  public Integer call() throws InterruptedException {
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("--days must be between 1 and 3660, not " + days);
    }
    GoodairConfig config = GoodairConfig.load(null);
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant from = to.minus(days, ChronoUnit.DAYS);
    System.out.printf("GoodAir demo: %d day(s) of simulated hourly capture, home %s%n", days, config.home());
    var totals = IngestCommand.backfill(config, from, to, seed, demoFaults(from), System.out);
    System.out.printf("%nbronze: %d hours, %d envelopes, %d ok, %d failed (failures are kept: bronze is also the "
        + "availability record).%n%n", totals.hours, totals.envelopes, totals.ok, totals.envelopes - totals.ok);
    try (Lake lake = Lake.open(config, "goodair-demo")) {
      Pipeline pipeline = Pipeline.open(lake, System.out);
      pipeline.promoteSilver(false);
      pipeline.promoteGold();
      pipeline.report();
      pipeline.maintain();
      System.out.println();
      pipeline.checkAndSummarize(to.plus(5, ChronoUnit.MINUTES));
      System.out.println();
      System.out.println(TextTable.render(new String[] {"table", "rows"}, rowCounts(lake)));
      System.out.println("Query it:  ./goodair sql \"select city_id, max(observed_at) from silver.weather_observation "
          + "group by city_id\"");
      System.out.println("           ./goodair sql \"select target_table, rule, count(*) from silver.quarantine group by 1, 2\"");
      System.out.println("           ./goodair sql \"select city_id, local_date, mean, max, coverage from gold.city_daily "
          + "where variable = 'o3_ugm3' order by local_date desc, city_id limit 12\"");
      System.out.println("           ./goodair sql \"select city_id, variable_y, lag_hours, pearson, spearman, n from "
          + "gold.correlations where period_type = 'all' and variable_x = 'temperature_c' and lag_hours = 0 "
          + "order by abs(pearson) desc limit 10\"");
      if (!noServe) {
        System.out.println();
        char[] password = UserAccounts.generatePassword();
        new UserAccounts(SqlServer.accountsFile(config)).put(DEMO_ANALYST, UserAccounts.Role.ANALYST, password);
        ServeCommand.serveUntilInterrupted(lake, SqlServer.Settings.from(config),
            "demo login " + DEMO_ANALYST + " / " + new String(password) + " (analyst: reads only; new each demo)",
            System.out);
      }
    }
    return 0;
  }

  private static List<org.apache.spark.sql.Row> rowCounts(Lake lake) {
    return Lake.tables(lake.layout()).stream()
        .map(t -> org.apache.spark.sql.RowFactory.create(t.name(), lake.spark().table(t.name()).count()))
        .toList();
  }

  /**
   * A small availability episode, so that the bronze zone shows failed fetches beside good ones: the OWM
   * air-pollution endpoint answers 503 for Grenoble during six hours of the first day.
   */
  static List<String> demoFaults(Instant from) {
    return List.of("owm_air:grenoble:http_503:from=" + FAULT_HOUR.format(from.plus(6, ChronoUnit.HOURS))
        + ":to=" + FAULT_HOUR.format(from.plus(12, ChronoUnit.HOURS)));
  }
}
