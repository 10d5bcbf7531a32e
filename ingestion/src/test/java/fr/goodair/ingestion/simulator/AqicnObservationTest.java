package fr.goodair.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fr.goodair.ingestion.city.City;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** AQICN observation times (DST, v encoding), stale observations and determinism. */
class AqicnObservationTest {

  private static final Profiles PROFILES = Profiles.load();

  private static AqicnFeedResponder responder(long seed) {
    return new AqicnFeedResponder(TestCities.all(), new CityWeatherModel(PROFILES, seed),
        new AirQualityModel(PROFILES, seed), seed);
  }

  private static JsonNode time(AqicnFeedResponder r, String utcHour) {
    return Http.json(r.observation(TestCities.PARIS, Instant.parse(utcHour), false)).at("/data/time");
  }

  @Test
  void timeZoneFollowsParisDaylightSavingTime() {
    AqicnFeedResponder r = responder(1);
    assertThat(time(r, "2026-01-15T11:00:00Z").get("tz").asText()).isEqualTo("+01:00");
    assertThat(time(r, "2026-07-15T10:00:00Z").get("tz").asText()).isEqualTo("+02:00");
    // 29 March 2026: 01:00 UTC, clocks jump from 02:00 to 03:00 local.
    JsonNode before = time(r, "2026-03-29T00:00:00Z");
    assertThat(before.get("s").asText()).isEqualTo("2026-03-29 01:00:00");
    assertThat(before.get("tz").asText()).isEqualTo("+01:00");
    JsonNode after = time(r, "2026-03-29T01:00:00Z");
    assertThat(after.get("s").asText()).isEqualTo("2026-03-29 03:00:00");
    assertThat(after.get("tz").asText()).isEqualTo("+02:00");
    assertThat(after.get("iso").asText()).isEqualTo("2026-03-29T03:00:00+02:00");
    // 25 October 2026: 01:00 UTC, clocks go back from 03:00 to 02:00 local: 02:00 happens twice.
    JsonNode first = time(r, "2026-10-25T00:00:00Z");
    JsonNode second = time(r, "2026-10-25T01:00:00Z");
    assertThat(first.get("s").asText()).isEqualTo("2026-10-25 02:00:00");
    assertThat(first.get("tz").asText()).isEqualTo("+02:00");
    assertThat(second.get("s").asText()).isEqualTo("2026-10-25 02:00:00");
    assertThat(second.get("tz").asText()).isEqualTo("+01:00");
    assertThat(second.get("iso").asText()).isEqualTo("2026-10-25T02:00:00+01:00");
  }

