package fr.goodair.cli;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.serving.SqlServer;
import fr.goodair.serving.UserAccounts;
import fr.goodair.serving.UserAccounts.Account;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code goodair users add|remove|list}: the SQL endpoint's accounts (see {@link UserAccounts}). */
@Command(name = "users", mixinStandardHelpOptions = true,
    description = "Manage the SQL endpoint's accounts (salted PBKDF2 hashes in $GOODAIR_HOME/sql-users).",
    subcommands = {UsersCommand.Add.class, UsersCommand.Remove.class, UsersCommand.ListAccounts.class})
public final class UsersCommand {

  static UserAccounts accounts() {
    return new UserAccounts(SqlServer.accountsFile(GoodairConfig.load(null)));
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add an account, or give an existing one a new password and role.")
  static final class Add implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "Account name, e.g. alice")
    String name;

    @Option(names = "--role", defaultValue = "analyst", description = "analyst (reads only) or admin (default ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--generate-password", description = "Generate a random password and print it once.")
    boolean generate;

    @Override
    public Integer call() throws IOException {
      UserAccounts.Role parsed = UserAccounts.Role.parse(role);
      char[] password = password();
      try {
        accounts().put(name, parsed, password);
        System.out.printf("account %s (%s) saved%s%n", name, parsed.label(),
            generate ? "; its password, shown this once: " + new String(password) : "");
      } finally {
        Arrays.fill(password, '\0');
      }
      return 0;
    }

    private char[] password() throws IOException {
      if (generate) {
        return UserAccounts.generatePassword();
      }
      if (passwordStdin) {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
          throw new IllegalArgumentException("no password on standard input");
        }
        return line.toCharArray();
      }
      Console console = System.console();
      if (console == null) {
        throw new IllegalArgumentException("no terminal to ask for the password: use --password-stdin or "
            + "--generate-password");
      }
      char[] first = console.readPassword("Password for %s: ", name);
      char[] second = console.readPassword("Again: ");
      if (first == null || !Arrays.equals(first, second)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return first;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an account.")
  static final class Remove implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      if (!accounts().remove(name)) {
        throw new IllegalArgumentException("no account named '" + name + "'");
      }
      System.out.printf("account %s removed%n", name);
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts and their roles.")
  static final class ListAccounts implements Callable<Integer> {

    @Override
    public Integer call() {
      List<Account> all = accounts().list();
      List<Row> rows = all.stream().map(a -> RowFactory.create(a.name(), a.role().label())).toList();
      System.out.print(TextTable.render(new String[] {"account", "role"}, rows));
      return 0;
    }
  }
}
