package fr.goodair.ingestion.source;

import fr.goodair.ingestion.city.City;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Shared test data: realdata samples, cities, fast policies, a run. */
final class Fixtures {

  private Fixtures() {}

  /** {@code realdata/api-samples}: system property {@code goodair.realdata}, else relative to the module dir. */
  static Path apiSamples() {
    String realdata = System.getProperty("goodair.realdata", "../../shared/realdata");
    return Path.of(realdata).toAbsolutePath().normalize().resolve("api-samples");
  }

  static byte[] sample(String fileName) {
    try {
      return Files.readAllBytes(apiSamples().resolve(fileName));
    } catch (IOException e) {
      throw new UncheckedIOException("sample " + fileName + " not found under " + apiSamples(), e);
    }
  }

  static City paris() {
    return new City("paris", "Paris", "75056", "75", "Paris", 48.8534, 2.3488, ZoneId.of("Europe/Paris"),
        "@5722", "geo:48.8534;2.3488", 21, 31, true);
  }

  static City lyon() {
    return new City("lyon", "Lyon", "69123", "69", "Rhône", 45.7578, 4.832, ZoneId.of("Europe/Paris"),
        "lyon", "geo:45.7578;4.832", 20, 34, true);
  }

  static RunContext run() {
    return new RunContext("20260120T1500Z-test", Instant.parse("2026-01-20T15:00:00Z"), false);
  }

  /** No quota, small waits: tests exercise the retry paths in milliseconds. */
  static ProviderPolicy fastPolicy(String name) {
    return new ProviderPolicy(name, 0, Duration.ofSeconds(1), 4, 3, Duration.ofMillis(10), Duration.ofMillis(40),
        Duration.ofSeconds(3), Duration.ofSeconds(5));
  }
}
