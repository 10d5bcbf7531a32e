package fr.goodair.retention;

import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.ingestion.bronze.Sha256;
import fr.goodair.lake.LakeLayout;
import fr.goodair.silver.BronzeArchiveFormat;
import fr.goodair.silver.BronzeArchiveIndex;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bronze retention: hot JSON Lines objects are kept {@code hotDays} days, then each (source, ingest date) is
 * compacted into one daily archive ({@link BronzeArchiveFormat}, layout in {@link BronzeLayout}); archives are
 * deleted {@code archiveYears} years after their day. A day's age is that of its end: a day goes once all of it is
 * older than the cutoff.
 *
 * <p>Why a re-run after a crash at any point loses and duplicates nothing: the archive object is named by its
 * content's checksum and is read back and checked against the originals before the index naming it is written; the
 * index is written before any hot object is deleted, and a hot object is deleted only when the index holds the very
 * same bytes. Readers ({@code BronzeListing}) only see archives through their index and list an object both hot and
 * archived once. So a crash leaves either an unused archive object (rewritten identically, then the orphans are
 * removed) or an index with some originals still hot (checked again, then deleted).
 */
public class BronzeArchiver implements RetentionStep {

  static final String ZONE = "bronze";
  static final String ARCHIVE = "archive";
  static final String DELETE = "delete objects";

  private static final Logger LOG = LoggerFactory.getLogger(BronzeArchiver.class);
  private static final Pattern DAY_FOLDER =
      Pattern.compile("(bronze|bronze-archive)/source=([a-z0-9_]+)/ingest_date=(\\d{4}-\\d{2}-\\d{2})/");

  private final LakeLayout layout;
  private final int hotDays;
  private final int archiveYears;
  private final FileSystem fs;

  public BronzeArchiver(SparkSession spark, LakeLayout layout, int hotDays, int archiveYears) {
    if (hotDays < 1 || archiveYears < 1 || hotDays >= archiveYears * 365L) {
      throw new IllegalArgumentException("bronze retention needs 1 ≤ hot days (" + hotDays
          + ") < archive years (" + archiveYears + ") × 365");
    }
    this.layout = layout;
    this.hotDays = hotDays;
    this.archiveYears = archiveYears;
    Path root = new Path(layout.root() + "/");
    try {
      this.fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot reach the lake at " + layout.root(), e);
    }
  }

  @Override
  public List<RetentionAction> plan(Instant now) throws IOException {
    Instant hotCutoff = now.minus(hotDays, ChronoUnit.DAYS);
    Instant archiveCutoff = now.atZone(ZoneOffset.UTC).minusYears(archiveYears).toInstant();
    List<RetentionAction> actions = new ArrayList<>();
    for (Map.Entry<Day, Usage> hot : days(BronzeLayout.ROOT, ".jsonl").entrySet()) {
      Day day = hot.getKey();
      if (!endsBefore(day.date(), hotCutoff)) {
        continue;
      }
      if (endsBefore(day.date(), archiveCutoff)) {
        // Past the archive's retention too (retention never ran for years): archiving it would be deleted next.
        actions.add(new RetentionAction(ZONE, DELETE, day.prefix(), archiveCutoff,
            hot.getValue() + " hot, older than " + archiveYears + " years: deleted without archiving"));
      } else {
        actions.add(new RetentionAction(ZONE, ARCHIVE, day.prefix(), hotCutoff,
            hot.getValue() + " hot → one archive in " + archiveFolder(day)));
      }
    }
    for (Map.Entry<Day, Usage> archived : days(BronzeLayout.ARCHIVE_ROOT, "").entrySet()) {
      if (endsBefore(archived.getKey().date(), archiveCutoff)) {
        actions.add(new RetentionAction(ZONE, DELETE, archived.getKey().prefix(), archiveCutoff,
            archived.getValue() + " of archive, older than " + archiveYears + " years"));
      }
    }
    return actions;
  }

  @Override
  public void apply(List<RetentionAction> planned) throws IOException {
    for (RetentionAction action : planned) {
      Matcher target = DAY_FOLDER.matcher(action.target());
      if (!ZONE.equals(action.zone()) || !target.matches()
          || !(DELETE.equals(action.action()) || ARCHIVE.equals(action.action()) && target.group(1).equals("bronze"))) {
        throw new IllegalArgumentException("not a bronze retention action: " + action);
      }
      Day day = new Day(target.group(2), LocalDate.parse(target.group(3)), action.target());
      if (ARCHIVE.equals(action.action())) {
        archive(day);
      } else {
        deleteDay(day);
      }
    }
  }

