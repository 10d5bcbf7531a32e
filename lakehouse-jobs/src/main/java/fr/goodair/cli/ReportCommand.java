package fr.goodair.cli;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import fr.goodair.pipeline.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code goodair report}: the HTML reports again, from the lake as it is (run and demo write them after gold). */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write the HTML reports (main indicators, extreme variations and alerts, correlations) from gold "
        + "into the lake's reports zone and the local folder (reports.local-dir, default $GOODAIR_HOME/reports).")
public final class ReportCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    GoodairConfig config = GoodairConfig.load(null);
    try (Lake lake = Lake.open(config, "goodair-report")) {
      return Pipeline.open(lake, System.out).report().isPresent() ? 0 : 1;
    }
  }
}
