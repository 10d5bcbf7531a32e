package fr.goodair.retention;

import fr.goodair.serving.SqlAuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The SQL audit log's day files older than {@code audit.keep}, by the same rule the SQL server applies when it
 * starts and at each new UTC day ({@link SqlAuditLog#prune}): this step covers the days no server was running.
 */
public final class AuditRetention implements RetentionStep {

  static final String ACTION = "delete audit files";

  private final Path dir;
  private final int days;

  public AuditRetention(Path dir, RetentionPolicy policy) {
    this.dir = dir;
    this.days = policy.auditDays();
  }

  @Override
  public List<RetentionAction> plan(Instant now) throws IOException {
    LocalDate oldestKept = SqlAuditLog.oldestKept(LocalDate.ofInstant(now, ZoneOffset.UTC), days);
    List<Path> expired = SqlAuditLog.dayFilesBefore(dir, oldestKept);
    if (expired.isEmpty()) {
      return List.of();
    }
    return List.of(new RetentionAction("audit", ACTION, dir.toString(), oldestKept.atStartOfDay(ZoneOffset.UTC)
        .toInstant(), expired.size() + " day files older than " + days + " days ("
        + expired.get(0).getFileName() + (expired.size() > 1 ? " … " + expired.get(expired.size() - 1).getFileName()
        : "") + ")"));
  }

  @Override
  public void apply(List<RetentionAction> planned) throws IOException {
    for (RetentionAction action : planned) {
      if (!action.action().equals(ACTION) || !action.target().equals(dir.toString())) {
        throw new IllegalArgumentException("not an audit retention action: " + action);
      }
      for (Path file : SqlAuditLog.dayFilesBefore(dir, LocalDate.ofInstant(action.before(), ZoneOffset.UTC))) {
        Files.deleteIfExists(file);
      }
    }
  }
}
