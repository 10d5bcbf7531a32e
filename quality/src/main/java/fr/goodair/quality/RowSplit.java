package fr.goodair.quality;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Candidate rows split by the row-level rules of their table.
 *
 * <p>{@link #accepted()} has the candidates' schema and holds the rows that pass every row-level rule;
 * {@link #rejected()} has the same columns plus {@code rule} and {@code detail}, one row per (candidate row,
 * failing rule): a row failing two rules appears twice, so the quarantine says every reason. The counts were
 * measured when the split was made.
 *
 * <p>Both datasets are views over one cache of the candidates marked with their failing rules, so the rules were
 * evaluated once, in one pass of the source, however many times the views are read. Close the split once both
 * views are written (and the batch verified), to release that cache.
 */
public final class RowSplit implements AutoCloseable {

  private final Dataset<Row> accepted;
  private final Dataset<Row> rejected;
  private final long candidateRows;
  private final long rejectedRows;
  private final Map<String, Long> rejectedByRule;
  private final Runnable release;

  RowSplit(Dataset<Row> accepted, Dataset<Row> rejected, long candidateRows, long rejectedRows,
      Map<String, Long> rejectedByRule, Runnable release) {
    this.accepted = accepted;
    this.rejected = rejected;
    this.candidateRows = candidateRows;
    this.rejectedRows = rejectedRows;
    this.rejectedByRule = Collections.unmodifiableMap(new LinkedHashMap<>(rejectedByRule));
    this.release = release;
  }

  /** Rows passing every row-level rule, with the candidates' schema. */
  public Dataset<Row> accepted() {
    return accepted;
  }

  /** Candidate columns + {@code rule} STRING + {@code detail} STRING, one row per (row, failing rule). */
  public Dataset<Row> rejected() {
    return rejected;
  }

  public long candidateRows() {
    return candidateRows;
  }

  /** Candidate rows failing at least one rule (each counted once). */
  public long rejectedRows() {
    return rejectedRows;
  }

  public long acceptedRows() {
    return candidateRows - rejectedRows;
  }

  /** Rejected rows per row-level rule, in registry order, zeros included. */
  public Map<String, Long> rejectedByRule() {
    return rejectedByRule;
  }

  /** Releases the candidates' cache if the split created it. */
  @Override
  public void close() {
    release.run();
  }
}
