package fr.goodair.quality.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.quality.Level;
import fr.goodair.quality.RuleResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertConditionsTest {

  private static final Instant AT = Instant.parse("2025-03-01T10:00:00Z");

  @Test
  void failedRulesBecomeConditionsKeyedByTableRuleAndSubject() {
    List<AlertCondition> conditions = AlertConditions.fromRuleResults(List.of(
        result("silver.air_observation", "pm25_physical_range", Level.ERROR, "", false, 12.0,
            "12 rows outside [0, 1000] µg/m³"),
        result("silver.air_observation", "station_id_complete", Level.WARNING, "", true, 1.0, "complete"),
        result("silver.air_observation", "freshness", Level.ERROR, "city=paris source=aqicn", false, 5.0,
            "newest row is 5.0 h old, limit 3 h"),
        result("silver.ingestion_run", "ingestion_error_rate", Level.WARNING, "source=owm_air", false, 0.4,
            "40% of calls failed, limit 20%")));

    assertThat(conditions).extracting(AlertCondition::key).containsExactly(
        "quality/silver.air_observation/pm25_physical_range",
        "quality/silver.air_observation/freshness/city=paris source=aqicn",
        "quality/silver.ingestion_run/ingestion_error_rate/source=owm_air");
    assertThat(conditions).extracting(AlertCondition::kind).containsExactly(
        AlertConditions.QUALITY, AlertConditions.FRESHNESS, AlertConditions.ERROR_RATE);
    assertThat(conditions).extracting(AlertCondition::severity).containsExactly(Level.ERROR, Level.ERROR,
        Level.WARNING);
    AlertCondition stale = conditions.get(1);
    assertThat(stale.summary()).isEqualTo(
        "silver.air_observation freshness [city=paris source=aqicn]: newest row is 5.0 h old, limit 3 h");
    assertThat(stale.detail()).contains("rule freshness (ERROR) on silver.air_observation, city=paris source=aqicn",
        "measured: 5.0", "checked at 2025-03-01T10:00:00Z");
  }

  @Test
  void ruleKindsComeFromTheRuleName() {
    assertThat(AlertConditions.kindOfRule("Freshness_per_city_source")).isEqualTo(AlertConditions.FRESHNESS);
    assertThat(AlertConditions.kindOfRule("ingestion-error-rate")).isEqualTo(AlertConditions.ERROR_RATE);
    assertThat(AlertConditions.kindOfRule("row_count_anomaly")).isEqualTo(AlertConditions.QUALITY);
    assertThat(AlertConditions.RULE_KINDS).containsExactlyInAnyOrder("quality", "freshness", "error_rate");
  }

  @Test
  void aJobFailureIsOneLineWithItsRootCauseAndNoCredentials() {
    IOException root = new IOException("GET https://api.waqi.info/feed/paris/?token=abc123secret failed:\n 502");
    RuntimeException cause = new IllegalStateException("bronze write failed", new UncheckedIOException(root));

    AlertCondition condition = AlertConditions.jobFailure(" silver ", cause);

    assertThat(condition.key()).isEqualTo("job/silver");
    assertThat(condition.kind()).isEqualTo(AlertConditions.JOB_FAILURE);
    assertThat(condition.severity()).isEqualTo(Level.ERROR);
    assertThat(condition.summary()).isEqualTo("Job silver failed: IllegalStateException: bronze write failed"
        + " (caused by IOException: GET https://api.waqi.info/feed/paris/?token=REDACTED failed: 502)");
    assertThat(condition.summary() + condition.detail()).doesNotContain("abc123secret", "\tat ", "Exception.java");
    assertThat(condition.summary()).doesNotContain("\n");
  }

  @Test
  void aWrapperRepeatingItsCauseIsSaidOnceAndLongMessagesAreCut() {
    RuntimeException wrapped = new RuntimeException(new IOException("connection reset"));
    assertThat(AlertConditions.jobFailure("gold", wrapped).summary())
        .isEqualTo("Job gold failed: RuntimeException: java.io.IOException: connection reset");

    String huge = "x".repeat(5_000);
    assertThat(AlertConditions.jobFailure("gold", new IllegalStateException(huge)).summary()).hasSize(300);
    assertThat(AlertConditions.jobFailure("gold", new NullPointerException()).summary())
        .isEqualTo("Job gold failed: NullPointerException");
    assertThat(SafeText.oneLine("s3a://AKIA:wJalr@bucket/x Authorization: Bearer eyJ.abc"))
        .isEqualTo("s3a://REDACTED@bucket/x Authorization: Bearer REDACTED");
    assertThatThrownBy(() -> AlertConditions.jobFailure(" ", wrapped)).isInstanceOf(IllegalArgumentException.class);
  }

  private static RuleResult result(String table, String rule, Level level, String subject, boolean passed,
      Double metric, String message) {
    return new RuleResult(table, rule, level, subject, passed, metric, message, AT);
  }
}
