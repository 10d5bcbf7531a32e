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

/** {@code goodair promote [silver|gold|all]}: the Spark promotion jobs, then the tables' maintenance. */
@Command(name = "promote", mixinStandardHelpOptions = true,
    description = "Promote bronze to silver (quality-gated) and/or silver to gold; incremental and exactly-once.")
public final class PromoteCommand implements Callable<Integer> {

  @Parameters(index = "0", defaultValue = "silver", paramLabel = "ZONE", description = "silver | gold | all (default silver)")
  String zone;

  @Option(names = "--full-scan", description = "List every bronze date, not only the recent ones (after a long outage).")
  boolean fullScan;

  @Override
  public Integer call() {
    if (!List.of("silver", "gold", "all").contains(zone)) {
      throw new IllegalArgumentException("unknown zone '" + zone + "': use silver, gold or all");
    }
    GoodairConfig config = GoodairConfig.load(null);
    try (Lake lake = Lake.open(config, "goodair-promote")) {
      Pipeline pipeline = Pipeline.open(lake, System.out);
      boolean heldBack = false;
      if (!zone.equals("gold")) {
        List<SilverPromotionJob.BatchReport> reports = pipeline.promoteSilver(fullScan);
        heldBack = reports.stream().anyMatch(SilverPromotionJob.BatchReport::heldBack);
      }
      if (!zone.equals("silver")) {
        pipeline.promoteGold();
      }
      pipeline.maintain();
      return heldBack ? 2 : 0;
    }
  }
}
