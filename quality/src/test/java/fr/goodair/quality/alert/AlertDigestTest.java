package fr.goodair.quality.alert;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.quality.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertDigestTest {

  private static final Instant AT = Instant.parse("2025-07-14T06:00:00Z");

  @Test
  void headlinesCountNewAndResolvedProblems() {
    AlertEpisode a = episode("a", AT);
    AlertEpisode b = episode("b", AT);
    AlertEpisode over = episode("c", AT.minus(Duration.ofMinutes(150))).recovered(AT);

    assertThat(new AlertDigest(AT, List.of(a), List.of(), List.of()).subject()).isEqualTo("[GoodAir] 1 new problem");
    assertThat(new AlertDigest(AT, List.of(a, b), List.of(over), List.of()).subject())
        .isEqualTo("[GoodAir] 2 new problems, 1 resolved");
    assertThat(new AlertDigest(AT, List.of(), List.of(over, over), List.of()).headline())
        .isEqualTo("2 problems resolved");
    AlertDigest quiet = new AlertDigest(AT, List.of(), List.of(), List.of(a));
    assertThat(quiet.hasNews()).isFalse();
    assertThat(quiet.headline()).isEqualTo("no change");
  }

  @Test
  void theBodyListsEachProblemWithItsDetailAndTimes() {
    AlertEpisode fresh = episode("freshness/lyon/aqicn", AT);
    AlertEpisode over = episode("job/gold", AT.minus(Duration.ofMinutes(150))).recovered(AT);
    AlertEpisode old = episode("quality/silver.weather/temp_range", AT.minus(Duration.ofDays(1)));

    String body = new AlertDigest(AT, List.of(fresh), List.of(over), List.of(old)).plainText();

    assertThat(body).startsWith("GoodAir alerts, 2025-07-14 06:00 UTC: 1 new problem, 1 resolved, 1 still open.\n")
        .contains("NEW PROBLEMS (1)\n\n- [ERROR] summary of freshness/lyon/aqicn\n"
            + "  key: freshness/lyon/aqicn  kind: freshness\n  first detail line\n  second detail line\n"
            + "  open since 2025-07-14 06:00 UTC, last seen 2025-07-14 06:00 UTC\n")
        .contains("RESOLVED (1)", "open from 2025-07-14 03:30 UTC to 2025-07-14 06:00 UTC (2 h 30 min)")
        .contains("STILL OPEN (1)", "open since 2025-07-13 06:00 UTC");
  }

  private static AlertEpisode episode(String key, Instant at) {
    return AlertEpisode.open(new AlertCondition(key, "freshness", Level.ERROR, "summary of " + key,
        "first detail line\nsecond detail line"), at);
  }
}
