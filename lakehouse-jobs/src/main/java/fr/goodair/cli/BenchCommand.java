package fr.goodair.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code goodair bench <part>}: the benchmarks. Each prints its figures and the ratio to its goal. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: `ingest` = one hourly capture of N cities x 3 endpoints against the simulator "
        + "with realistic latency and the providers' rate limits; `silver` = hourly promotion cost on 1 day vs 1 "
        + "year of history, and full rebuild throughput; `gold` = hourly gold cost on 1 day, 1 year and 3 years of "
        + "history, and the gold rebuild time; `serve` = dashboard queries over JDBC at 1 and 8 clients on 1 year "
        + "of gold, against DuckDB on the same Parquet files.")
public final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PART", description = "What to measure: ingest | silver | gold | serve.")
  String part;

  @Option(names = "--cities", description = "Cities (default 40 for ingest, 20 for silver and gold).")
  Integer cities;

  @Option(names = "--history-days", defaultValue = "365",
      description = "Long history of the silver benchmark, in days (default ${DEFAULT-VALUE}).")
  int historyDays;

  @Option(names = "--histories", split = ",", defaultValue = "1,365,1095",
      description = "Histories of the gold benchmark, in days, the first being the reference of the ratios "
          + "(default ${DEFAULT-VALUE}).")
  java.util.List<Integer> histories;

  @Override
  public Integer call() throws Exception {
    return switch (part) {
      case "ingest" -> new IngestBenchmark(cities == null ? 40 : cities).run(System.out);
      case "silver" -> new SilverBenchmark(cities == null ? 20 : cities, historyDays).run(System.out);
      case "gold" -> new GoldBenchmark(cities == null ? 20 : cities, histories).run(System.out);
      case "serve" -> new ServeBenchmark().run(System.out);
      default -> throw new IllegalArgumentException("unknown benchmark '" + part
          + "' (available: ingest, silver, gold, serve)");
    };
  }
}
