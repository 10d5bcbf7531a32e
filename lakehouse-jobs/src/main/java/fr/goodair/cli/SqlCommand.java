package fr.goodair.cli;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code goodair sql "<statement>"}: one statement on the lake catalog, result printed as a table. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run one SQL statement on the lake catalog (silver.*, gold.*, quality.*) and print the result.")
public final class SqlCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "STATEMENT", description = "e.g. \"select count(*) from silver.quarantine\"")
  String statement;

  @Option(names = "--max-rows", defaultValue = "100", description = "Rows printed at most (default ${DEFAULT-VALUE}).")
  int maxRows;

  @Override
  public Integer call() {
    GoodairConfig config = GoodairConfig.load(null);
    try (Lake lake = Lake.open(config, "goodair-sql")) {
      Dataset<Row> result = lake.spark().sql(statement);
      List<Row> rows = result.takeAsList(maxRows + 1);
      System.out.print(TextTable.render(result.columns(), rows.subList(0, Math.min(rows.size(), maxRows))));
      if (rows.size() > maxRows) {
        System.out.printf("(first %d rows shown; --max-rows to see more)%n", maxRows);
      }
    }
    return 0;
  }
}
