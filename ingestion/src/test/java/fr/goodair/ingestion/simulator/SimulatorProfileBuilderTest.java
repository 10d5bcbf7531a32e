package fr.goodair.ingestion.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulatorProfileBuilderTest {

  @Test
  void committedProfilesAreExactlyWhatTheBuilderMakesFromRealData() throws Exception {
    String rebuilt = SimulatorProfileBuilder.build(RealData.dir());
    String committed;
    try (InputStream in = Profiles.class.getResourceAsStream(Profiles.RESOURCE)) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(rebuilt).isEqualTo(committed);
  }

  @Test
  void profilesCarryTheRealSeasonalAndDiurnalShapes() {
    Profiles p = Profiles.load();
    // NO2: weekday morning rush (06-07 UTC) well above the small hours; weekends flatter.
    assertThat(p.pollutant("no2").weekdayFactor()[7]).isGreaterThan(p.pollutant("no2").weekdayFactor()[2]);
    assertThat(p.pollutant("no2").weekendFactor()[7]).isLessThan(p.pollutant("no2").weekdayFactor()[7]);
    // O3: July afternoon above January afternoon.
    assertThat(p.pollutant("o3").monthHourMean()[6][14]).isGreaterThan(p.pollutant("o3").monthHourMean()[0][14]);
    // Orly: July warmer than January, afternoon warmer than night.
    assertThat(p.temperature[6][4]).isGreaterThan(p.temperature[0][4]);
    assertThat(p.temperature[6][4]).isGreaterThan(p.temperature[6][1]);
    assertThat(p.nearestStation(43.3, 5.37).name()).isEqualTo("MARIGNANE");
  }
}
