package fr.goodair.ingestion.bronze;

import fr.goodair.ingestion.source.Source;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Object names of the bronze zone (DESIGN.md §3), one object per (source, run):
 * {@code bronze/source=<source>/ingest_date=YYYY-MM-DD/hour=HH/run-<runId>.jsonl}, date and hour in UTC of the
 * hour the run captures. The Spark jobs rely on this layout: never change it, only add beside it.
 */
public final class BronzeLayout {

  public static final String ROOT = "bronze/";
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);

  private BronzeLayout() {}

  public static String hourPrefix(Source source, Instant hour) {
    return ROOT + "source=" + source.id() + "/ingest_date=" + DATE.format(hour) + "/hour=" + HOUR.format(hour) + "/";
  }

  public static String objectKey(Source source, Instant hour, String runId) {
    return hourPrefix(source, hour) + "run-" + runId + ".jsonl";
  }
}
