package fr.goodair.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.simulator.FaultSpec;
import fr.goodair.ingestion.source.RunContext;
import fr.goodair.ingestion.source.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hourly captures end to end: the API simulator over HTTP, the real adapters and fetcher, the embedded S3 store.
 * Each test captures its own hour, so they share one runtime.
 */
class HourlyIngestionTest {

  private static final Instant FIRST_HOUR = Instant.parse("2026-03-01T00:00:00Z");
  private static final AtomicInteger NEXT_HOUR = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path home;
  private static IngestionRuntime runtime;

  @BeforeAll
  static void start() {
    // One-second attempts so that the timeout fault costs seconds, not minutes.
    GoodairConfig config = GoodairConfig.embedded(home).with(Map.of("ingest.call-timeout-seconds", "1"));
    runtime = IngestionRuntime.open(config, IngestionRuntime.Options.backfill(7, List.of()));
  }

  @AfterAll
  static void stop() {
    runtime.close();
  }

  @AfterEach
  void clearFaults() {
    runtime.simulator().orElseThrow().faults().clear();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("aqicn:lyon:http_500", Source.AQICN, "http_error"),
        Arguments.of("owm_weather:lyon:http_503", Source.OWM_WEATHER, "http_error"),
        Arguments.of("owm_air:lyon:timeout:delay=3s", Source.OWM_AIR, "timeout"),
        Arguments.of("aqicn:lyon:over_quota", Source.AQICN, "api_error"),
        Arguments.of("aqicn:lyon:invalid_key", Source.AQICN, "api_error"),
        Arguments.of("owm_weather:lyon:invalid_key", Source.OWM_WEATHER, "http_error"),
        Arguments.of("owm_air:lyon:malformed_json", Source.OWM_AIR, "invalid_json"),
        Arguments.of("owm_weather:lyon:http_503:x1", Source.OWM_WEATHER, "ok"),
        Arguments.of("owm_weather:lyon:slow:delay=300ms", Source.OWM_WEATHER, "ok"),
        Arguments.of("aqicn:lyon:aqi_dash", Source.AQICN, "ok"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("faults")
  void eachFaultGivesItsOutcomeForThatCityOnlyAndNothingIsLost(String fault, Source source, String outcome) {
    runtime.simulator().orElseThrow().faults().add(FaultSpec.parse(fault));
    Instant hour = nextHour();

    var summary = runtime.ingestion().run(new RunContext(RunIds.next(hour), hour, true), false);

    List<JsonNode> envelopes = envelopes(hour);
    int cities = runtime.cities().size();
    assertThat(summary.fetched()).isEqualTo(3L * cities);
    assertThat(envelopes).hasSize(3 * cities);
    for (JsonNode envelope : envelopes) {
      boolean faulty = envelope.get("city_id").asText().equals("lyon")
          && envelope.get("source").asText().equals(source.id());
      assertThat(envelope.get("outcome").asText())
          .as(envelope.get("source").asText() + " " + envelope.get("city_id").asText())
          .isEqualTo(faulty ? outcome : "ok");
      assertThat(envelope.get("simulated").asBoolean()).isTrue();
      assertThat(envelope.get("scheduled_for").asText()).isEqualTo(hour.toString());
    }
  }

  @Test
  void rerunningAnHourFetchesOnlyWhatFailedAndNeverRewritesAnObject() {
    Instant hour = nextHour();
    runtime.simulator().orElseThrow().faults().add(FaultSpec.parse("aqicn:marseille:http_500:x3"));
    runtime.ingestion().run(new RunContext(RunIds.next(hour), hour, true), false);
    List<String> firstObjects = runtime.store().list(BronzeLayout.hourPrefix(Source.AQICN, hour));
    byte[] firstBytes = runtime.store().get(firstObjects.get(0));

    var second = runtime.ingestion().run(new RunContext(RunIds.next(hour), hour, true), false);
    var third = runtime.ingestion().run(new RunContext(RunIds.next(hour), hour, true), false);

    int cities = runtime.cities().size();
    assertThat(second.fetched()).isEqualTo(1);
    assertThat(second.skipped()).isEqualTo(3L * cities - 1);
    assertThat(third.fetched()).isZero();
    List<String> objects = runtime.store().list(BronzeLayout.hourPrefix(Source.AQICN, hour));
    assertThat(objects).hasSize(2).contains(firstObjects.get(0));
    assertThat(runtime.store().get(firstObjects.get(0))).isEqualTo(firstBytes);
    List<JsonNode> marseille = envelopes(hour).stream()
        .filter(e -> e.get("source").asText().equals("aqicn") && e.get("city_id").asText().equals("marseille"))
        .toList();
    assertThat(marseille).extracting(e -> e.get("outcome").asText()).containsExactlyInAnyOrder("http_error", "ok");
  }

  @Test
  void aMissedHourIsRecordedAsAGapWithNoData() {
    Instant hour = nextHour();

    runtime.ingestion().recordMissed(new RunContext(RunIds.next(hour), hour, true), "daemon was down");

    List<JsonNode> envelopes = envelopes(hour);
    assertThat(envelopes).hasSize(3 * runtime.cities().size()).allSatisfy(e -> {
      assertThat(e.get("outcome").asText()).isEqualTo("missed");
      assertThat(e.get("payload").isNull()).isTrue();
      assertThat(e.get("error").asText()).isEqualTo("daemon was down");
    });
  }

  @Test
  void theDaemonRecordsTheHoursNobodyCapturedSinceItsLastRun() throws Exception {
    Instant last = nextHour();
    Instant gap1 = nextHour();
    Instant gap2 = nextHour();
    Instant now = nextHour();
    Path state = home.resolve("daemon-state");
    HourlyDaemon.writeState(state.resolve("last-captured-hour"), last);
    var out = new java.io.ByteArrayOutputStream();

    new HourlyDaemon(runtime, state, new java.io.PrintStream(out, true)).recordGapsBefore(now);

    assertThat(envelopes(last)).isEmpty();
    assertThat(envelopes(gap1)).hasSize(3 * runtime.cities().size())
        .allSatisfy(e -> assertThat(e.get("outcome").asText()).isEqualTo("missed"));
    assertThat(envelopes(gap2)).hasSize(3 * runtime.cities().size());
    assertThat(envelopes(now)).isEmpty();
    assertThat(out.toString()).contains(gap1 + "  missed", gap2 + "  missed");
  }

  private static Instant nextHour() {
    return FIRST_HOUR.plus(NEXT_HOUR.getAndIncrement(), ChronoUnit.HOURS);
  }

  /** Every envelope of every source for one hour, read back through the S3 API. */
  static List<JsonNode> envelopes(Instant hour) {
    List<JsonNode> envelopes = new ArrayList<>();
    for (Source source : Source.values()) {
      for (String key : runtime.store().list(BronzeLayout.hourPrefix(source, hour))) {
        new String(runtime.store().get(key), StandardCharsets.UTF_8).lines().forEach(line -> {
          try {
            envelopes.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    return envelopes;
  }
}
