package fr.goodair.ingestion;

import fr.goodair.ingestion.source.RunContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Captures at the top of every hour until the process is stopped. The last captured hour is kept in
 * {@code state/last-captured-hour}: when the daemon finds hours with no capture since then (it was down, or the
 * machine slept), it records each as missed, never fetching "old" data that would pass for that hour.
 */
final class HourlyDaemon {

  private static final Logger LOG = LoggerFactory.getLogger(HourlyDaemon.class);
  /** Gaps longer than this are recorded as their last week only: older hours are outside any useful alerting. */
  private static final Duration MAX_GAP_RECORDED = Duration.ofDays(7);

  private final IngestionRuntime runtime;
  private final Path stateFile;
  private final PrintStream out;

  HourlyDaemon(IngestionRuntime runtime, Path stateDir, PrintStream out) {
    this.runtime = runtime;
    this.stateFile = stateDir.resolve("last-captured-hour");
    this.out = out;
  }

  void run() {
    out.println("daemon: capturing at the top of every hour; stop with Ctrl-C");
    while (!Thread.currentThread().isInterrupted()) {
      Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
      recordGapsBefore(hour);
      runtime.simulator().ifPresent(sim -> sim.clock().set(Instant.now()));
      var summary = runtime.ingestion().run(new RunContext(RunIds.next(hour), hour, runtime.simulator().isPresent()), false);
      out.println(summary.describe());
      writeState(stateFile, hour);
      sleepUntil(hour.plus(1, ChronoUnit.HOURS));
    }
  }

  /** Records as missed every hour after the last captured one and before {@code hour}. */
  void recordGapsBefore(Instant hour) {
    Instant last = lastCapturedHour();
    if (last == null) {
      return;
    }
    Instant gap = last.plus(1, ChronoUnit.HOURS);
    Instant oldest = hour.minus(MAX_GAP_RECORDED);
    if (gap.isBefore(oldest)) {
      gap = oldest;
    }
    for (; gap.isBefore(hour); gap = gap.plus(1, ChronoUnit.HOURS)) {
      runtime.ingestion().recordMissed(new RunContext(RunIds.next(gap), gap, runtime.simulator().isPresent()),
          "no capture ran for this hour (last captured hour was " + last + ")");
      out.println(gap + "  missed: recorded as a gap");
    }
  }

  private Instant lastCapturedHour() {
    try {
      return Files.exists(stateFile) ? Instant.parse(Files.readString(stateFile).strip()) : null;
    } catch (IOException | DateTimeParseException e) {
      LOG.warn("ignoring unreadable daemon state {}: {}", stateFile, e.getMessage());
      return null;
    }
  }

  static void writeState(Path file, Instant hour) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, hour.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the daemon state " + file, e);
    }
  }

  private static void sleepUntil(Instant next) {
    try {
      long millis = Duration.between(Instant.now(), next).toMillis();
      if (millis > 0) {
        Thread.sleep(millis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