  /**
   * Archives the hot objects of {@code day}: adds them to the day's archive (a new one, or the existing one
   * rewritten when late objects arrived), checks the written archive against the originals, and only then deletes
   * them. Re-running it on a day whose archive is complete checks and deletes what is still hot.
   */
  void archive(Day day) throws IOException {
    String folder = archiveFolder(day);
    SortedMap<String, byte[]> hot = readObjects(day.prefix(), ".jsonl");
    Path indexPath = path(BronzeLayout.archiveIndexKey(day.source(), day.date()));
    Optional<BronzeArchiveIndex> current = BronzeArchiveIndex.read(fs, indexPath);
    SortedMap<String, byte[]> contents = new TreeMap<>();
    boolean currentIntact = current.isPresent();
    if (current.isPresent()) {
      Map<String, byte[]> archived = Map.of();
      try {
        archived = BronzeArchiveFormat.unpack(read(path(current.get().archive())), current.get());
      } catch (IOException damaged) {
        currentIntact = false;
        LOG.warn("bronze archive of {}: {}; rebuilding it from the hot objects if they are all still there", folder,
            damaged.getMessage());
      }
      for (BronzeArchiveIndex.Entry entry : current.get().objects()) {
        byte[] bytes = archived.get(entry.key());
        if (bytes == null) {
          bytes = hot.get(entry.key());
          if (bytes == null || !Sha256.hex(bytes).equals(entry.sha256())) {
            throw new IOException("the bronze archive in " + folder + " is damaged and " + entry.key()
                + " is no longer hot: it cannot be repaired here, nothing was deleted (restore it from a backup)");
          }
        }
        contents.put(entry.key(), bytes);
      }
    }
    for (Map.Entry<String, byte[]> object : hot.entrySet()) {
      byte[] archived = contents.get(object.getKey());
      if (archived != null && !Arrays.equals(archived, object.getValue())) {
        throw new IOException("hot object " + object.getKey() + " differs from its copy archived in " + folder
            + " (objects are write-once): nothing was deleted");
      }
      contents.put(object.getKey(), object.getValue());
    }
    if (contents.isEmpty()) {
      return;
    }
    BronzeArchiveIndex index;
    if (currentIntact && contents.keySet().equals(keys(current.get()))) {
      index = current.get(); // complete already: a crash came after its index, before its deletes
    } else {
      BronzeArchiveFormat.Packed packed = BronzeArchiveFormat.pack(day.source(), day.date(), contents);
      write(path(packed.index().archive()), packed.data());
      verify(packed.index(), contents);
      write(indexPath, packed.index().toJson());
      index = packed.index();
    }
    for (String key : hot.keySet()) {
      delete(path(key));
    }
    String keep = index.archive().substring(folder.length());
    for (FileStatus file : listOrEmpty(path(folder))) {
      String name = file.getPath().getName();
      if (file.isFile() && !name.equals(BronzeLayout.ARCHIVE_INDEX) && !name.equals(keep)) {
        delete(file.getPath()); // an archive a crash left unused, or the one a rewrite replaced
      }
    }
    LOG.info("bronze: {} archived into {} ({} objects, {} lines, {} bytes; {} hot objects deleted)", day.prefix(),
        index.archive(), index.objects().size(), index.lines(), index.archiveBytes(), hot.size());
  }

  /** Reads the written archive back from the store and checks it holds exactly {@code originals}. */
  private void verify(BronzeArchiveIndex index, SortedMap<String, byte[]> originals) throws IOException {
    Map<String, byte[]> back;
    try {
      back = BronzeArchiveFormat.unpack(read(path(index.archive())), index);
    } catch (IOException damaged) {
      throw new IOException("the archive written for " + index.source() + " " + index.ingestDate()
          + " does not read back as written (" + damaged.getMessage() + "): its hot objects are kept", damaged);
    }
    long originalLines = 0;
    for (Map.Entry<String, byte[]> original : originals.entrySet()) {
      if (!Arrays.equals(back.get(original.getKey()), original.getValue())) {
        throw new IOException("the archive " + index.archive() + " does not hold " + original.getKey()
            + " as it is hot: its hot objects are kept");
      }
      originalLines += BronzeArchiveFormat.lines(original.getValue());
    }
    if (back.size() != originals.size() || originalLines != index.lines()) {
      throw new IOException("the archive " + index.archive() + " holds " + back.size() + " objects and "
          + index.lines() + " lines, the originals " + originals.size() + " and " + originalLines
          + ": its hot objects are kept");
    }
  }

