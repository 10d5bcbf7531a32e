package fr.goodair.cli;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import fr.goodair.pipeline.Pipeline;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goodair check}: the scheduled quality checks on silver, alerts, and the summary. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check silver (freshness per city and source, error rates, completeness, row counts), raise or "
        + "close alerts, and print the quality summary.")
public final class CheckCommand implements Callable<Integer> {

  @Option(names = "--at", paramLabel = "T", description = "Check as of this instant (ISO UTC; default now).")
  Instant at;

  @Override
  public Integer call() {
    GoodairConfig config = GoodairConfig.load(null);
    try (Lake lake = Lake.open(config, "goodair-check")) {
      Pipeline pipeline = Pipeline.open(lake, System.out);
      var results = pipeline.checkAndSummarize(at == null ? Instant.now() : at);
      return results.stream().anyMatch(r -> r.failedAtError()) ? 2 : 0;
    }
  }
}
