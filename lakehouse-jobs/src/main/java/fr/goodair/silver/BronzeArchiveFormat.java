package fr.goodair.silver;

import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.ingestion.bronze.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A daily bronze archive (pure logic, no I/O): the day's original objects, byte for byte, one after the other,
 * gzip-compressed; a newline is added after an original that lacks a final one, so that the archive is itself
 * valid JSON Lines of envelopes ({@code zcat archive-….jsonl.gz} shows them). The index says where each original
 * is and its checksum, so it comes back out exactly (its line numbers too).
 */
public final class BronzeArchiveFormat {

  private BronzeArchiveFormat() {}

  /** An archive ready to be written: its data object (gzip) and its index. */
  public record Packed(byte[] data, BronzeArchiveIndex index) {}

  /** Packs {@code originals} (key relative to the lake root → bytes, in key order) into the archive of one day. */
  public static Packed pack(String source, LocalDate ingestDate, SortedMap<String, byte[]> originals) {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    List<BronzeArchiveIndex.Entry> entries = new ArrayList<>();
    long lines = 0;
    for (Map.Entry<String, byte[]> original : originals.entrySet()) {
      byte[] bytes = original.getValue();
      long count = lines(bytes);
      entries.add(new BronzeArchiveIndex.Entry(original.getKey(), raw.size(), bytes.length, count,
          Sha256.hex(bytes)));
      lines += count;
      raw.writeBytes(bytes);
      if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
        raw.write('\n');
      }
    }
    byte[] data = gzip(raw.toByteArray());
    String sha256 = Sha256.hex(data);
    return new Packed(data, new BronzeArchiveIndex(BronzeArchiveIndex.FORMAT_VERSION, source,
        ingestDate.toString(), BronzeLayout.archiveDataKey(source, ingestDate, sha256), sha256, data.length, lines,
        List.copyOf(entries)));
  }

  /**
   * The originals back out of {@code data} (key → bytes, index order), every checksum and line count checked
   * against {@code index}.
   *
   * @throws IOException naming what does not match, when the archive is damaged or is not the index's
   */
  public static Map<String, byte[]> unpack(byte[] data, BronzeArchiveIndex index) throws IOException {
    if (data.length != index.archiveBytes() || !Sha256.hex(data).equals(index.archiveSha256())) {
      throw new IOException("bronze archive " + index.archive() + " does not match its index: " + data.length
          + " bytes, SHA-256 " + Sha256.hex(data) + "; expected " + index.archiveBytes() + " bytes, SHA-256 "
          + index.archiveSha256());
    }
    byte[] raw = gunzip(data, index.archive());
    Map<String, byte[]> originals = new LinkedHashMap<>();
    long lines = 0;
    for (BronzeArchiveIndex.Entry entry : index.objects()) {
      byte[] bytes = slice(raw, entry, index.archive());
      long count = lines(bytes);
      if (count != entry.lines()) {
        throw new IOException("bronze archive " + index.archive() + ": " + entry.key() + " has " + count
            + " lines, its index says " + entry.lines());
      }
      lines += count;
      originals.put(entry.key(), bytes);
    }
    if (lines != index.lines()) {
      throw new IOException("bronze archive " + index.archive() + " holds " + lines + " lines, its index says "
          + index.lines());
    }
    return originals;
  }

  /** One original's bytes out of the decompressed archive, checked against its SHA-256. */
  static byte[] slice(byte[] raw, BronzeArchiveIndex.Entry entry, String archive) throws IOException {
    if (entry.offset() < 0 || entry.length() < 0 || entry.offset() + entry.length() > raw.length) {
      throw new IOException("bronze archive " + archive + " is truncated: " + entry.key() + " should be at bytes "
          + entry.offset() + "–" + (entry.offset() + entry.length()) + " of " + raw.length);
    }
    byte[] bytes = Arrays.copyOfRange(raw, (int) entry.offset(), (int) (entry.offset() + entry.length()));
    if (!Sha256.hex(bytes).equals(entry.sha256())) {
      throw new IOException("bronze archive " + archive + " is damaged: " + entry.key()
          + " does not match its SHA-256 " + entry.sha256());
    }
    return bytes;
  }

  /** Envelope lines of an object as silver counts them: its non-blank lines ({@link BronzeObjectReader}). */
  public static long lines(byte[] content) {
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    BronzeObjectReader.addLines("", content, rows);
    return rows.size();
  }

  static byte[] gunzip(byte[] data, String archive) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IOException("bronze archive " + archive + " is not readable gzip: " + e.getMessage(), e);
    }
  }

  private static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
