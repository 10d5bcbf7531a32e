package fr.goodair.silver;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.ingestion.bronze.Sha256;
import fr.goodair.ingestion.source.Source;
import fr.goodair.ingestion.store.S3ObjectStore;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** Bronze objects for tests, written with ingestion's own envelope type to the test lake's real S3 store. */
public final class BronzeFixtures {

  public static final ObjectMapper JSON = new ObjectMapper();
  public static final Path REALDATA = Path.of(System.getProperty("goodair.realdata", "../../shared/realdata"));

  private BronzeFixtures() {}

  public static String sample(String name) {
    try {
      return Files.readString(REALDATA.resolve("api-samples").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An {@code ok} envelope carrying {@code payload}, fetched at {@code fetchedAt}. */
  public static String ok(String source, String city, Instant fetchedAt, String payload, Map<String, String> params) {
    return line(source, city, fetchedAt, "ok", 200, null, payload, params);
  }

  public static String line(String source, String city, Instant fetchedAt, String outcome, Integer status, String error,
      String payload, Map<String, String> params) {
    Instant hour = fetchedAt.truncatedTo(ChronoUnit.HOURS);
    // One poll, one run: the run id carries the fetch time, as two polls of one hour are two runs.
    String runId = runId(hour).replace("testrun1", String.format("%08x", fetchedAt.toString().hashCode()));
    BronzeEnvelope envelope = new BronzeEnvelope(BronzeEnvelope.VERSION, runId, source, city, false,
        hour.toString(), new BronzeEnvelope.Request("GET", "https://example.invalid/" + source, params),
        fetchedAt.toString(), status, 120, 1, outcome, error,
        payload == null ? null : Sha256.hex(payload.getBytes(StandardCharsets.UTF_8)),
        payload == null ? null : "utf-8", payload);
    try {
      return JSON.writeValueAsString(envelope);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String runId(Instant hour) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(java.time.ZoneOffset.UTC)
        .format(hour) + "-testrun1";
  }

  /**
   * OWM answers for {@code cities} whose temperature came in Kelvin although metric units were asked (an upstream
   * change): a whole batch the temperature range rejects, enough to hold it back.
   */
  public static List<String> kelvinWeather(Instant hour, List<String> cities) {
    String weather = sample("owm-current-paris-2026-04-30.json")
        .replaceFirst("\"temp\":\\s*[0-9.]+", "\"temp\": 285.2");
    return cities.stream().map(city -> ok("owm_weather", city, hour.plusSeconds(3), weather,
        Map.of("units", "metric"))).toList();
  }

  /**
   * A copy of the shipped rule registries in which the weather batches may be wholly rejected (its
   * {@code rejected_share} limit raised to 1): the team accepting such a batch, as the fix of a held-back one.
   */
  public static Path rulesAcceptingRejectedWeather() throws IOException {
    Path rules = Files.createTempDirectory("rules");
    try (var shipped = Files.list(Path.of("../quality/src/main/resources/rules"))) {
      for (Path file : shipped.toList()) {
        Files.copy(file, rules.resolve(file.getFileName()));
      }
    }
    Path weather = rules.resolve("weather_observation.yaml");
    String shipped = Files.readString(weather);
    String edited = shipped.replaceFirst("(?s)(name: rejected_share.*?max: )[0-9.]+", "$11.0");
    if (edited.equals(shipped)) {
      throw new IllegalStateException("weather_observation.yaml has no rejected_share limit to raise");
    }
    Files.writeString(weather, edited);
    return rules;
  }

  /** Writes one object of {@code lines} for (source, hour) and returns its key relative to the lake root. */
  public static String put(LakeLayout lake, String source, Instant hour, String runId, List<String> lines) {
    String key = BronzeLayout.objectKey(Source.fromId(source), hour, runId);
    try (S3ObjectStore store = TestLake.objectStore(TestLake.bucketOf(lake))) {
      store.put(key, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }
    return key;
  }
}
