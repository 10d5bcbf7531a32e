package fr.goodair.serving;

import fr.goodair.serving.UserAccounts.Role;
import fr.goodair.lake.LakeTable;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.CurrentUserContext;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.apache.spark.sql.execution.datasources.v2.DataSourceV2Relation;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * The SQL endpoint's rule for analyst accounts: read, never change. A Spark session extension (every GoodAir
 * session has it, see {@link fr.goodair.lake.Sessions}) whose check runs on each analysed statement before it
 * executes. It only acts on statements of a SQL endpoint user (the Thrift server names the account of each
 * statement in {@link CurrentUserContext}); the jobs' own statements have none.
 *
 * <p>An allow-list, so that a command this class has never heard of is refused rather than let through: an
 * analyst may run queries, SHOW / DESCRIBE commands (Delta's DESCRIBE HISTORY and DETAIL included), EXPLAIN, USE,
 * and SET to read a setting. Every other command (INSERT, UPDATE, DELETE, MERGE, CREATE, DROP, ALTER, OPTIMIZE,
 * VACUUM, CACHE, ADD JAR, SET key=value...) is refused, and so are the two ways a query could run code on the
 * server: {@code reflect}/{@code java_method} and {@code TRANSFORM ... USING} scripts. Reading files by path
 * ({@code parquet.`/etc`}, {@code delta.`s3a://...`}) is refused too: analysts go through the catalog's tables,
 * whatever session settings their client sends at login.
 */
public final class ReadOnlyAnalysts extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

  private static final Set<String> READING_COMMANDS = Set.of("ExplainCommand", "SetCatalogAndNamespace",
      "SetNamespaceCommand", "SetCatalogCommand");

  private static volatile UserAccounts accounts;
  private static volatile List<String> tableLocations = List.of();

  /**
   * Makes the rule look roles up in {@code accounts} and let analysts read the files of {@code tables} only (the
   * SQL server does this before it accepts clients).
   */
  public static void install(UserAccounts accounts, List<LakeTable> tables) {
    ReadOnlyAnalysts.accounts = accounts;
    ReadOnlyAnalysts.tableLocations = tables.stream().map(t -> t.location().replaceAll("/+$", "")).toList();
  }

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectCheckRule(session -> plan -> {
      check(plan);
      return BoxedUnit.UNIT;
    });
    return BoxedUnit.UNIT;
  }

  static void check(LogicalPlan plan) {
    String user = CurrentUserContext.CURRENT_USER().get();
    if (user == null) {
      return;
    }
    UserAccounts known = accounts;
    java.util.Optional<Role> account = known == null ? java.util.Optional.of(Role.ANALYST) : known.role(user);
    if (account.isEmpty()) {
      // Removing an account ends its access at once, also on the connections it already has open.
      throw new AnalystWriteRefused("refused: account '" + user + "' no longer exists");
    }
    if (account.get() == Role.ADMIN) {
      return;
    }
    String refused = refusal(plan);
    if (refused != null) {
      throw new AnalystWriteRefused("refused: account '" + user + "' is an analyst account, which reads only ("
          + refused + "); ask an admin account to change the lake");
    }
  }

  /** What in {@code plan} an analyst may not run, or null. */
  static String refusal(LogicalPlan plan) {
    String[] found = {null};
    scala.Function1<LogicalPlan, BoxedUnit> visit = node -> {
      if (found[0] == null) {
        found[0] = refusalOf(node);
      }
      return BoxedUnit.UNIT;
    };
    plan.foreach(visit);
    // subqueriesAll: the subqueries of every node of the plan, and theirs.
    plan.subqueriesAll().foreach(subquery -> {
      subquery.foreach(visit);
      return BoxedUnit.UNIT;
    });
    return found[0];
  }

  private static String refusalOf(LogicalPlan node) {
    if (node instanceof ScriptTransformation) {
      return "TRANSFORM scripts";
    }
    if (node instanceof Command && !reads((Command) node)) {
      return node.nodeName();
    }
    if (node instanceof LogicalRelation relation && !insideTheLake(relation)
        || node instanceof DataSourceV2Relation v2 && v2.identifier().isEmpty()) {
      return "reading files by path";
    }
    boolean[] reflection = {false};
    node.expressions().foreach(e -> {
      reflection[0] |= e.find(x -> x instanceof CallMethodViaReflection).isDefined();
      return BoxedUnit.UNIT;
    });
    return reflection[0] ? "reflect / java_method" : null;
  }

  /** A relation over files of the lake's tables only (a Delta table read by name, or by its own path). */
  private static boolean insideTheLake(LogicalRelation relation) {
    if (!(relation.relation() instanceof HadoopFsRelation files)) {
      return relation.catalogTable().isDefined();
    }
    boolean[] inside = {true};
    files.location().rootPaths().foreach(path -> {
      String p = path.toString();
      inside[0] &= tableLocations.stream().anyMatch(t -> p.equals(t) || p.startsWith(t + "/"));
      return BoxedUnit.UNIT;
    });
    return inside[0];
  }

  private static boolean reads(Command command) {
    String name = command.getClass().getSimpleName();
    if (command instanceof SetCommand set) {
      // SET alone lists the settings and SET key shows one; SET key=value changes the session.
      return set.kv().isEmpty() || set.kv().get()._2().isEmpty();
    }
    return name.startsWith("Show") || name.startsWith("Describe") || READING_COMMANDS.contains(name);
  }

  /** The refusal: its message is what the JDBC client shows. */
  public static final class AnalystWriteRefused extends SecurityException {
    AnalystWriteRefused(String message) {
      super(message);
    }
  }
}
