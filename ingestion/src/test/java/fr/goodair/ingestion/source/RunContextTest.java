package fr.goodair.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.ingestion.RunIds;
import fr.goodair.ingestion.bronze.BronzeLayout;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A run id becomes part of the bronze object name: it cannot leave its hour's prefix. */
class RunContextTest {

  private static final Instant HOUR = Instant.parse("2026-01-20T15:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"../../silver/x", "a/b", "%2e%2e", "", "x\r\ny", "..", "x\u0007"})
  void runIdsThatCouldEscapeTheBronzePrefixAreRefused(String runId) {
    assertThatThrownBy(() -> new RunContext(runId, HOUR, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run id '")
        .hasMessageContaining("cannot be used in an object key");
  }

  @Test
  void generatedRunIdsStayUnderTheirHour() {
    RunContext run = new RunContext(RunIds.next(HOUR), HOUR, false);
    String key = BronzeLayout.objectKey(Source.AQICN, HOUR, run.runId());
    assertThat(key).startsWith(BronzeLayout.hourPrefix(Source.AQICN, HOUR) + "run-20260120T1500Z-")
        .endsWith(".jsonl").doesNotContain("..");
  }

  @Test
  void sourceIdsComeOnlyFromTheClosedList() {
    assertThatThrownBy(() -> Source.fromId("../aqicn")).hasMessageContaining("unknown source '../aqicn'");
  }
}
