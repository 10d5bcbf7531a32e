package fr.goodair.silver;

import fr.goodair.ingestion.bronze.BronzeLayout;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * storage each listing is a round trip. The days already archived ({@code bronze-archive/source=…/ingest_date=…/},
 * beside {@code bronze/}) are listed the same way, one index read per day in range: their objects come under their
 * original keys, so that the manifest recognises what it promoted while they were hot. An object both hot and
 * archived (the archiver stopped before deleting it) is listed once, hot.
 */
final class BronzeListing {

  private final FileSystem fs;
  private final Path bronze;
  private final Path archive;
  private final int concurrency;

  BronzeListing(FileSystem fs, Path bronze, int concurrency) {
    this.fs = fs;
    this.bronze = bronze;
    this.archive = new Path(bronze.getParent(), BronzeLayout.ARCHIVE_ROOT.replace("/", ""));
    this.concurrency = concurrency;
  }

  /**
   * Objects of each source from its first date on ({@code null}: every date), keys relative to the lake root.
   * An incremental run's first dates are recent: it reads no archive index (archived days are older), it only
   * lists each source's archive folder names.
   *
   * @param firstDates source → first ingest date to list, or null for all
   */
  List<BronzeObject> list(Map<String, LocalDate> firstDates) throws IOException {
    List<Path> hotFolders = dateFolders(bronze, firstDates);
    List<Path> archiveFolders = dateFolders(archive, firstDates);
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.max(1, Math.min(concurrency, hotFolders.size() + archiveFolders.size())));
    try {
      List<Future<List<BronzeObject>>> listings = new ArrayList<>();
      for (Path folder : hotFolders) {
        listings.add(pool.submit(() -> objectsUnder(folder)));
      }
      List<Future<List<BronzeObject>>> archived = new ArrayList<>();
      for (Path folder : archiveFolders) {
        archived.add(pool.submit(() -> archivedIn(folder)));
      }
      Map<String, BronzeObject> objects = new LinkedHashMap<>();
      for (Future<List<BronzeObject>> listing : listings) {
        listing.get().forEach(o -> objects.put(o.key(), o));
      }
      for (Future<List<BronzeObject>> listing : archived) {
        listing.get().forEach(o -> objects.putIfAbsent(o.key(), o));
      }
      return new ArrayList<>(objects.values());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while listing " + bronze, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The {@code ingest_date=…} folders under {@code zone/source=…} in range. */
  private List<Path> dateFolders(Path zone, Map<String, LocalDate> firstDates) throws IOException {
    List<Path> folders = new ArrayList<>();
    for (Map.Entry<String, LocalDate> source : firstDates.entrySet()) {
      Path sourceDir = new Path(zone, "source=" + source.getKey());
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
    return folders;
  }

  /** The originals an archive folder's index lists; none while it has no index (an archive not finished). */
  private List<BronzeObject> archivedIn(Path folder) throws IOException {
    return BronzeArchiveIndex.read(fs, new Path(folder, BronzeLayout.ARCHIVE_INDEX))
        .map(index -> index.objects().stream().map(entry -> BronzeObject.archived(index, entry)).toList())
        .orElse(List.of());
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
