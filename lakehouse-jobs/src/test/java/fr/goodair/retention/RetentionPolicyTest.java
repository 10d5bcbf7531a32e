package fr.goodair.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The declared policy: what the bundled file says, how a bad file is refused, and the S3 lifecycle it exports. */
class RetentionPolicyTest {

  private static String bundledText() throws IOException {
    try (InputStream in = RetentionPolicy.class.getResourceAsStream(RetentionPolicy.BUNDLED)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The bundled policy with one line replaced (the line must be there). */
  private static String bundledWith(String line, String replacement) throws IOException {
    String text = bundledText();
    assertThat(text).contains(line);
    return text.replace(line, replacement);
  }

  @Test
  void theBundledPolicyNamesExactlyTheLakesTablesWithTheDecidedValues() {
    RetentionPolicy policy = RetentionPolicy.bundled();
    List<String> lakeTables = Lake.tables(new LakeLayout("s3a://b")).stream().map(LakeTable::name).toList();
    assertThat(policy.tables().keySet()).containsExactlyElementsOf(lakeTables);

    assertThat(policy.bronze()).isEqualTo(new RetentionPolicy.Bronze(30, 3));
    assertThat(policy.delta()).isEqualTo(new RetentionPolicy.DeltaHistory(7, 7, 30));
    assertThat(policy.delta().properties()).containsEntry("delta.deletedFileRetentionDuration", "interval 7 days")
        .containsEntry("delta.logRetentionDuration", "interval 30 days");
    assertThat(policy.auditDays()).isEqualTo(183);
    assertThat(policy.reports()).hasToString("90 days");
    RetentionPolicy.TableRule weather = policy.tables().get("silver.weather_observation");
    assertThat(weather.keep()).hasToString("10 years");
    assertThat(weather.timeColumn()).isEqualTo("observed_at");
    assertThat(policy.tables().get("silver.aqicn_forecast_daily").timeIsDate()).isTrue();
    assertThat(policy.tables().get("gold.extreme_variations").keep()).hasToString("5 years");
    assertThat(policy.tables().get("gold.refresh_log").keepNewest()).isEqualTo("run_number");
    assertThat(policy.tables().get("quality.alerts").timeColumn()).isEqualTo("recovered_at");
    for (String forever : List.of("silver.dim_city", "silver.dim_station", "silver.dim_parameter",
        "silver.promotion_manifest", "gold.city_daily", "gold.heatwave_daily", "gold.correlations",
        "gold.climatology")) {
      assertThat(policy.tables().get(forever).expires()).as(forever).isFalse();
    }
  }

  @Test
  void cutoffsAreOnTheUtcCalendar() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    assertThat(RetentionPolicy.Keep.parse("10 years", "x").cutoff(now)).isEqualTo("2016-03-01T12:00:00Z");
    assertThat(RetentionPolicy.Keep.parse("90 days", "x").cutoff(now)).isEqualTo("2025-12-01T12:00:00Z");
    assertThat(RetentionPolicy.Keep.parse("1 year", "x").cutoff(Instant.parse("2024-02-29T00:00:00Z")))
        .isEqualTo("2023-02-28T00:00:00Z");
  }

  @Test
  void aBadFileIsRefusedWithAMessageNamingTheEntry() throws IOException {
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledText() + "\nsilver:\n", "p.yaml"))
        .isInstanceOf(InvalidConfigException.class).hasMessageContaining("p.yaml");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("  dim_city: {keep: forever}\n",
        "  dim_city: {keep: forever}\n  dim_town: {keep: forever}\n"), "p.yaml"))
        .hasMessageContaining("unknown table(s) silver.dim_town");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("  dim_city: {keep: forever}\n", ""), "p.yaml"))
        .hasMessageContaining("no rule for silver.dim_city");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("metrics: {keep: 2 years,", "metrics: {keep: 2 yeers,"),
        "p.yaml")).hasMessageContaining("quality.metrics.keep: '2 yeers' is not a retention period");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("deleted-file-retention: 7 days",
        "deleted-file-retention: 3 days"), "p.yaml"))
        .hasMessageContaining("delta.deleted-file-retention (3 days) is shorter than the time travel promised");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("log-retention: 30 days", "log-retention: 2 days"),
        "p.yaml")).hasMessageContaining("delta.log-retention (2 days) is shorter than the time travel promised");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("time-column: observed_at}",
        "time-column: value}"), "p.yaml"))
        .hasMessageContaining("silver.air_quality_observation.time-column: value is a double, not a timestamp");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("time-column: completed_at,", "time-column: done_at,"),
        "p.yaml")).hasMessageContaining("gold.refresh_log.time-column: the table has no column done_at");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("  keep: 183 days", "  keep: 2 years"), "p.yaml"))
        .hasMessageContaining("audit.keep: give it in days or weeks");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("  keep: 183 days", "  keep: 400 days"), "p.yaml"))
        .hasMessageContaining("longer than the CNIL's 12 months");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("  hot: 30 days", "  hott: 30 days"), "p.yaml"))
        .hasMessageContaining("p.yaml (line").hasMessageContaining("hott");
    assertThatThrownBy(() -> RetentionPolicy.parse(bundledWith("quarantine: {keep: 90 days, time-column: quarantined_at}",
        "quarantine: {keep: 90 days}"), "p.yaml")).hasMessageContaining("silver.quarantine: 'time-column' is missing");
  }

  @Test
  void retentionPolicyFileReplacesTheBundledPolicy(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, bundledWith("  keep: 183 days", "  keep: 200 days"));
    GoodairConfig config = GoodairConfig.embedded(dir).with(Map.of(RetentionPolicy.FILE_KEY, file.toString()));
    assertThat(RetentionPolicy.load(config).auditDays()).isEqualTo(200);
    assertThat(fr.goodair.serving.SqlServer.Settings.from(config).auditRetentionDays()).isEqualTo(200);
    assertThat(RetentionPolicy.load(GoodairConfig.embedded(dir)).auditDays()).isEqualTo(183);
  }

  @Test
  void theS3LifecycleTouchesBronzeOnlyNeverATableFolder() throws IOException {
    RetentionPolicy policy = RetentionPolicy.bundled();
    for (LakeLayout lake : List.of(new LakeLayout("s3a://goodair-lake"), new LakeLayout("s3a://shared/goodair/"))) {
      List<S3Lifecycle.Rule> rules = S3Lifecycle.rules(lake, policy);
      assertThat(rules).extracting(S3Lifecycle.Rule::prefix).containsExactly(
          S3Lifecycle.keyPrefix(lake, lake.bronzeRoot()), S3Lifecycle.keyPrefix(lake, lake.root() + "/bronze-archive"));
      for (S3Lifecycle.Rule rule : rules) {
        assertThat(rule.prefix()).matches(".*bronze(-archive)?/").isNotEqualTo("").doesNotStartWith("/");
        // 3 years and a leap day: never before the archiver would delete the same data.
        assertThat(rule.days()).isEqualTo(1096);
        for (LakeTable table : Lake.tables(lake)) {
          String tableKey = S3Lifecycle.keyPrefix(lake, table.location());
          assertThat(tableKey.startsWith(rule.prefix())).as(rule + " covers " + table.name()).isFalse();
          assertThat(rule.prefix().startsWith(tableKey)).as(rule + " is under " + table.name()).isFalse();
        }
      }
      JsonNode json = new ObjectMapper().readTree(S3Lifecycle.json(lake, policy));
      assertThat(json.get("Rules")).hasSize(rules.size());
      JsonNode first = json.get("Rules").get(0);
      assertThat(first.get("Filter").get("Prefix").asText()).isEqualTo(rules.get(0).prefix());
      assertThat(first.get("Status").asText()).isEqualTo("Enabled");
      assertThat(first.get("Expiration").get("Days").asInt()).isEqualTo(1096);
    }
    assertThat(S3Lifecycle.keyPrefix(new LakeLayout("s3a://shared/goodair"), "s3a://shared/goodair/bronze"))
        .isEqualTo("goodair/bronze/");
    assertThatThrownBy(() -> S3Lifecycle.rules(new LakeLayout("/tmp/lake"), policy))
        .hasMessageContaining("is not on S3");
  }
}
