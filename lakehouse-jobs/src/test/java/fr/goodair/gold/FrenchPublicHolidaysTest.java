package fr.goodair.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FrenchPublicHolidaysTest {

  @Test
  void the2026HolidaysIncludeTheThreeThatFollowEaster() {
    assertThat(FrenchPublicHolidays.easterSunday(2026)).isEqualTo("2026-04-05");
    assertThat(FrenchPublicHolidays.inYear(2026)).extracting(LocalDate::toString).containsExactly(
        "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25", "2026-07-14",
        "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25");
  }

  @Test
  void the2027HolidaysMoveWithAnEarlyEaster() {
    assertThat(FrenchPublicHolidays.easterSunday(2027)).isEqualTo("2027-03-28");
    assertThat(FrenchPublicHolidays.inYear(2027)).extracting(LocalDate::toString).containsExactly(
        "2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17", "2027-07-14",
        "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25");
  }

  @Test
  void easterSundayOnKnownYears() {
    // Earliest (22 March) and latest (25 April) possible dates, and a century year.
    assertThat(FrenchPublicHolidays.easterSunday(2285)).isEqualTo("2285-03-22");
    assertThat(FrenchPublicHolidays.easterSunday(2038)).isEqualTo("2038-04-25");
    assertThat(FrenchPublicHolidays.easterSunday(2000)).isEqualTo("2000-04-23");
    assertThat(FrenchPublicHolidays.easterSunday(2024)).isEqualTo("2024-03-31");
  }

  @Test
  void ascensionOnMayDayGivesTenDates() {
    assertThat(FrenchPublicHolidays.inYear(2008)).hasSize(10).contains(LocalDate.of(2008, 5, 1));
  }

  @Test
  void containsOnlyHolidays() {
    assertThat(FrenchPublicHolidays.contains(LocalDate.of(2026, 5, 25))).isTrue();
    assertThat(FrenchPublicHolidays.contains(LocalDate.of(2026, 4, 5))).isFalse(); // Easter Sunday itself
    assertThat(FrenchPublicHolidays.contains(LocalDate.of(2026, 4, 3))).isFalse(); // Good Friday: Alsace-Moselle only
    assertThat(FrenchPublicHolidays.contains(LocalDate.of(2026, 12, 26))).isFalse();
  }
}
