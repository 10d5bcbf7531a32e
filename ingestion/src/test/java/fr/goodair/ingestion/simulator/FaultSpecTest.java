package fr.goodair.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.ingestion.source.Source;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FaultSpecTest {

  @Test
  void parsesTheCompactForm() {
    FaultSpec spec = FaultSpec.parse("owm_weather:lyon:http_503:x2");
    assertThat(spec).isEqualTo(new FaultSpec(Source.OWM_WEATHER, "lyon", FaultKind.HTTP_503, 2, null, null, null));
    FaultSpec any = FaultSpec.parse("*:any:timeout:delay=20s");
    assertThat(any.source()).isNull();
    assertThat(any.cityId()).isNull();
    assertThat(any.times()).isNegative();
    assertThat(any.effectiveDelay()).isEqualTo(Duration.ofSeconds(20));
    FaultSpec ranged = FaultSpec.parse("aqicn:paris:aqi_dash:from=2026-07-01:to=2026-07-02T06:always");
    assertThat(ranged.from()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
    assertThat(ranged.to()).isEqualTo(Instant.parse("2026-07-02T06:00:00Z"));
    assertThat(FaultSpec.parse("owm_air:*:rate_limit").kind()).isEqualTo(FaultKind.RATE_LIMITED);
    assertThat(FaultSpec.parse("owm_air:*:http_401").kind()).isEqualTo(FaultKind.INVALID_KEY);
    assertThat(FaultSpec.parse("aqicn:*:slow").effectiveDelay()).isEqualTo(FaultSpec.DEFAULT_SLOW_DELAY);
    assertThat(FaultSpec.parseAll("aqicn:*:over_quota:x1, owm_weather:nice:malformed_json")).hasSize(2);
    assertThat(FaultSpec.parseAll(" ")).isEmpty();
  }

  @Test
  void writesWhatItReads() {
    for (String text : new String[] {"owm_weather:lyon:http_503:x2", "*:*:timeout:delay=1500ms",
        "aqicn:paris:aqi_dash:from=2026-07-01:to=2026-07-02T06"}) {
      FaultSpec spec = FaultSpec.parse(text);
      assertThat(FaultSpec.parse(spec.toSpecString())).isEqualTo(spec);
    }
  }

  @Test
  void rejectsWhatItCannotRead() {
    assertThatThrownBy(() -> FaultSpec.parse("owm_weather:lyon")).hasMessageContaining("source:city:kind");
    assertThatThrownBy(() -> FaultSpec.parse("owm:lyon:http_503")).hasMessageContaining("unknown source");
    assertThatThrownBy(() -> FaultSpec.parse("aqicn:lyon:explode")).hasMessageContaining("unknown fault kind");
    assertThatThrownBy(() -> FaultSpec.parse("aqicn:lyon:slow:soon")).hasMessageContaining("unknown fault option");
    assertThatThrownBy(() -> FaultSpec.parse("aqicn:lyon:slow:from=July")).hasMessageContaining("yyyy-MM-dd");
  }

  @Test
  void matchesSourceCityAndTimeRange() {
    FaultSpec spec = FaultSpec.parse("owm_weather:lyon:http_500:from=2026-01-01:to=2026-01-02");
    Instant inside = Instant.parse("2026-01-01T12:00:00Z");
    assertThat(spec.matches(Source.OWM_WEATHER, "lyon", inside)).isTrue();
    assertThat(spec.matches(Source.OWM_AIR, "lyon", inside)).isFalse();
    assertThat(spec.matches(Source.OWM_WEATHER, "paris", inside)).isFalse();
    assertThat(spec.matches(Source.OWM_WEATHER, "lyon", Instant.parse("2026-01-02T00:00:00Z"))).isFalse();
    assertThat(FaultSpec.of(FaultKind.AQI_DASH).matches(Source.OWM_WEATHER, "lyon", inside)).isFalse();
  }

  @Test
  void aPlanConsumesCountedRulesInOrder() {
    FaultPlan plan = new FaultPlan().add("aqicn:*:http_500:x1").add("aqicn:*:http_502:x1");
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(plan.take(Source.AQICN, "paris", now)).map(FaultSpec::kind).contains(FaultKind.HTTP_500);
    assertThat(plan.take(Source.AQICN, "paris", now)).map(FaultSpec::kind).contains(FaultKind.HTTP_502);
    assertThat(plan.take(Source.AQICN, "paris", now)).isEmpty();
  }
}
