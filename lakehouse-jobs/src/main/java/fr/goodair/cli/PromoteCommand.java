package fr.goodair.cli;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import fr.goodair.pipeline.Pipeline;
import fr.goodair.silver.SilverPromotionJob;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code goodair promote [silver|all]}: the Spark promotion jobs (gold joins with its issue). */
@Command(name = "promote", mixinStandardHelpOptions = true,
    description = "Promote bronze to silver (incremental, exactly-once, quality-gated).")
public final class PromoteCommand implements Callable<Integer> {

  @Parameters(index = "0", defaultValue = "silver", paramLabel = "ZONE", description = "silver | all (default silver)")
  String zone;

  @Option(names = "--full-scan", description = "List every bronze date, not only the recent ones (after a long outage).")
  boolean fullScan;

  @Override
  public Integer call() {
    if (!List.of("silver", "all").contains(zone)) {
      throw new IllegalArgumentException("unknown zone '" + zone + "': use silver or all");
    }
    GoodairConfig config = GoodairConfig.load(null);
    try (Lake lake = Lake.open(config, "goodair-promote")) {
      List<SilverPromotionJob.BatchReport> reports = Pipeline.open(lake, System.out).promoteSilver(fullScan);
      return reports.stream().anyMatch(SilverPromotionJob.BatchReport::heldBack) ? 2 : 0;
    }
  }
}
