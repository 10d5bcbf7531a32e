package fr.goodair.retention;

import fr.goodair.reports.GoldReports;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The HTML reports: in the lake's reports zone ({@code reports/<family>/<UTC time>.html}, aged by the time in their
 * name, and {@code latest.html}, aged by its modification time) and in the local folder ({@code reports.local-dir},
 * aged by modification time). A report older than the policy's period goes, wherever it is.
 */
public final class ReportRetention implements RetentionStep {

  static final String ACTION = "delete reports";
  /** The UTC time GoldReports puts in a report's name ({@link GoldReports#STAMP}). */
  private static final Pattern STAMP = Pattern.compile("(\\d{8}T\\d{6}Z)\\.html");

  private final org.apache.hadoop.fs.Path lakeReports;
  private final Configuration hadoop;
  private final Path localFolder;
  private final RetentionPolicy.Keep keep;

  public ReportRetention(String lakeReportsRoot, Configuration hadoop, Path localFolder, RetentionPolicy policy) {
    this.lakeReports = new org.apache.hadoop.fs.Path(lakeReportsRoot);
    this.hadoop = hadoop;
    this.localFolder = localFolder;
    this.keep = policy.reports();
  }

  @Override
  public List<RetentionAction> plan(Instant now) throws IOException {
    Instant cutoff = keep.cutoff(now);
    List<RetentionAction> actions = new ArrayList<>();
    int inLake = lakeReportsBefore(cutoff).size();
    if (inLake > 0) {
      actions.add(new RetentionAction("reports", ACTION, lakeReports.toString(), cutoff,
          inLake + " report objects older than " + keep));
    }
    int local = localReportsBefore(cutoff).size();
    if (local > 0) {
      actions.add(new RetentionAction("reports", ACTION, localFolder.toString(), cutoff,
          local + " local report files older than " + keep));
    }
    return actions;
  }

  @Override
  public void apply(List<RetentionAction> planned) throws IOException {
    for (RetentionAction action : planned) {
      if (action.target().equals(lakeReports.toString())) {
        FileSystem fs = lakeReports.getFileSystem(hadoop);
        for (org.apache.hadoop.fs.Path object : lakeReportsBefore(action.before())) {
          fs.delete(object, false);
        }
      } else if (action.target().equals(localFolder.toString())) {
        for (Path file : localReportsBefore(action.before())) {
          Files.deleteIfExists(file);
        }
      } else {
        throw new IllegalArgumentException("not a report retention action: " + action);
      }
    }
  }

  private List<org.apache.hadoop.fs.Path> lakeReportsBefore(Instant cutoff) throws IOException {
    List<org.apache.hadoop.fs.Path> expired = new ArrayList<>();
    FileSystem fs = lakeReports.getFileSystem(hadoop);
    RemoteIterator<LocatedFileStatus> files;
    try {
      files = fs.listFiles(lakeReports, true);
    } catch (FileNotFoundException e) {
      return expired;
    }
    while (files.hasNext()) {
      LocatedFileStatus file = files.next();
      if (written(file.getPath().getName(), file.getModificationTime()).isBefore(cutoff)) {
        expired.add(file.getPath());
      }
    }
    return expired;
  }

  private List<Path> localReportsBefore(Instant cutoff) throws IOException {
    if (!Files.isDirectory(localFolder)) {
      return List.of();
    }
    List<Path> expired = new ArrayList<>();
    try (Stream<Path> files = Files.list(localFolder)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if ((name.endsWith(".html") || name.endsWith(".html.partial"))
            && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
          expired.add(file);
        }
      }
    }
    return expired;
  }

  /** When a lake report was written: the time in its name, else its modification time. */
  static Instant written(String name, long modifiedMillis) {
    Matcher m = STAMP.matcher(name);
    if (m.matches()) {
      try {
        return GoldReports.STAMP.parse(m.group(1), Instant::from);
      } catch (DateTimeParseException e) {
        // Not a time after all: fall back on the modification time.
      }
    }
    return Instant.ofEpochMilli(modifiedMillis);
  }
}
