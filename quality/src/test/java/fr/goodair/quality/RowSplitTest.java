package fr.goodair.quality;

import static fr.goodair.quality.Fixtures.aq;
import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import fr.goodair.lake.LakeLayout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Row-level rules of the shipped air-quality registry, on crafted candidates. */
class RowSplitTest {

  private static final String TABLE = "silver.air_quality_observation";
  private static SparkSession spark;
  private static QualityGate gate;

  @BeforeAll
  static void gate() {
    spark = SparkTestSession.get();
    gate = new QualityGate(spark, RuleRegistry.load(),
        new LakeLayout(SparkTestSession.tempDir("split").toUri().toString()));
  }

  /** Each row states why it is there; six pass, ten fail, one of them two rules. */
  private static List<Fixtures.AirQuality> candidates() {
    return List.of(
        aq(1, "pm25", 55.0),                                     // ok
        aq(1, "temperature", 21.5),                              // ok
        aq(1, "pm10", 604.0),                                    // ok: WAQI reports beyond 500 (real Paris pm10)
        aq(1, "o3", null),                                       // ok: "-" from the API, nulls pass ranges
        aq(1, "humidity", null),                                 // ok: nulls pass ranges
        aq(1, "pressure", 1013.2),                               // ok
        aq(2, "temperature", 283.15),                            // temperature_range: Kelvin slipped through
        aq(2, "humidity", 120.0),                                // humidity_range
        aq(2, "pm25", -3.0),                                     // aqi_subindex_range
        aq(2, "pm1", 10.0),                                      // parameter_known
        aq(2, "dew_point", 300.0).scale("measured", "K"),        // dew_point_range AND scale_matches_parameter
        aq(null, "no2", 20.0),                                   // station_idx_present
        aq(3, null, 2000.0).scale(null, null),                   // parameter_present only: out of every range's scope
        aq(3, "so2", 4.0).observedAt(Instant.parse("2025-03-04T13:00:00Z")), // observed_not_after_fetch
        aq(3, "pm25", 12.0).scale("measured", "µg/m³"),          // scale_matches_parameter: a concentration here
        aq(3, "wind_speed", 80.0));                              // wind_range
  }

