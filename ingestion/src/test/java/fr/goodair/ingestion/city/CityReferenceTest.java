package fr.goodair.ingestion.city;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CityReferenceTest {

  private static final String HEADER = String.join(",", CityReference.HEADER);
  private static final String PARIS =
      "paris,Paris,75056,75,Paris,48.8566,2.3522,Europe/Paris,@5722,geo:48.8566;2.3522,21,31,true";

  @Test
  void shippedReferenceHasTheTwelveMainCitiesWithTheirThresholds() {
    CityReference reference = CityReference.loadDefault();

    assertThat(reference.cities()).extracting(City::id).contains(
        "paris", "marseille", "lyon", "toulouse", "nice", "nantes", "montpellier", "strasbourg", "bordeaux",
        "lille", "rennes", "grenoble");
    City paris = reference.find("paris").orElseThrow();
    assertThat(paris.inseeCode()).isEqualTo("75056");
    assertThat(paris.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(paris.ibmnThreshold()).isEqualTo(21);
    assertThat(paris.ibmxThreshold()).isEqualTo(31);
    assertThat(paris.thresholdsVerified()).isTrue();
    // DOMAIN.md §4 lists Gironde among the thresholds still to verify.
    assertThat(reference.find("bordeaux").orElseThrow().thresholdsVerified()).isFalse();
    assertThat(reference.find("nice").orElseThrow().departementCode()).isEqualTo("06");
  }

  @Test
  void commentsAndBlankLinesAreSkipped() {
    CityReference reference = CityReference.parse("t.csv", "# a comment\n\n" + HEADER + "\n" + PARIS + "\n");

    assertThat(reference.cities()).hasSize(1);
  }

  @Test
  void wrongFieldCountNamesTheLine() {
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS + "\nlyon,Lyon,69123\n"))
        .isInstanceOf(InvalidCityReferenceException.class)
        .hasMessage("t.csv line 3: has 3 fields, expected 13 (" + HEADER + ")");
  }

  @Test
  void outOfRangeLatitudeNamesTheLineAndColumn() {
    String bad = PARIS.replace("48.8566,2.3522", "148.8566,2.3522");

    assertThatThrownBy(() -> CityReference.parse("t.csv", "# c\n" + HEADER + "\n" + bad))
        .hasMessage("t.csv line 3: lat 148.8566 is out of range [-90.0, 90.0]");
  }

  @Test
  void duplicateCityIsRefused() {
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS + "\n" + PARIS))
        .hasMessage("t.csv line 3: city_id 'paris' appears twice");
  }

  @Test
  void badTimeZoneStationAndThresholdsAreRefused() {
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS.replace("Europe/Paris", "Europe/Pariss")))
        .hasMessage("t.csv line 2: timezone 'Europe/Pariss' is not an IANA time zone");
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS.replace("@5722", "@57 22")))
        .hasMessageStartingWith("t.csv line 2: aqicn_station '@57 22' is not valid");
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS.replace(",21,31,", ",31,21,")))
        .hasMessage("t.csv line 2: ibmn_threshold 31 must be below ibmx_threshold 21");
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS.replace(",true", ",yes")))
        .hasMessage("t.csv line 2: thresholds_verified 'yes' must be true or false");
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS.replace("75056", "")))
        .hasMessage("t.csv line 2: insee_code is empty");
  }

  @Test
  void missingHeaderOrCitiesIsRefused() {
    assertThatThrownBy(() -> CityReference.parse("t.csv", "# only comments\n"))
        .hasMessageStartingWith("t.csv: no header line");
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n"))
        .hasMessage("t.csv: no city");
    assertThatThrownBy(() -> CityReference.parse("t.csv", PARIS + "\n"))
        .hasMessageStartingWith("t.csv line 1: header is");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"../x", "a/b", "%2e%2e", "a\u0001b", "a..b", "Paris"})
  void cityIdsThatCouldLeaveAPrefixAreRefusedWithTheLine(String id) {
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS.replaceFirst("^paris", id)))
        .isInstanceOf(InvalidCityReferenceException.class)
        .hasMessageStartingWith("t.csv line 2: city_id '" + fr.goodair.ingestion.store.KeySegments.printable(id)
            + "' is not valid")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u0001"));
  }

  @Test
  void anEmptyCityIdIsRefused() {
    assertThatThrownBy(() -> CityReference.parse("t.csv", HEADER + "\n" + PARIS.replaceFirst("^paris", "")))
        .hasMessage("t.csv line 2: city_id is empty");
  }

  @Test
  void aCityBuiltInCodeCannotCarryAnUnsafeId() {
    City paris = CityReference.parse("t.csv", HEADER + "\n" + PARIS).cities().get(0);
    assertThatThrownBy(() -> new City("../paris", paris.name(), paris.inseeCode(), paris.departementCode(),
        paris.departementName(), paris.latitude(), paris.longitude(), paris.timeZone(), paris.aqicnStation(),
        paris.aqicnFallback(), paris.ibmnThreshold(), paris.ibmxThreshold(), paris.thresholdsVerified()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("city id '../paris' cannot be used");
  }
}
