package fr.goodair.ingestion.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values that name objects and files cannot leave their prefix. */
class KeySegmentsTest {

  @ParameterizedTest
  @ValueSource(strings = {"../x", "a/b", "%2e%2e", "", ".", "..", "a..b", "a\\b", "a\nb", "a\u0000", "-x", " x",
      "x y", "é"})
  void refusesAnythingThatCouldEscapeOrBreakAKey(String value) {
    assertThatThrownBy(() -> KeySegments.require("run id", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("run id '")
        .hasMessageContaining("cannot be used in an object key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\u0000"));
    assertThatThrownBy(() -> KeySegments.require("run id", null)).hasMessageStartingWith("run id 'null'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"paris", "saint-etienne", "20260120T1500Z-3f2a9c1e", "owm_air", "ingest_date=2026-01-20",
      "latest.html"})
  void acceptsTheValuesGoodairUses(String value) {
    assertThat(KeySegments.require("value", value)).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../lake", "a/b", "Goodair", "ab", "a..b", "-lake", "lake-", "a_b", "%2e%2e-lake"})
  void bucketNamesFollowTheS3Rules(String name) {
    assertThatThrownBy(() -> BucketNames.require(name)).hasMessageStartingWith("bucket name '" + name + "' is not valid");
  }

  @Test
  void goodBucketNamesPass() {
    assertThat(BucketNames.require("goodair-lake")).isEqualTo("goodair-lake");
    assertThat(BucketNames.require("t-1a2b3c4d")).isEqualTo("t-1a2b3c4d");
    assertThat(BucketNames.require("goodair-bench-gold-365d")).isEqualTo("goodair-bench-gold-365d");
  }
}
