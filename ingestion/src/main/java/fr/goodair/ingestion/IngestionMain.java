package fr.goodair.ingestion;

import picocli.CommandLine;

/**
 * Entry point of the ingestion container (no Spark on its classpath): {@code java -jar ingestion.jar --once}.
 * The same command is {@code ./goodair ingest} in the full CLI.
 */
public final class IngestionMain {

  private IngestionMain() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new IngestCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("goodair ingest: " + e.getMessage());
      return 1;
    });
    System.exit(cli.execute(args));
  }
}
