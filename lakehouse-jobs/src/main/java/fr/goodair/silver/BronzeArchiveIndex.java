package fr.goodair.silver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code index.json} of a daily bronze archive ({@code bronze-archive/source=…/ingest_date=…/}): which
 * archive object holds the day, its checksum, and every original object it holds with where its bytes are in the
 * decompressed archive. The originals keep their identity: silver reads an archived object under its original key,
 * so its promotion manifest and lineage columns are the same as when it was hot.
 *
 * @param formatVersion {@link #FORMAT_VERSION}
 * @param archive the archive object's key relative to the lake root ({@code bronze-archive/…/archive-….jsonl.gz})
 * @param archiveSha256 SHA-256 (hex) of the archive object as stored (gzip bytes)
 * @param archiveBytes size of the archive object as stored
 * @param lines envelope lines (non-blank lines) of all originals together
 * @param objects the originals, in key order
 */
public record BronzeArchiveIndex(int formatVersion, String source, String ingestDate, String archive,
    String archiveSha256, long archiveBytes, long lines, List<Entry> objects) {

  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One original object: its key ({@code bronze/source=…/hour=…/run-….jsonl}), where its bytes start in the
   * decompressed archive and how many there are, its envelope lines and its SHA-256 (hex).
   */
  public record Entry(String key, long offset, long length, long lines, String sha256) {}

  public byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write an archive index", e);
    }
  }

  public static BronzeArchiveIndex fromJson(byte[] json, String where) throws IOException {
    BronzeArchiveIndex index;
    try {
      index = JSON.readValue(json, BronzeArchiveIndex.class);
    } catch (IOException e) {
      throw new IOException("unreadable bronze archive index " + where + ": " + e.getMessage(), e);
    }
    if (index.formatVersion() != FORMAT_VERSION || index.archive() == null || index.objects() == null) {
      throw new IOException("bronze archive index " + where + " is not an index of format " + FORMAT_VERSION);
    }
    return index;
  }

  /** The index at {@code path}, or empty when there is none (no archive, or one whose writing never finished). */
  public static Optional<BronzeArchiveIndex> read(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return Optional.of(fromJson(in.readAllBytes(), path.toString()));
    } catch (FileNotFoundException none) {
      return Optional.empty();
    }
  }
}
