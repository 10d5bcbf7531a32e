package fr.goodair.cli;

import fr.goodair.ingestion.IngestCommand;
import fr.goodair.ingestion.config.GoodairConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code goodair demo}: the main job on embedded defaults. Today: simulated hourly ingestion of the last N days
 * into the embedded object store, then where the data is. Later stages (silver, gold, serving) join here.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the pipeline on embedded defaults: simulated hourly ingestion of the last N days into the "
        + "embedded S3 store.")
public final class DemoCommand implements Callable<Integer> {

  private static final DateTimeFormatter FAULT_HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  @Option(names = "--days", defaultValue = "3", description = "Days of simulated hourly data (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    if (days < 1 || days > 3660) {
      throw new IllegalArgumentException("--days must be between 1 and 3660, not " + days);
    }
    GoodairConfig config = GoodairConfig.load(null);
    Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
    Instant from = to.minus(days, ChronoUnit.DAYS);
    System.out.printf("GoodAir demo: %d day(s) of simulated hourly capture, home %s%n", days, config.home());
    var totals = IngestCommand.backfill(config, from, to, seed, demoFaults(from), System.out);
    System.out.printf("%nDone: %d hours, %d envelopes, %d ok, %d failed (failures are kept: bronze is also the "
        + "availability record).%n", totals.hours, totals.envelopes, totals.ok, totals.envelopes - totals.ok);
    System.out.println("Look at it: find " + config.home().resolve("s3") + " -name '*.jsonl' | head");
    return 0;
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
