package fr.goodair.ingestion.bronze;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A durable local copy of every bronze object until the object store has it. Each object is written here first
 * (temporary file, fsync, atomic rename), then uploaded, then removed: a crash or a store outage at any point
 * leaves the data on disk, and the next run flushes it. Files mirror the object keys under the spool directory.
 */
public final class LocalSpool {

  private static final String PARTIAL_SUFFIX = ".partial";
  private final Path dir;

  public LocalSpool(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Durably stores {@code bytes} under {@code key}; returns once they are on disk. */
  public void save(String key, byte[] bytes) {
    Path target = pathOf(key);
    Path partial = target.resolveSibling(target.getFileName() + PARTIAL_SUFFIX);
    try {
      Files.createDirectories(target.getParent());
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(java.nio.ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the local spool " + target
          + ": check free space and permissions of " + dir, e);
    }
  }

  /** Keys of the objects still waiting for the store, oldest key first. Half-written files are ignored. */
  public List<String> pendingKeys() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(path -> !path.getFileName().toString().endsWith(PARTIAL_SUFFIX))
          .filter(path -> !path.startsWith(conflictsDir()))
          .map(path -> dir.relativize(path).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the local spool " + dir, e);
    }
  }

  public byte[] read(String key) {
    try {
      return Files.readAllBytes(pathOf(key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read spooled object " + key, e);
    }
  }

  public void remove(String key) {
    try {
      Files.deleteIfExists(pathOf(key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove spooled object " + key, e);
    }
  }

  /** Sets a spooled object aside (never deleted) when the store holds different bytes under its key. */
  public Path setAside(String key) {
    Path target = conflictsDir().resolve(key);
    try {
      Files.createDirectories(target.getParent());
      Files.move(pathOf(key), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set aside spooled object " + key, e);
    }
  }

  private Path conflictsDir() {
    return dir.resolve("_conflicts");
  }

  private Path pathOf(String key) {
    Path path = dir.resolve(key).normalize();
    if (!path.startsWith(dir.normalize()) || key.contains("..")) {
      throw new IllegalArgumentException("object key escapes the spool: " + key);
    }
    return path;
  }
}
