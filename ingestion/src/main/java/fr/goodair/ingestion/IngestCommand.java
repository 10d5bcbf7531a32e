package fr.goodair.ingestion;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.source.RunContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code goodair ingest}: capture to bronze. One hour now ({@code --once}, for cron or a Kubernetes CronJob),
 * every hour ({@code --daemon}), or a simulated backfill ({@code --simulate --from T --to T}).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Capture AQICN and OpenWeatherMap answers for every city into the bronze zone.",
        "Without API keys (GOODAIR_AQICN_TOKEN, GOODAIR_OWM_API_KEY) the built-in API simulator answers."})
public final class IngestCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @ArgGroup(exclusive = true) Mode mode = new Mode();

  static final class Mode {
    @Option(names = "--once", description = "Capture the current hour once (default).") boolean once;
    @Option(names = "--daemon", description = "Capture at the top of every hour until stopped; missed hours are recorded as gaps.") boolean daemon;
    @Option(names = "--simulate", description = "Backfill hours through the API simulator and its simulated clock (with --from/--to).") boolean simulate;
  }

  @Option(names = "--from", paramLabel = "T", description = "First hour of a simulated backfill (ISO UTC, e.g. 2026-01-01T00:00:00Z).")
  Instant from;

  @Option(names = "--to", paramLabel = "T", description = "End of a simulated backfill, exclusive (ISO UTC).")
  Instant to;

  @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (same seed, same data). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--fault", paramLabel = "SPEC", description = "Simulator fault, e.g. owm_weather:lyon:http_503:x2 (repeatable; see the README).")
  List<String> faults = new ArrayList<>();

  @Option(names = "--force", description = "Fetch again cities already captured for the hour.")
  boolean force;

  @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default $GOODAIR_HOME/goodair.properties).")
  Path configFile;

  @Override
  public Integer call() {
    GoodairConfig config = GoodairConfig.load(configFile);
    PrintStream out = System.out;
    if (mode.simulate) {
      if (from == null || to == null) {
        throw new ParameterException(spec.commandLine(), "--simulate needs --from and --to (ISO UTC hours)");
      }
      backfill(config, from, to, seed, faults, out);
      return 0;
    }
    if (from != null || to != null) {
      throw new ParameterException(spec.commandLine(), "--from/--to go with --simulate");
    }
    if (!mode.daemon) {
      captureCurrentHour(config, seed, faults, force, out);
      return 0;
    }
    try (IngestionRuntime runtime = IngestionRuntime.open(config, IngestionRuntime.Options.live(seed, faults))) {
      announce(runtime, out);
      new HourlyDaemon(runtime, config.home().resolve("state"), out).run();
    }
    return 0;
  }

  /** {@code ingest --once}: captures the current hour (real APIs when configured, the simulator otherwise). */
  public static HourlyIngestion.RunSummary captureCurrentHour(GoodairConfig config, long seed, List<String> faults,
      boolean force, PrintStream out) {
    try (IngestionRuntime runtime = IngestionRuntime.open(config, IngestionRuntime.Options.live(seed, faults))) {
      announce(runtime, out);
      Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
      runtime.simulator().ifPresent(sim -> sim.clock().set(Instant.now()));
      var summary = runtime.ingestion().run(new RunContext(RunIds.next(hour), hour, runtime.simulator().isPresent()), force);
      out.println(summary.describe());
      out.println("bronze: " + runtime.describeBronze());
      return summary;
    }
  }

  /**
   * Replays the hours [from, to) through the simulator, each hour with the simulated clock a couple of minutes
   * past the top of the hour, as a cron job would run. Prints progress; returns the totals.
   */
  public static BackfillTotals backfill(GoodairConfig config, Instant from, Instant to, long seed, List<String> faults,
      PrintStream out) {
    Instant first = from.truncatedTo(ChronoUnit.HOURS);
    long hours = Duration.between(first, to).toHours();
    if (hours <= 0) {
      throw new IllegalArgumentException("--to " + to + " must be at least one hour after --from " + from);
    }
    try (IngestionRuntime runtime = IngestionRuntime.open(config, IngestionRuntime.Options.backfill(seed, faults))) {
      announce(runtime, out);
      out.printf("simulating %d hour(s) from %s to %s for %d cities (seed %d)%n", hours, first, to,
          runtime.cities().size(), seed);
      BackfillTotals totals = new BackfillTotals();
      Instant started = Instant.now();
      long step = Math.max(1, hours / 10);
      for (long i = 0; i < hours; i++) {
        Instant hour = first.plus(i, ChronoUnit.HOURS);
        runtime.simulator().orElseThrow().clock().set(hour.plus(2, ChronoUnit.MINUTES));
        var summary = runtime.ingestion().run(new RunContext(RunIds.next(hour), hour, true), false);
        totals.add(summary);
        if ((i + 1) % step == 0 || i + 1 == hours) {
          out.printf("  %3d%%  %d/%d hours  up to %s  %d envelopes (%d ok)  %.0f s%n", (i + 1) * 100 / hours, i + 1,
              hours, hour, totals.envelopes, totals.ok, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        }
      }
      out.println("bronze: " + runtime.describeBronze());
      return totals;
    }
  }

  /** Running totals of a backfill. */
  public static final class BackfillTotals {
    public long hours;
    public long envelopes;
    public long ok;
    public long spooled;

    void add(HourlyIngestion.RunSummary summary) {
      hours++;
      envelopes += summary.fetched();
      ok += summary.count(fr.goodair.ingestion.bronze.Outcome.OK);
      spooled += summary.sources().values().stream()
          .filter(s -> s.delivery() == fr.goodair.ingestion.bronze.BronzeWriter.Delivery.SPOOLED).count();
    }
  }

  private static void announce(IngestionRuntime runtime, PrintStream out) {
    out.println("source: " + runtime.simulator().map(s -> "API simulator (no API keys configured or --simulate): "
        + "envelopes are marked simulated").orElse("AQICN and OpenWeatherMap APIs"));
    out.println("store:  " + runtime.store().settings().describe());
  }

}
