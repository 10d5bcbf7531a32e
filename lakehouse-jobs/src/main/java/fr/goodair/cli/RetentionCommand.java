package fr.goodair.cli;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.store.ConfiguredObjectStore;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.retention.RetentionAction;
import fr.goodair.retention.RetentionJob;
import fr.goodair.retention.RetentionPolicy;
import fr.goodair.retention.S3Lifecycle;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goodair retention [--dry-run | --s3-lifecycle]}: the data lifecycle policy, planned then applied. */
@Command(name = "retention", mixinStandardHelpOptions = true,
    description = "Apply the retention policy (retention-policy.yaml, or the file retention.policy-file names): "
        + "expired rows, Delta files past the time-travel window, old reports and audit-log days. Prints what goes.")
public final class RetentionCommand implements Callable<Integer> {

  @Option(names = "--dry-run", description = "List what would go (zone, action, target, cutoff, counts); change nothing.")
  boolean dryRun;

  @Option(names = "--s3-lifecycle", description = "Print the equivalent S3 bucket lifecycle configuration (JSON for "
      + "aws s3api put-bucket-lifecycle-configuration; bronze prefixes only) and change nothing.")
  boolean s3Lifecycle;

  @Override
  public Integer call() {
    GoodairConfig config = GoodairConfig.load(null);
    RetentionPolicy policy = RetentionPolicy.load(config);
    if (s3Lifecycle) {
      LakeLayout lake;
      try (ConfiguredObjectStore store = ConfiguredObjectStore.open(config)) {
        // As Lake.open places the lake, without starting Spark.
        lake = new LakeLayout(config.value("lake.root", "s3a://" + store.settings().bucket()));
      }
      System.out.println(S3Lifecycle.json(lake, policy));
      System.err.println("apply with: aws s3api put-bucket-lifecycle-configuration --bucket " + S3Lifecycle.bucket(lake)
          + " --lifecycle-configuration file://lifecycle.json (the JSON above in lifecycle.json)");
      return 0;
    }
    try (Lake lake = Lake.open(config, "goodair-retention")) {
      RetentionJob job = RetentionJob.of(lake);
      RetentionJob.Plan plan = job.plan(Instant.now());
      if (plan.isEmpty()) {
        System.out.println("retention: nothing to remove");
        return 0;
      }
      System.out.print(table(plan.actions()));
      if (dryRun) {
        System.out.println("dry run: nothing changed (" + plan.actions().size() + " actions would run)");
        return 0;
      }
      job.apply(plan);
      System.out.println("retention: " + plan.actions().size() + " actions applied");
      return 0;
    }
  }

  static String table(List<RetentionAction> actions) {
    List<Row> rows = actions.stream().map(a -> RowFactory.create(a.zone(), a.action(), a.target(),
        a.before() == null ? "-" : a.before().toString(), a.detail())).toList();
    return TextTable.render(new String[] {"zone", "action", "target", "before", "what"}, rows);
  }
}