  @Test
  void countsRejectedRowsPerRule() {
    try (RowSplit split = gate.splitRows(TABLE, Fixtures.airQuality(candidates()))) {
      assertThat(split.rejectedByRule()).containsOnly(
          entry("station_idx_present", 1L),
          entry("observed_at_present", 0L),
          entry("parameter_present", 1L),
          entry("city_present", 0L),
          entry("parameter_known", 1L),
          entry("scale_known", 0L),
          entry("scale_matches_parameter", 2L),
          entry("aqi_subindex_range", 1L),
          entry("temperature_range", 1L),
          entry("dew_point_range", 1L),
          entry("humidity_range", 1L),
          entry("pressure_range", 0L),
          entry("wind_range", 1L),
          entry("observed_not_after_fetch", 1L));
      assertThat(split.candidateRows()).isEqualTo(16);
      assertThat(split.rejectedRows()).isEqualTo(10);
      assertThat(split.acceptedRows()).isEqualTo(6);

      // The datasets agree with the counts: one quarantine row per (row, failing rule).
      Map<String, Long> quarantined = split.rejected().collectAsList().stream()
          .collect(Collectors.groupingBy(row -> row.getString(row.fieldIndex("rule")), Collectors.counting()));
      assertThat(quarantined).isEqualTo(split.rejectedByRule().entrySet().stream().filter(e -> e.getValue() > 0)
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
      assertThat(split.accepted().select("line_number").as(org.apache.spark.sql.Encoders.INT()).collectAsList())
          .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
    }
  }

  @Test
  void aRowFailingTwoRulesIsQuarantinedOncePerRuleWithItsReason() {
    try (RowSplit split = gate.splitRows(TABLE, Fixtures.airQuality(candidates()))) {
      List<Row> line11 = split.rejected().where("line_number = 11").orderBy("rule").collectAsList();

      assertThat(line11).extracting(row -> row.getString(row.fieldIndex("rule")))
          .containsExactly("dew_point_range", "scale_matches_parameter");
      assertThat(line11).extracting(row -> row.getString(row.fieldIndex("detail")))
          .containsExactly("value=300.0 outside [-60, 60]", "dew_point labelled measured/K");
      assertThat(line11.get(0).getString(line11.get(0).fieldIndex("bronze_object")))
          .isEqualTo("bronze/source=aqicn/run-1.jsonl");
    }
  }

  @Test
  void keepsTheCandidatesSchemaAndAddsRuleAndDetail() {
    Dataset<Row> candidates = Fixtures.airQuality(candidates());
    try (RowSplit split = gate.splitRows(TABLE, candidates)) {
      assertThat(split.accepted().schema()).isEqualTo(candidates.schema());
      assertThat(split.rejected().schema().fieldNames()).containsExactly(
          concat(candidates.schema().fieldNames(), "rule", "detail"));
      assertThat(split.rejected().schema().apply("detail").dataType()).isEqualTo(DataTypes.StringType);
    }
  }

  @Test
  void rowsThatFailAreMarkedInASecondPassAndTheViewsReadTheMarks() {
    // Every evaluation of the source's rows goes through this UDF: Deequ's measuring scan is one pass, the marking
    // of failing rows a second; reading both views and counting must not evaluate the source again.
    LongAccumulator sourceRows = countingUdf("seen_failing");
    Dataset<Row> counted = Fixtures.airQuality(candidates()).withColumn("value", expr("seen_failing(value)"));

    try (RowSplit split = gate.splitRows(TABLE, counted)) {
      split.accepted().count();
      split.rejected().collectAsList();
      split.accepted().collectAsList();
      assertThat(sourceRows.value()).isEqualTo(2 * 16);
    }
  }

  @Test
  void whenEveryRowPassesOneScanIsAllAndTheAcceptedRowsAreTheCandidates() {
    LongAccumulator sourceRows = countingUdf("seen_passing");
    List<Fixtures.AirQuality> passing = candidates().subList(0, 6);
    Dataset<Row> counted = Fixtures.airQuality(passing).withColumn("value", expr("seen_passing(value)"));

    try (RowSplit split = gate.splitRows(TABLE, counted)) {
      assertThat(sourceRows.value()).isEqualTo(6);
      assertThat(split.rejectedRows()).isZero();
      assertThat(split.rejectedByRule()).hasSize(14).allSatisfy((rule, count) -> assertThat(count).isZero());
      assertThat(split.rejected().collectAsList()).isEmpty();
      assertThat(sourceRows.value()).isEqualTo(6);
      assertThat(split.accepted().count()).isEqualTo(6);
    }
  }

  /** A pass-through of {@code value} counting the rows it sees (the range rules read {@code value}). */
  private static LongAccumulator countingUdf(String name) {
    LongAccumulator rows = spark.sparkContext().longAccumulator(name);
    spark.udf().register(name, (UDF1<Double, Double>) value -> {
      rows.add(1);
      return value;
    }, DataTypes.DoubleType);
    return rows;
  }

  @Test
  void noCandidatesNoRejections() {
    try (RowSplit split = gate.splitRows(TABLE, Fixtures.airQuality(List.of()))) {
      assertThat(split.candidateRows()).isZero();
      assertThat(split.rejectedByRule()).hasSize(14).allSatisfy((rule, count) -> assertThat(count).isZero());
      assertThat(split.rejected().columns()).endsWith("rule", "detail");
      assertThat(split.accepted().count()).isZero();
    }
  }

  @Test
  void aRuleOnAMissingColumnFailsNamingTheRule() {
    Dataset<Row> withoutScale = Fixtures.airQuality(candidates()).drop("scale");

    assertThatThrownBy(() -> gate.splitRows(TABLE, withoutScale))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rule 'scale_known': column 'scale' is not in the candidate rows");
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }
}
