package fr.goodair.silver;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists bronze objects ({@code bronze/source=…/ingest_date=…/hour=…/run-….jsonl}) with their sizes, one listing
 * per ingest-date folder, {@code concurrency} folders at a time: a year is a thousand folders, and on object
 * storage each listing is a round trip.
 */
final class BronzeListing {

  private final FileSystem fs;
  private final Path bronze;
  private final int concurrency;

  BronzeListing(FileSystem fs, Path bronze, int concurrency) {
    this.fs = fs;
    this.bronze = bronze;
    this.concurrency = concurrency;
  }

  /**
   * Objects of each source from its first date on ({@code null}: every date), keys relative to the lake root.
   *
   * @param firstDates source → first ingest date to list, or null for all
   */
  List<BronzeObject> list(Map<String, LocalDate> firstDates) throws IOException {
    List<Path> folders = new ArrayList<>();
    for (Map.Entry<String, LocalDate> source : firstDates.entrySet()) {
      Path sourceDir = new Path(bronze, "source=" + source.getKey());
      if (!fs.exists(sourceDir)) {
        continue;
      }
      for (FileStatus dateDir : fs.listStatus(sourceDir)) {
        String name = dateDir.getPath().getName();
        if (dateDir.isDirectory() && name.startsWith("ingest_date=") && (source.getValue() == null
            || !LocalDate.parse(name.substring("ingest_date=".length())).isBefore(source.getValue()))) {
          folders.add(dateDir.getPath());
        }
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, folders.size())));
    try {
      List<Future<List<BronzeObject>>> listings = new ArrayList<>();
      for (Path folder : folders) {
        listings.add(pool.submit(() -> objectsUnder(folder)));
      }
      List<BronzeObject> objects = new ArrayList<>();
      for (Future<List<BronzeObject>> listing : listings) {
        objects.addAll(listing.get());
      }
      return objects;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing " + bronze, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private List<BronzeObject> objectsUnder(Path folder) throws IOException {
    List<BronzeObject> objects = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        String path = file.getPath().toString();
        if (path.endsWith(".jsonl")) {
          objects.add(new BronzeObject(path.substring(path.indexOf("/bronze/") + 1), file.getLen()));
        }
      }
    } catch (FileNotFoundException emptied) {
      // A date folder emptied since it was listed (lifecycle rules, an empty directory marker): nothing to do.
    }
    return objects;
  }
}
