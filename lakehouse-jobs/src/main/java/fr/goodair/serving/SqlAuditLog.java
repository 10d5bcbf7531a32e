package fr.goodair.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationCanceled;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationError;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationFinish;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationStart;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerOperationTimeout;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerSessionClosed;
import org.apache.spark.sql.hive.thriftserver.ui.SparkListenerThriftServerSessionCreated;

/**
 * Who ran what on the SQL endpoint, when, and how it ended: one JSON line per login attempt and per statement, in
 * a file per UTC day ({@code sql-audit-YYYY-MM-DD.jsonl}). It names people, so it is personal data: files older
 * than the retention ({@code audit.keep} of the retention policy, 183 days, within the CNIL's 6 to 12 months for
 * access logs) are deleted when the server starts and at each new day. Passwords never reach it.
 *
 * <p>Statements come from the Thrift server's own events on the Spark listener bus (start, then finish, error,
 * cancel or timeout), so that refused statements are recorded with the refusal.
 */
public final class SqlAuditLog extends SparkListener {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlAuditLog.class);
  private static final Pattern FILE = Pattern.compile("sql-audit-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");
  private static final FileAttribute<?> OWNER_ONLY_FOLDER =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<?> OWNER_ONLY_FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  private static final int MAX_STATEMENT = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Session(String user, String ip) {}

  private record Started(String sessionId, String user, String statement, long startTime) {}

  private final Path dir;
  private final int retentionDays;
  private final Clock clock;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, Started> running = new ConcurrentHashMap<>();
  private LocalDate prunedOn;

  public SqlAuditLog(Path dir, int retentionDays, Clock clock) {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("the SQL audit retention must be 1 day or more, not " + retentionDays);
    }
    this.dir = dir;
    this.retentionDays = retentionDays;
    this.clock = clock;
  }

  public Path dir() {
    return dir;
  }

  /** A login attempt, accepted or refused (the password is not an argument: it cannot be written). */
  public void login(String user, boolean accepted) {
    ObjectNode line = JSON.createObjectNode().put("event", "login").put("user", user)
        .put("outcome", accepted ? "accepted" : "refused");
    write(line, clock.instant());
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof SparkListenerThriftServerSessionCreated e) {
      sessions.put(e.sessionId(), new Session(e.userName(), e.ip()));
    } else if (event instanceof SparkListenerThriftServerSessionClosed e) {
      sessions.remove(e.sessionId());
    } else if (event instanceof SparkListenerThriftServerOperationStart e) {
      running.put(e.id(), new Started(e.sessionId(), e.userName(), e.statement(), e.startTime()));
    } else if (event instanceof SparkListenerThriftServerOperationFinish e) {
      ended(e.id(), "ok", null, e.finishTime());
    } else if (event instanceof SparkListenerThriftServerOperationError e) {
      ended(e.id(), "error", e.errorMsg(), e.finishTime());
    } else if (event instanceof SparkListenerThriftServerOperationCanceled e) {
      ended(e.id(), "canceled", null, e.finishTime());
    } else if (event instanceof SparkListenerThriftServerOperationTimeout e) {
      ended(e.id(), "timeout", null, e.finishTime());
    }
  }

  private void ended(String id, String outcome, String error, long finishTime) {
    Started s = running.remove(id);
    if (s == null) {
      return;
    }
    Session session = sessions.get(s.sessionId());
    String statement = s.statement() == null ? "" : s.statement().strip();
    ObjectNode line = JSON.createObjectNode().put("event", "statement").put("user", s.user())
        .put("client_ip", session == null ? null : session.ip()).put("session_id", s.sessionId())
        .put("statement", statement.length() > MAX_STATEMENT ? statement.substring(0, MAX_STATEMENT) + "…" : statement)
        .put("outcome", outcome).put("duration_ms", finishTime - s.startTime());
    if (error != null) {
      line.put("error", error.lines().findFirst().orElse(error));
    }
    write(line, Instant.ofEpochMilli(finishTime));
  }

  private synchronized void write(ObjectNode fields, Instant at) {
    ObjectNode line = JSON.createObjectNode().put("at", at.toString());
    line.setAll(fields);
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    try {
      // Created readable by the owner only: the audit log is personal data.
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, OWNER_ONLY_FOLDER);
      }
      if (!day.equals(prunedOn)) {
        prune(day);
      }
      Path file = dir.resolve("sql-audit-" + day + ".jsonl");
      if (!Files.exists(file)) {
        Files.createFile(file, OWNER_ONLY_FILE);
      }
      Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // The audit must not take the endpoint down with it, but its gap must be visible.
      LOG.error("SQL audit: cannot write to {}: {}", dir, e.toString());
    }
  }

  /** Deletes the day files older than the retention; returns the deleted ones. */
  public synchronized List<Path> prune(LocalDate today) {
    prunedOn = today;
    try {
      List<Path> expired = dayFilesBefore(dir, oldestKept(today, retentionDays));
      for (Path f : expired) {
        Files.delete(f);
      }
      if (!expired.isEmpty()) {
        LOG.info("SQL audit: {} day file(s) older than {} days deleted", expired.size(), retentionDays);
      }
      return expired;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot apply the SQL audit retention in " + dir, e);
    }
  }

  /** The first UTC day kept {@code today} with {@code retentionDays} of log: today counts as one. */
  public static LocalDate oldestKept(LocalDate today, int retentionDays) {
    return today.minusDays(retentionDays - 1L);
  }

  /** The day files of {@code dir} for days before {@code oldestKept}, oldest first (the retention's plan uses it too). */
  public static List<Path> dayFilesBefore(Path dir, LocalDate oldestKept) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> {
        Matcher m = FILE.matcher(f.getFileName().toString());
        return m.matches() && LocalDate.parse(m.group(1)).isBefore(oldestKept);
      }).sorted().toList();
    }
  }
}
