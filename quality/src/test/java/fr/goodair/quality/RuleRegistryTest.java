package fr.goodair.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleRegistryTest {

  @TempDir
  Path dir;

  @Test
  void theShippedRegistryCoversEverySilverTable() {
    RuleRegistry registry = RuleRegistry.load();

    assertThat(registry.tables()).containsExactly("silver.air_quality_observation", "silver.aqicn_forecast_daily",
        "silver.dim_station", "silver.ingestion_log", "silver.pollutant_concentration", "silver.weather_observation");
    for (String table : registry.tables()) {
      TableRules rules = registry.rules(table);
      // Every table has its natural key checked and a gate against mass rejection.
      assertThat(rules.rules()).anyMatch(rule -> rule instanceof Rule.Unique && rule.level() == Level.ERROR);
      assertThat(rules.rules()).anyMatch(rule -> rule instanceof Rule.MaxRejectedShare && rule.level() == Level.ERROR);
      assertThat(rules.rowLevel()).isNotEmpty();
    }
    Rule.Range aqi = (Rule.Range) registry.rules("silver.air_quality_observation").rule("aqi_subindex_range")
        .orElseThrow();
    assertThat(aqi.max()).isEqualTo(999.0);
    assertThat(aqi.scope()).contains("scale = 'us_epa_aqi'");
    Rule.Freshness fresh = (Rule.Freshness) registry.rules("silver.weather_observation").rule("fresh_per_city")
        .orElseThrow();
    assertThat(fresh.groupBy()).containsExactly("city_id");
    assertThat(fresh.maxAgeHours()).isEqualTo(3.0);
  }

  @Test
  void loadsTheRulesFromAJarAsShipped() throws IOException {
    Path jar = dir.resolve("rules.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("rules/"));
      out.closeEntry();
      out.putNextEntry(new JarEntry("rules/readings.yaml"));
      out.write("""
          table: probe.readings
          rules:
            - name: id_present
              kind: not_null
              description: d
              column: id
          """.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }

    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      RuleRegistry registry = RuleRegistry.load(loader);

      assertThat(registry.tables()).containsExactly("probe.readings");
      assertThat(registry.rules("probe.readings").source()).isEqualTo("classpath:rules/readings.yaml");
    }
  }

  @Test
  void readsEveryKindWithItsDefaults() throws IOException {
    write("readings.yaml", """
        table: probe.readings
        rules:
          - name: id_present
            kind: not_null
            description: d
            column: id
          - name: share
            kind: max_rejected_share
            description: d
            max: 0.1
          - name: key
            kind: unique
            description: d
            columns: [id]
          - name: fresh
            kind: freshness
            description: d
            column: at
          - name: errors
            kind: error_rate
            description: d
            column: at
            group_by: [source]
            max: 0.5
          - name: per_hour
            kind: row_count_anomaly
            description: d
            column: at
        """);

    TableRules rules = RuleRegistry.load(dir).rules("probe.readings");

    assertThat(rules.rule("id_present").orElseThrow().level()).isEqualTo(Level.WARNING);
    assertThat(rules.rule("share").orElseThrow().level()).isEqualTo(Level.ERROR);
    assertThat(rules.rule("key").orElseThrow().level()).isEqualTo(Level.ERROR);
    assertThat(((Rule.Freshness) rules.rule("fresh").orElseThrow()).maxAgeHours()).isEqualTo(3.0);
    assertThat(((Rule.ErrorRate) rules.rule("errors").orElseThrow()).failedWhen()).isEqualTo("outcome <> 'ok'");
    assertThat(((Rule.ErrorRate) rules.rule("errors").orElseThrow()).windowHours()).isEqualTo(24.0);
    Rule.RowCountAnomaly perHour = (Rule.RowCountAnomaly) rules.rule("per_hour").orElseThrow();
    assertThat(perHour.historyDays()).isEqualTo(14);
    assertThat(perHour.lagHours()).isEqualTo(1);
    assertThat(rules.rowLevel()).extracting(Rule::name).containsExactly("id_present");
    assertThat(rules.batchLevel()).extracting(Rule::name).containsExactly("share", "key");
    assertThat(rules.scheduled()).extracting(Rule::name).containsExactly("key", "fresh", "errors", "per_hour");
  }

  @Test
  void unknownKindIsOneLineNamingFileAndRule() throws IOException {
    Path file = write("readings.yaml", """
        table: probe.readings
        rules:
          - name: id_present
            kind: not_nul
            description: d
            column: id
        """);

    assertThatThrownBy(() -> RuleRegistry.load(dir))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessage(file + ": rule 'id_present': unknown kind 'not_nul' (expected one of not_null, range, "
            + "allowed_values, expression, complete, unique, max_rejected_share, row_count_anomaly, freshness, "
            + "error_rate)");
  }

  @Test
  void missingColumnParameterIsOneLineNamingFileAndRule() throws IOException {
    Path file = write("readings.yaml", """
        table: probe.readings
        rules:
          - name: humidity_range
            kind: range
            description: d
            min: 0
            max: 100
        """);

    assertThatThrownBy(() -> RuleRegistry.load(dir))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessage(file + ": rule 'humidity_range': missing parameter 'column'");
  }

  @Test
  void otherMistakesAreNamedToo() throws IOException {
    assertInvalid("""
        table: probe.readings
        rules:
          - name: humidity_range
            kind: range
            description: d
            colum: humidity
            max: 100
        """, "rule 'humidity_range': unknown parameter 'colum' for kind range (allowed: column, max, min, where)");
    assertInvalid("""
        table: probe.readings
        rules:
          - name: humidity_range
            kind: range
            description: d
            column: humidity
            min: 100
            max: 0
        """, "rule 'humidity_range': min 100 is above max 0");
    assertInvalid("""
        table: probe.readings
        rules:
          - name: odd
            kind: expression
            description: d
            expression: "value >> AND"
        """, "rule 'odd': 'expression' is not a Spark SQL expression:");
    assertInvalid("""
        table: probe.readings
        rules:
          - name: id_present
            kind: not_null
            level: fatal
            description: d
            column: id
        """, "rule 'id_present': level 'fatal' must be error or warning");
    assertInvalid("""
        table: probe.readings
        rules:
          - kind: not_null
            description: d
            column: id
        """, "rule #1: missing parameter 'name'");
    assertInvalid("""
        table: probe.other
        rules:
          - name: id_present
            kind: not_null
            description: d
            column: id
        """, "declares table probe.other but the file must then be named other.yaml");
  }

  private void assertInvalid(String yaml, String expected) throws IOException {
    Path file = write("readings.yaml", yaml);
    assertThatThrownBy(() -> RuleRegistry.load(dir))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessageStartingWith(file + ": " + expected)
        .hasMessageNotContaining("\n");
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }
}
