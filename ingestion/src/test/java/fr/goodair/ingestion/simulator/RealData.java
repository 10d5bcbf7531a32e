package fr.goodair.ingestion.simulator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the shared real data lives for tests: system property {@code goodair.realdata} (set by the parent pom),
 * else {@code ../../shared/realdata} relative to the module directory. Tests needing it are skipped when absent.
 */
final class RealData {

  private RealData() {}

  static Path dir() {
    Path p = Path.of(System.getProperty("goodair.realdata", "../../shared/realdata"));
    assumeTrue(Files.isDirectory(p), "real data folder absent: " + p.toAbsolutePath());
    return p;
  }

  static String sample(String name) {
    try {
      return Files.readString(dir().resolve("api-samples").resolve(name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
