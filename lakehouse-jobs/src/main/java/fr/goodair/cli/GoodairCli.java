package fr.goodair.cli;

import fr.goodair.ingestion.IngestCommand;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./goodair <command>}: one command line, the same on a laptop (embedded defaults) and in production
 * (configuration file + environment). Errors print as one line naming the cause; {@code --verbose} adds the
 * stack trace and INFO logs on the console.
 */
@Command(name = "goodair", mixinStandardHelpOptions = true, version = "GoodAir Lakehouse 0.1.0",
    description = "GoodAir lakehouse: hourly air-quality and weather capture for French cities.",
    subcommands = {DemoCommand.class, RunCommand.class, IngestCommand.class, PromoteCommand.class, CheckCommand.class,
        ReportCommand.class, RetentionCommand.class, SqlCommand.class, ServeCommand.class, UsersCommand.class, BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class GoodairCli {

  @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Stack traces and INFO logs on the console.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    // Logging reads these when the first logger is created, so they are set before anything else runs.
    Path home = Path.of(System.getenv().getOrDefault("GOODAIR_HOME", ".goodair")).toAbsolutePath();
    System.setProperty("goodair.log.dir", home.resolve("logs").toString());
    System.setProperty("goodair.console.level", verbose ? "info" : "warn");

    CommandLine cli = new CommandLine(new GoodairCli());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("goodair " + commandLine.getCommandName() + ": " + oneLine(e));
      if (verbose) {
        e.printStackTrace(commandLine.getErr());
      } else {
        commandLine.getErr().println("(run again with --verbose for details; logs in " + home.resolve("logs") + ")");
      }
      return 1;
    });
    return cli.execute(args);
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      message = e.getClass().getSimpleName();
    }
    return message.lines().filter(l -> !l.isBlank()).findFirst().orElse(message);
  }
}