  /** Deletes a day's folder, hot or archived; an archive's index first, so that no reader sees a partial one. */
  private void deleteDay(Day day) throws IOException {
    Path folder = path(day.prefix());
    Path index = new Path(folder, BronzeLayout.ARCHIVE_INDEX);
    if (day.prefix().startsWith(BronzeLayout.ARCHIVE_ROOT) && fs.exists(index)) {
      delete(index);
    }
    Usage gone = usage(day.prefix(), "");
    fs.delete(folder, true);
    LOG.info("bronze: deleted {} ({})", day.prefix(), gone);
  }

  /** Writes one object whole (on S3 it appears only once complete). A seam for the tests' simulated faults. */
  void write(Path path, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(bytes);
    }
  }

  /** Deletes one object. A seam for the tests' simulated crashes. */
  void delete(Path path) throws IOException {
    fs.delete(path, false);
  }

  private byte[] read(Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  /** The objects under {@code prefix} whose name ends with {@code suffix}, key (relative to the root) → bytes. */
  private SortedMap<String, byte[]> readObjects(String prefix, String suffix) throws IOException {
    SortedMap<String, byte[]> objects = new TreeMap<>();
    for (LocatedFileStatus file : files(prefix, suffix)) {
      objects.put(prefix + relative(path(prefix), file.getPath()), read(file.getPath()));
    }
    return objects;
  }

  private Usage usage(String prefix, String suffix) throws IOException {
    long objects = 0;
    long bytes = 0;
    for (LocatedFileStatus file : files(prefix, suffix)) {
      objects++;
      bytes += file.getLen();
    }
    return new Usage(objects, bytes);
  }

  private List<LocatedFileStatus> files(String prefix, String suffix) throws IOException {
    List<LocatedFileStatus> files = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(path(prefix), true);
      while (listing.hasNext()) {
        LocatedFileStatus file = listing.next();
        if (file.getPath().getName().endsWith(suffix)) {
          files.add(file);
        }
      }
    } catch (FileNotFoundException none) {
      // nothing there
    }
    return files;
  }

  /**
   * The (source, ingest date) folders of a zone ({@code bronze/} or {@code bronze-archive/}) that hold objects whose
   * name ends with {@code suffix}, with their usage, from one flat listing per source: the plan's cost does not grow
   * with the days already archived (their emptied folders, which object stores may keep as markers, are not
   * visited).
   */
  private Map<Day, Usage> days(String zone, String suffix) throws IOException {
    Map<Day, Usage> days = new TreeMap<>(java.util.Comparator.comparing(Day::prefix));
    for (FileStatus source : listOrEmpty(path(zone))) {
      if (!source.isDirectory() || !source.getPath().getName().startsWith("source=")) {
        continue;
      }
      String sourcePrefix = zone + source.getPath().getName() + "/";
      for (LocatedFileStatus file : files(sourcePrefix, suffix)) {
        String key = sourcePrefix + relative(source.getPath(), file.getPath());
        Matcher day = DAY_FOLDER.matcher(key);
        if (!day.lookingAt()) {
          LOG.warn("bronze retention leaves {} alone: not in a source/ingest date folder", key);
          continue;
        }
        days.merge(new Day(day.group(2), LocalDate.parse(day.group(3)), day.group()),
            new Usage(1, file.getLen()), Usage::plus);
      }
    }
    return days;
  }

  private FileStatus[] listOrEmpty(Path folder) throws IOException {
    try {
      return fs.listStatus(folder);
    } catch (FileNotFoundException none) {
      return new FileStatus[0];
    }
  }

  private static java.util.Set<String> keys(BronzeArchiveIndex index) {
    return new java.util.TreeSet<>(index.objects().stream().map(BronzeArchiveIndex.Entry::key).toList());
  }

  private static String archiveFolder(Day day) {
    return BronzeLayout.archiveFolder(day.source(), day.date());
  }

  /** True when all of {@code date} (UTC) is before {@code cutoff}. */
  private static boolean endsBefore(LocalDate date, Instant cutoff) {
    return !date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff);
  }

  private Path path(String key) {
    return new Path(layout.root() + "/" + key);
  }

  private static String relative(Path folder, Path file) {
    String base = folder.toUri().getPath();
    String path = file.toUri().getPath();
    base = base.endsWith("/") ? base : base + "/";
    if (!path.startsWith(base)) {
      throw new IllegalStateException(file + " is not under " + folder);
    }
    return path.substring(base.length());
  }

  /** One (source, ingest date) folder: {@code prefix} is its key prefix relative to the lake root. */
  record Day(String source, LocalDate date, String prefix) {}

  private record Usage(long objects, long bytes) {
    Usage plus(Usage other) {
      return new Usage(objects + other.objects, bytes + other.bytes);
    }

    @Override
    public String toString() {
      return objects + " object(s), " + bytes + " bytes";
    }
  }
}
