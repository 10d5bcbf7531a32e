package fr.goodair.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The archive format and the silver reader on it, without Spark: the reader's task function runs on a lake in a
 * local folder. An archived object must give exactly the lines (numbers included) it gave while hot.
 */
class BronzeArchiveFormatTest {

  private static final LocalDate DAY = LocalDate.parse("2026-03-01");
  private static final String A = "bronze/source=aqicn/ingest_date=2026-03-01/hour=05/run-a.jsonl";
  private static final String B = "bronze/source=aqicn/ingest_date=2026-03-01/hour=06/run-b.jsonl";
  private static final String C = "bronze/source=aqicn/ingest_date=2026-03-01/hour=07/run-c.jsonl";

  /** A blank line inside (its number is kept), one without a final newline, one empty. */
  private static SortedMap<String, byte[]> originals() {
    SortedMap<String, byte[]> originals = new TreeMap<>();
    originals.put(A, "{\"n\":1}\n\n{\"n\":3}\n".getBytes(StandardCharsets.UTF_8));
    originals.put(B, "{\"n\":4}\n{\"n\":5}".getBytes(StandardCharsets.UTF_8));
    originals.put(C, new byte[0]);
    return originals;
  }

  @Test
  void archivedObjectsReadAsTheyDidHot() throws Exception {
    Path lake = Files.createTempDirectory("archive-lake");
    SortedMap<String, byte[]> originals = originals();
    BronzeArchiveFormat.Packed packed = BronzeArchiveFormat.pack("aqicn", DAY, originals);
    assertThat(packed.index().lines()).isEqualTo(4);
    assertThat(packed.index().objects()).extracting(BronzeArchiveIndex.Entry::lines).containsExactly(2L, 2L, 0L);
    Map<String, byte[]> unpacked = BronzeArchiveFormat.unpack(packed.data(), packed.index());
    assertThat(unpacked).containsOnlyKeys(A, B, C);
    originals.forEach((key, bytes) -> assertThat(unpacked.get(key)).isEqualTo(bytes));
    // Round trip of the index through its JSON.
    assertThat(BronzeArchiveIndex.fromJson(packed.index().toJson(), "test")).isEqualTo(packed.index());

    for (Map.Entry<String, byte[]> original : originals.entrySet()) {
      write(lake, original.getKey(), original.getValue());
    }
    write(lake, packed.index().archive(), packed.data());
    List<BronzeObject> hot = originals.keySet().stream().map(BronzeObject::ofKey).toList();
    List<BronzeObject> archived = packed.index().objects().stream()
        .map(entry -> BronzeObject.archived(packed.index(), entry)).toList();

    List<String> fromHot = read(lake, hot);
    assertThat(fromHot).containsExactly(A + "|1|{\"n\":1}", A + "|3|{\"n\":3}", B + "|1|{\"n\":4}",
        B + "|2|{\"n\":5}");
    assertThat(read(lake, archived)).containsExactlyElementsOf(fromHot);
  }

  @Test
  void aDamagedArchiveIsRefusedWithWhatIsWrong() throws Exception {
    Path lake = Files.createTempDirectory("archive-lake");
    BronzeArchiveFormat.Packed packed = BronzeArchiveFormat.pack("aqicn", DAY, originals());
    // Another content of the same length where the index says A is: gzip is intact, A's checksum is not.
    SortedMap<String, byte[]> altered = originals();
    altered.put(A, "{\"n\":9}\n\n{\"n\":3}\n".getBytes(StandardCharsets.UTF_8));
    byte[] damaged = BronzeArchiveFormat.pack("aqicn", DAY, altered).data();
    write(lake, packed.index().archive(), damaged);
    List<BronzeObject> archived = packed.index().objects().stream()
        .map(entry -> BronzeObject.archived(packed.index(), entry)).toList();

    assertThatThrownBy(() -> read(lake, archived)).isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("is damaged").hasMessageContaining(A);
    assertThatThrownBy(() -> BronzeArchiveFormat.unpack(damaged, packed.index()))
        .hasMessageContaining("does not match its index");
    byte[] truncated = java.util.Arrays.copyOf(packed.data(), packed.data().length - 8);
    write(lake, packed.index().archive(), truncated);
    assertThatThrownBy(() -> read(lake, archived)).hasMessageContaining("not readable gzip")
        .hasMessageContaining(packed.index().archive());
  }

  private static void write(Path lake, String key, byte[] bytes) throws Exception {
    Path file = lake.resolve(key);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /** The reader's task function over {@code objects}: "key|line number|line" per row. */
  private static List<String> read(Path lake, List<BronzeObject> objects) throws Exception {
    Iterator<Row> rows = new BronzeObjectReader(lake.toUri().toString().replaceAll("/$", ""), Map.of(), 4).call(objects.iterator());
    List<String> lines = new ArrayList<>();
    rows.forEachRemaining(r -> lines.add(r.getString(0) + "|" + r.getInt(1) + "|" + r.getString(2)));
    return lines;
  }
}
