package fr.goodair.gold;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import fr.goodair.lake.TestLake;
import java.util.Collections;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Known answers of the US-EPA inverse formula: band ends, midpoints, gaps between bands, ends of the tables. */
class AqiConcentrationTest {

  private final SparkSession spark = TestLake.spark();

  /** The estimate for one sub-index of {@code pollutant}, in µg/m³ (null when there is none). */
  private Double ugm3(String pollutant, Double aqi) {
    Row row = spark.createDataset(Collections.singletonList(aqi), Encoders.DOUBLE()).toDF("aqi")
        .select(AqiConcentration.ugm3(pollutant, col("aqi")))
        .first();
    return row.isNullAt(0) ? null : row.getDouble(0);
  }

  @Test
  void pm25UsesThe2024Breakpoints() {
    assertThat(ugm3("pm25", 0.0)).isZero();
    assertThat(ugm3("pm25", 50.0)).isCloseTo(9.0, within(1e-9));
    assertThat(ugm3("pm25", 51.0)).isCloseTo(9.1, within(1e-9));
    assertThat(ugm3("pm25", 100.0)).isCloseTo(35.4, within(1e-9));
    assertThat(ugm3("pm25", 150.0)).isCloseTo(55.4, within(1e-9));
    assertThat(ugm3("pm25", 200.0)).isCloseTo(125.4, within(1e-9)); // 150.4 before 2024
    assertThat(ugm3("pm25", 500.0)).isCloseTo(325.4, within(1e-9));
  }

  @Test
  void insideABandTheFormulaIsLinear() {
    // (75.5 − 51)(35.4 − 9.1)/(100 − 51) + 9.1 = 22.25 µg/m³
    assertThat(ugm3("pm25", 75.5)).isCloseTo(22.25, within(1e-9));
    // (125.5 − 101)(360 − 101)/(150 − 101) + 101 = 230.5 ppb
    assertThat(ugm3("no2", 125.5)).isCloseTo(230.5 * 1.88, within(1e-9));
    assertThat(ugm3("pm10", 175.5)).isCloseTo(304.5, within(1e-9));
  }

  @Test
  void gasesAreConvertedFromPpbOrPpmAt25Degrees() {
    assertThat(ugm3("no2", 100.0)).isCloseTo(100 * 1.88, within(1e-9));
    assertThat(ugm3("o3", 50.0)).isCloseTo(54 * 1.96, within(1e-9)); // 0.054 ppm
    assertThat(ugm3("o3", 100.0)).isCloseTo(70 * 1.96, within(1e-9));
    assertThat(ugm3("so2", 50.0)).isCloseTo(35 * 2.62, within(1e-9));
    assertThat(ugm3("so2", 100.0)).isCloseTo(75 * 2.62, within(1e-9));
    assertThat(ugm3("co", 100.0)).isCloseTo(9.4 * 1145, within(1e-9)); // 9.4 ppm
    assertThat(ugm3("pm10", 150.0)).isCloseTo(254.0, within(1e-9));
  }

  @Test
  void betweenTwoBandsTheEstimateJoinsTheirEnds() {
    // An hourly mean of integer AQIs can fall between 50 and 51: halfway between 9.0 and 9.1.
    assertThat(ugm3("pm25", 50.5)).isCloseTo(9.05, within(1e-9));
  }

  @Test
  void outsideATableThereIsNoEstimate() {
    // O3's 8-h table stops at AQI 300 (0.200 ppm), SO2's 1-h table at 200 (304 ppb).
    assertThat(ugm3("o3", 300.0)).isCloseTo(200 * 1.96, within(1e-9));
    assertThat(ugm3("o3", 301.0)).isNull();
    assertThat(ugm3("so2", 200.0)).isCloseTo(304 * 2.62, within(1e-9));
    assertThat(ugm3("so2", 201.0)).isNull();
    assertThat(ugm3("pm25", -1.0)).isNull();
    assertThat(ugm3("pm25", 501.0)).isNull();
    assertThat(ugm3("pm25", null)).isNull();
    assertThatThrownBy(() -> AqiConcentration.ugm3("nh3", col("aqi"))).isInstanceOf(IllegalArgumentException.class);
  }
}
