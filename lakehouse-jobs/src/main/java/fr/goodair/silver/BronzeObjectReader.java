package fr.goodair.silver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FutureDataInputStreamBuilder;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.TaskCompletionListener;

/**
 * Reads a task's share of bronze objects, many at a time, into lines {@code (bronze_object, line_number, line)}.
 *
 * <p>Why not Spark's file sources: bronze is many small objects (one per source and hour, 26,000 a year), and a
 * file source spends a metadata request on each before it reads it, then reads one at a time per task. The
 * listing already gave the sizes, so each object costs a single GET here, and a task keeps
 * {@code concurrency} of them in flight: on object storage the wait is latency, not bandwidth. An archived object
 * is read out of its day's archive, which is read once for all of the task's objects it holds.
 */
final class BronzeObjectReader implements FlatMapFunction<Iterator<BronzeObject>, Row> {

  private final String lakeRoot;
  private final Map<String, String> hadoopConf;
  private final int concurrency;

  /** {@code hadoopConf}: the session's Hadoop settings (the store's endpoint and credentials), rebuilt in the task. */
  BronzeObjectReader(String lakeRoot, Map<String, String> hadoopConf, int concurrency) {
    this.lakeRoot = lakeRoot;
    this.hadoopConf = hadoopConf;
    this.concurrency = concurrency;
  }

  @Override
  public Iterator<Row> call(Iterator<BronzeObject> objects) {
    List<BronzeObject> mine = new ArrayList<>();
    objects.forEachRemaining(mine::add);
    if (mine.isEmpty()) {
      return List.<Row>of().iterator();
    }
    Configuration conf = new Configuration(false);
    hadoopConf.forEach(conf::set);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, mine.size()), runnable -> {
      Thread thread = new Thread(runnable, "bronze-reader");
      thread.setDaemon(true);
      return thread;
    });
    TaskContext task = TaskContext.get();
    if (task != null) {
      task.addTaskCompletionListener((TaskCompletionListener) context -> pool.shutdownNow());
    }
    // One read per object read: a hot object, or an archive that holds several of this task's objects.
    Map<String, Future<byte[]>> reads = new LinkedHashMap<>();
    Map<String, Integer> readers = new HashMap<>();
    for (BronzeObject object : mine) {
      reads.computeIfAbsent(object.location(), location -> pool.submit(() -> read(object, conf)));
      readers.merge(object.location(), 1, Integer::sum);
    }
    pool.shutdown();
    // Lines are handed on object by object as the reads complete, so the parsing downstream overlaps the reads.
    return new Iterator<>() {
      private int next;
      private Iterator<Row> current = java.util.Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && next < mine.size()) {
          BronzeObject object = mine.get(next);
          List<Row> lines = new ArrayList<>();
          addLines(object.key(), contentOf(object, await(reads.get(object.location()), object)), lines);
          if (readers.merge(object.location(), -1, Integer::sum) == 0) {
            reads.remove(object.location()); // its last object: let the archive's bytes go
          }
          next++;
          current = lines.iterator();
        }
        return current.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  /** The bytes of what holds {@code object}: the object itself, or its archive decompressed. */
  private byte[] read(BronzeObject object, Configuration conf) throws IOException {
    Path path = new Path(lakeRoot + "/" + object.location());
    FileSystem fs = path.getFileSystem(conf);
    FutureDataInputStreamBuilder open = fs.openFile(path).opt("fs.s3a.experimental.input.fadvise", "sequential");
    if (!object.isArchived() && object.length() >= 0) {
      open.withFileStatus(new FileStatus(object.length(), false, 1, 0, 0, path));
    }
    try (FSDataInputStream in = awaitOpen(open)) {
      byte[] bytes = in.readAllBytes();
      return object.isArchived() ? BronzeArchiveFormat.gunzip(bytes, object.archive()) : bytes;
    }
  }

  /** An archived object's own bytes out of its decompressed archive, checked against its checksum. */
  private static byte[] contentOf(BronzeObject object, byte[] read) {
    if (!object.isArchived()) {
      return read;
    }
    try {
      return BronzeArchiveFormat.slice(read, new BronzeArchiveIndex.Entry(object.key(), object.offset(),
          object.length(), -1, object.sha256()), object.archive());
    } catch (IOException damaged) {
      throw new UncheckedIOException(damaged);
    }
  }

  private static FSDataInputStream awaitOpen(FutureDataInputStreamBuilder open) throws IOException {
    try {
      return open.build().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private static byte[] await(Future<byte[]> read, BronzeObject object) {
    try {
      return read.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + object.key(), e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(new IOException("cannot read bronze object " + object.key()
          + (object.isArchived() ? " (archived in " + object.archive() + ")" : "") + ": "
          + e.getCause().getMessage(), e.getCause()));
    }
  }

  /** One row per non-blank line, numbered from 1 as in the object (blank lines keep their number). */
  static void addLines(String key, byte[] content, List<Row> into) {
    int number = 0;
    int start = 0;
    while (start <= content.length) {
      int end = start;
      while (end < content.length && content[end] != '\n') {
        end++;
      }
      number++;
      if (end > start) {
        String line = new String(content, start, end - start, StandardCharsets.UTF_8);
        if (!line.isBlank()) {
          into.add(RowFactory.create(key, number, line));
        }
      }
      start = end + 1;
    }
  }
}
