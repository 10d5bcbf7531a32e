package fr.goodair.retention;

import fr.goodair.lake.LakeTable;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code VACUUM … RETAIN <deleted-file retention>} on every table: the files no version of the promised window
 * references (rows deleted or rewritten earlier, a crashed write's leftovers) are deleted; the ones the window
 * needs stay, so time travel within it keeps working.
 *
 * <p>VACUUM judges age on the real clock (files' and tombstones' times), not on the {@code now} given to
 * {@link #plan}: the plan is Delta's own dry run, and a table whose dry run lists nothing is not vacuumed. A dry
 * run lists the whole table folder, so it is skipped for a table created within the window ({@code clock}): every
 * file in it is younger than the window, and nothing can go yet.
 */
public final class DeltaVacuum implements RetentionStep {

  static final String ACTION = "vacuum";

  private final SparkSession spark;
  private final List<LakeTable> tables;
  private final int retainDays;
  private final Clock clock;

  public DeltaVacuum(SparkSession spark, List<LakeTable> tables, RetentionPolicy policy, Clock clock) {
    this.spark = spark;
    this.tables = List.copyOf(tables);
    this.retainDays = policy.delta().deletedFileRetentionDays();
    this.clock = clock;
  }

  @Override
  public List<RetentionAction> plan(Instant now) {
    Instant windowStart = clock.instant().minus(retainDays, ChronoUnit.DAYS);
    List<RetentionAction> actions = new ArrayList<>();
    for (LakeTable table : tables) {
      Object created = spark.sql("DESCRIBE DETAIL " + table.name()).select("createdAt").first().get(0);
      if (created != null && instant(created).isAfter(windowStart)) {
        continue;
      }
      long files = withSmallListing(() -> files(spark.sql(vacuum(table.name()) + " DRY RUN")
          .as(org.apache.spark.sql.Encoders.STRING()).collectAsList()));
      if (files > 0) {
        actions.add(new RetentionAction(table.database(), ACTION, table.name(), null, files
            + " files no version of the last " + retainDays + " days uses"));
      }
    }
    return actions;
  }

  @Override
  public void apply(List<RetentionAction> planned) {
    for (RetentionAction action : planned) {
      if (!action.action().equals(ACTION)) {
        throw new IllegalArgumentException("not a VACUUM action: " + action);
      }
      withSmallListing(() -> spark.sql(vacuum(action.target())).count());
    }
  }

  /**
   * Runs a VACUUM with its folder listing spread over as many tasks as the session has cores: Delta lists with
   * Spark's partition-discovery parallelism, 10,000 tasks by default, which took a minute for one small table.
   */
  private long withSmallListing(java.util.function.LongSupplier vacuum) {
    String key = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    String before = spark.conf().getOption(key).getOrElse(() -> null);
    spark.conf().set(key, Math.max(1, spark.sparkContext().defaultParallelism()));
    try {
      return vacuum.getAsLong();
    } finally {
      if (before == null) {
        spark.conf().unset(key);
      } else {
        spark.conf().set(key, before);
      }
    }
  }

  /**
   * The files among the paths a dry run lists. It also lists directories it takes for empty because their files are
   * too recent to count, such as a change-data-feed table's {@code _change_data} after a DELETE: VACUUM cannot delete
   * those, and they would be planned again every day.
   */
  private long files(List<String> paths) {
    long files = 0;
    for (String path : paths) {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      try {
        if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).getFileStatus(p).isFile()) {
          files++;
        }
      } catch (java.io.FileNotFoundException e) {
        // Gone since the listing: nothing to delete.
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot look at " + p, e);
      }
    }
    return files;
  }

  private String vacuum(String table) {
    return "VACUUM " + table + " RETAIN " + retainDays * 24L + " HOURS";
  }

  /** Spark hands timestamps back as {@code Instant} with the Java 8 time API (Sessions), else as Timestamp. */
  private static Instant instant(Object value) {
    return value instanceof Instant i ? i : ((java.sql.Timestamp) value).toInstant();
  }
}
