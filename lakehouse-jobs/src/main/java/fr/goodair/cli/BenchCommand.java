package fr.goodair.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code goodair bench <part>}: the benchmarks. Each prints its figures and the ratio to its goal. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: `ingest` = one hourly capture of N cities x 3 endpoints against the simulator "
        + "with realistic latency and the providers' rate limits.")
public final class BenchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PART", description = "What to measure: ingest.")
  String part;

  @Option(names = "--cities", defaultValue = "40", description = "Cities in the ingest benchmark (default ${DEFAULT-VALUE}).")
  int cities;

  @Override
  public Integer call() throws Exception {
    return switch (part) {
      case "ingest" -> new IngestBenchmark(cities).run(System.out);
      default -> throw new IllegalArgumentException("unknown benchmark '" + part + "' (available: ingest)");
    };
  }
}