  @Test
  void vIsLocalWallTimeEncodedAsIfUtcAndIsoIsTheTrueInstant() {
    AqicnFeedResponder r = responder(1);
    Instant t = Instant.parse("2026-03-28T20:00:00Z");
    for (int i = 0; i < 48; i++, t = t.plus(Duration.ofHours(1))) {
      JsonNode time = Http.json(r.observation(TestCities.PARIS, t, false)).at("/data/time");
      OffsetDateTime iso = OffsetDateTime.parse(time.get("iso").asText());
      assertThat(iso.toInstant()).isEqualTo(t);
      LocalDateTime wall = LocalDateTime.parse(time.get("s").asText(), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
      assertThat(time.get("v").asLong()).isEqualTo(wall.toEpochSecond(ZoneOffset.UTC));
      assertThat(time.get("tz").asText()).isEqualTo(iso.getOffset().getId());
    }
    // As in the real sample: 2026-04-26 12:00:00 +02:00 has v = 1777204800.
    assertThat(time(r, "2026-04-26T10:00:00Z").get("v").asLong()).isEqualTo(1777204800L);
  }

  @Test
  void stationsSometimesDoNotUpdateSoTheSameObservationComesBackForSeveralHours() {
    AqicnFeedResponder r = responder(3);
    for (City city : TestCities.all()) {
      Instant now = Instant.parse("2026-02-01T00:20:00Z");
      Instant previous = null;
      int hours = 24 * 60;
      int repeated = 0;
      int run = 0;
      int longestRun = 0;
      for (int i = 0; i < hours; i++, now = now.plus(Duration.ofHours(1))) {
        Instant obs = r.observationHour(city, now);
        assertThat(obs).isBefore(now.minus(Duration.ofMinutes(59)));
        boolean same = obs.equals(previous);
        repeated += same ? 1 : 0;
        run = same ? run + 1 : 0;
        longestRun = Math.max(longestRun, run);
        previous = obs;
      }
      double rate = repeated / (double) hours;
      assertThat(rate).as(city.id()).isBetween(0.04, 0.20);
      assertThat(longestRun).as(city.id()).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void aStaleHourRepeatsTheWholeObservationOverHttp() {
    try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.of(TestCities.all(), 3))) {
      AqicnFeedResponder r = responder(3);
      Instant now = Instant.parse("2026-02-01T00:20:00Z");
      while (!r.observationHour(TestCities.PARIS, now).equals(r.observationHour(TestCities.PARIS, now.plusSeconds(3600)))) {
        now = now.plusSeconds(3600);
      }
      sim.clock().set(now);
      String first = Http.get(sim.aqicnBaseUrl() + "/feed/@5722/?token=t").body();
      sim.clock().set(now.plusSeconds(3600));
      String second = Http.get(sim.aqicnBaseUrl() + "/feed/@5722/?token=t").body();
      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void sameSeedAndHourGiveByteIdenticalBodiesWhateverTheOrderAndDifferentSeedsDiffer() {
    Instant[] hours = {Instant.parse("2026-05-03T09:15:00Z"), Instant.parse("2026-11-20T17:05:00Z"),
        Instant.parse("2026-08-01T12:30:00Z")};
    String[][] bodies = new String[2][hours.length * 3];
    for (int run = 0; run < 2; run++) {
      try (ApiSimulator sim = ApiSimulator.start(SimulatorConfig.of(TestCities.all(), 99))) {
        for (int k = 0; k < hours.length; k++) {
          int i = run == 0 ? k : hours.length - 1 - k; // second run asks in reverse order
          sim.clock().set(hours[i]);
          bodies[run][3 * i] = Http.get(sim.aqicnBaseUrl() + "/feed/lyon/?token=t").body();
          bodies[run][3 * i + 1] = Http.get(sim.owmBaseUrl() + "/data/2.5/weather?lat=45.76&lon=4.84&appid=k").body();
          bodies[run][3 * i + 2] =
              Http.get(sim.owmBaseUrl() + "/data/2.5/air_pollution?lat=45.76&lon=4.84&appid=k").body();
        }
      }
    }
    assertThat(bodies[1]).containsExactly(bodies[0]);
    try (ApiSimulator other = ApiSimulator.start(SimulatorConfig.of(TestCities.all(), 100))) {
      other.clock().set(hours[0]);
      assertThat(Http.get(other.aqicnBaseUrl() + "/feed/lyon/?token=t").body()).isNotEqualTo(bodies[0][0]);
      assertThat(Http.get(other.owmBaseUrl() + "/data/2.5/weather?lat=45.76&lon=4.84&appid=k").body())
          .isNotEqualTo(bodies[0][1]);
    }
  }

  @Test
  void aboutOnePercentOfObservationsHaveADashAqi() {
    AqicnFeedResponder r = responder(5);
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    int dashes = 0;
    int n = 2000;
    for (int i = 0; i < n; i++, t = t.plus(Duration.ofHours(1))) {
      JsonNode data = Http.json(r.observation(TestCities.PARIS, t, false)).get("data");
      if (data.get("aqi").isTextual()) {
        assertThat(data.get("aqi").asText()).isEqualTo("-");
        assertThat(data.get("iaqi").size()).isGreaterThan(5); // iaqi still present, as in the Klundert sample
        dashes++;
      }
    }
    assertThat(dashes).isBetween(5, 45);
  }
}
