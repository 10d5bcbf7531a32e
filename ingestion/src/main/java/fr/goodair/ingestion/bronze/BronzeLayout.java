package fr.goodair.ingestion.bronze;

import fr.goodair.ingestion.source.Source;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Object names of the bronze zone (DESIGN.md §3), one object per (source, run):
 * {@code bronze/source=<source>/ingest_date=YYYY-MM-DD/hour=HH/run-<runId>.jsonl}, date and hour in UTC of the
 * hour the run captures. The Spark jobs rely on this layout: never change it, only add beside it.
 *
 * <p>Beside it, the archive of days past their hot retention, one folder per (source, ingest date):
 * {@code bronze-archive/source=<source>/ingest_date=YYYY-MM-DD/} holding {@code index.json} (what the archive
 * holds, with checksums) and the {@code archive-<sha256 prefix>.jsonl.gz} it names. A prefix of its own, so that
 * an object-store lifecycle rule can address hot objects and archives apart, and never a Delta table.
 */
public final class BronzeLayout {

  public static final String ROOT = "bronze/";
  public static final String ARCHIVE_ROOT = "bronze-archive/";
  public static final String ARCHIVE_INDEX = "index.json";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

  private BronzeLayout() {}

  public static String hourPrefix(Source source, Instant hour) {
    return ROOT + "source=" + source.id() + "/ingest_date=" + DATE.format(hour) + "/hour=" + HOUR.format(hour) + "/";
  }

  /** The archive folder of (source, ingest date), e.g. {@code bronze-archive/source=aqicn/ingest_date=2026-03-28/}. */
  public static String archiveFolder(String sourceId, LocalDate ingestDate) {
    return ARCHIVE_ROOT + "source=" + sourceId + "/ingest_date=" + ingestDate + "/";
  }

  /** The index of an archive folder: written last, so an archive exists for readers only once it is complete. */
  public static String archiveIndexKey(String sourceId, LocalDate ingestDate) {
    return archiveFolder(sourceId, ingestDate) + ARCHIVE_INDEX;
  }

  /**
   * The archive's data object, named by its content's SHA-256: a rewrite (a late object added) never overwrites
   * the object the current index names.
   */
  public static String archiveDataKey(String sourceId, LocalDate ingestDate, String sha256) {
    return archiveFolder(sourceId, ingestDate) + "archive-" + sha256.substring(0, 16) + ".jsonl.gz";
  }

  public static String objectKey(Source source, Instant hour, String runId) {
    return hourPrefix(source, hour) + "run-" + runId + ".jsonl";
  }
}
