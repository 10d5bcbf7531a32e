package fr.goodair.silver;

import java.io.Serializable;

/**
 * A bronze object to promote: its key under the lake root ({@code bronze/source=…/…/run-….jsonl}) and its size as
 * the listing reported it, so that reading it needs no extra metadata request ({@code -1}: unknown, asked for).
 *
 * <p>An object of a day past its hot retention lives in that day's archive ({@link BronzeArchiveIndex}): it keeps
 * its original key (so the manifest and lineage name it as before), and {@code archive} names the archive object
 * its bytes are read from, at {@code offset} in the decompressed archive, checked against {@code sha256}.
 *
 * @param archive key of the archive object holding it, {@code null} while it is hot
 */
public record BronzeObject(String key, long length, String archive, long offset, String sha256)
    implements Serializable {

  public BronzeObject(String key, long length) {
    this(key, length, null, -1, null);
  }

  public static BronzeObject ofKey(String key) {
    return new BronzeObject(key, -1);
  }

  /** An original object as its day's archive holds it. */
  static BronzeObject archived(BronzeArchiveIndex index, BronzeArchiveIndex.Entry entry) {
    return new BronzeObject(entry.key(), entry.length(), index.archive(), entry.offset(), entry.sha256());
  }

  boolean isArchived() {
    return archive != null;
  }

  /** The object read to get its bytes: itself while hot, its archive after. */
  String location() {
    return isArchived() ? archive : key;
  }

  /** {@code ingest_date=…/hour=…}: objects sort by the hour they captured. */
  String hour() {
    return key.substring(key.indexOf("ingest_date="), key.indexOf("/run-"));
  }
}
