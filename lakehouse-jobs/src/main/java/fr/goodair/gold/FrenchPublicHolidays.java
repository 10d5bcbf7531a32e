package fr.goodair.gold;

import java.time.LocalDate;
import java.time.Month;
import java.util.List;

/**
 * The eleven public holidays of metropolitan France (Code du travail, art. L3133-1): eight on fixed dates and
 * three that follow Easter (Easter Monday, Ascension Thursday, Whit Monday). Alsace-Moselle's two extra days
 * (Good Friday, 26 December) are not in this list. Pure Java, so the calendar features can be tested without Spark.
 *
 * <pre>{@code
 * FrenchPublicHolidays.inYear(2026); // [2026-01-01, 2026-04-06, 2026-05-01, 2026-05-08, 2026-05-14, ...]
 * FrenchPublicHolidays.contains(LocalDate.of(2026, 5, 25)); // true: Whit Monday
 * }</pre>
 */
public final class FrenchPublicHolidays {

  private FrenchPublicHolidays() {}

  /**
   * The holidays of {@code year}, in calendar order: eleven dates, or ten when Ascension falls on 1 or 8 May (as
   * on 1 May 2008).
   */
  public static List<LocalDate> inYear(int year) {
    LocalDate easter = easterSunday(year);
    return List.of(
        LocalDate.of(year, Month.JANUARY, 1),
        easter.plusDays(1), // lundi de Pâques
        LocalDate.of(year, Month.MAY, 1),
        LocalDate.of(year, Month.MAY, 8),
        easter.plusDays(39), // Ascension
        easter.plusDays(50), // lundi de Pentecôte
        LocalDate.of(year, Month.JULY, 14),
        LocalDate.of(year, Month.AUGUST, 15),
        LocalDate.of(year, Month.NOVEMBER, 1),
        LocalDate.of(year, Month.NOVEMBER, 11),
        LocalDate.of(year, Month.DECEMBER, 25))
        .stream().distinct().sorted().toList();
  }

  /** Whether {@code date} is one of the eleven holidays. */
  public static boolean contains(LocalDate date) {
    return inYear(date.getYear()).contains(date);
  }

  /**
   * Gregorian Easter Sunday, by the anonymous algorithm (Meeus/Jones/Butcher): the first Sunday after the
   * ecclesiastical full moon on or after 21 March.
   */
  public static LocalDate easterSunday(int year) {
    int golden = year % 19;
    int century = year / 100;
    int yearOfCentury = year % 100;
    int leapCenturies = century / 4;
    int skippedLeapCenturies = century % 4;
    int moonCorrection = (century + 8) / 25;
    int moonShift = (century - moonCorrection + 1) / 3;
    int epact = (19 * golden + century - leapCenturies - moonShift + 15) % 30;
    int leapYearsOfCentury = yearOfCentury / 4;
    int yearsSinceLeap = yearOfCentury % 4;
    int toSunday = (32 + 2 * skippedLeapCenturies + 2 * leapYearsOfCentury - epact - yearsSinceLeap) % 7;
    int correction = (golden + 11 * epact + 22 * toSunday) / 451;
    int monthAndDay = epact + toSunday - 7 * correction + 114;
    return LocalDate.of(year, monthAndDay / 31, monthAndDay % 31 + 1);
  }
}
