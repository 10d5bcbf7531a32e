package fr.goodair.quality;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link QualityGate#verifyBatch} decided about one batch of a table.
 *
 * @param acceptedRows rows that passed every row-level rule (as counted by Deequ)
 * @param rejectedRows candidate rows rejected by row-level rules (each counted once)
 * @param results one result per batch rule, then (when known) one per row-level rule with its rejected count
 */
public record BatchVerdict(String table, BatchKey key, long acceptedRows, long rejectedRows,
    List<RuleResult> results) {

  public BatchVerdict {
    results = List.copyOf(results);
  }

  /**
   * True when an ERROR rule failed: the batch must not be written to silver; it stays in bronze and is re-run
   * once the cause is fixed.
   */
  public boolean holdsBack() {
    return results.stream().anyMatch(RuleResult::failedAtError);
  }

  public List<RuleResult> failures() {
    return results.stream().filter(result -> !result.passed()).toList();
  }

  /** One line for logs and alerts, e.g. {@code silver.x batch 42: held back (rejected_share: 62 of 100 ...)}. */
  public String describe() {
    String head = table + " batch " + key.id() + ": " + (holdsBack() ? "held back" : "accepted") + ", "
        + acceptedRows + (acceptedRows == 1 ? " row" : " rows") + " accepted, " + rejectedRows + " rejected";
    List<RuleResult> failures = failures();
    return failures.isEmpty() ? head : head + "; failed: " + failures.stream()
        .map(f -> f.rule() + " [" + f.level().name().toLowerCase() + "] " + f.message())
        .collect(Collectors.joining("; "));
  }
}
