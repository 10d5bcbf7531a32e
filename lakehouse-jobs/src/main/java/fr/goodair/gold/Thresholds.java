package fr.goodair.gold;

import java.util.List;

/**
 * The air-quality thresholds gold compares concentrations with, as data: one entry per pollutant and threshold,
 * in µg/m³ (DOMAIN.md §3). {@link ThresholdExceedances} writes one row per period above an entry.
 *
 * <p>Left out on purpose: annual and peak-season values (not a daily or hourly question), the WHO interim targets,
 * the pre-2021 WHO short-term values (NO2 1 h 200, SO2 10 min 500, CO 1 h 30 mg/m³, 8 h 10 mg/m³), the French
 * O3 progressive alert levels 240/300/360 (unverified), the French NO2 alert at 200 after two days of information
 * procedure (it depends on a forecast), and the limit values of Directive (EU) 2024/2881 (they apply from 2030;
 * the {@code standard} column lists the three standards below).
 */
public final class Thresholds {

  /** One threshold. {@code id} is unique per pollutant; {@code averaging} is one of the four constants below. */
  public record Threshold(String pollutant, String id, String standard, String kind, String averaging,
      double ugm3) {}

  /** Each hour on its own. */
  public static final String HOUR = "1h";
  /** Three consecutive hours, each above (the alert thresholds of NO2 and SO2). */
  public static final String THREE_CONSECUTIVE_HOURS = "3h_consecutive";
  /** The day's highest 8-hour rolling mean, a window counting for the day it ends in. */
  public static final String DAILY_MAX_8H = "8h_daily_max";
  /** The mean over the city's local calendar day. */
  public static final String DAY = "24h";

  static final String WHO = "WHO 2021 AQG";
  static final String EU = "EU 2008/50/EC";
  static final String FR = "FR R221-1";

  public static final List<Threshold> ALL = List.of(
      // WHO 2021 air quality guidelines (airclim.org table of WHO 2021). The 24-hour values are 99th
      // percentiles: 3-4 days a year above are compatible with the guideline.
      new Threshold("pm25", "who2021_24h", WHO, "guideline", DAY, 15),
      new Threshold("pm10", "who2021_24h", WHO, "guideline", DAY, 45),
      new Threshold("o3", "who2021_8h", WHO, "guideline", DAILY_MAX_8H, 100),
      new Threshold("no2", "who2021_24h", WHO, "guideline", DAY, 25),
      // 40, not the 50 misprinted in the airclim table (DOMAIN.md §3).
      new Threshold("so2", "who2021_24h", WHO, "guideline", DAY, 40),
      new Threshold("co", "who2021_24h", WHO, "guideline", DAY, 4000),
      // Directive 2008/50/EC limit values (EEA; airparif "normes"), with the exceedances allowed per year.
      new Threshold("pm10", "eu2008_limit_24h", EU, "limit", DAY, 50), // 35 days a year allowed
      new Threshold("no2", "eu2008_limit_1h", EU, "limit", HOUR, 200), // 18 hours a year allowed
      new Threshold("so2", "eu2008_limit_1h", EU, "limit", HOUR, 350), // 24 hours a year allowed
      new Threshold("so2", "eu2008_limit_24h", EU, "limit", DAY, 125), // 3 days a year allowed
      // Unverified ([U] in DOMAIN.md §3): 10 mg/m³ as the maximum daily 8-hour mean, not checked against the
      // directive's text.
      new Threshold("co", "eu2008_limit_8h", EU, "limit", DAILY_MAX_8H, 10000),
      // O3 target value (EEA): 25 days a year allowed, averaged over 3 years.
      new Threshold("o3", "eu2008_target_8h", EU, "target", DAILY_MAX_8H, 120),
      // Information and alert thresholds of the directive (dmu.dk summary; gwadair.fr).
      new Threshold("o3", "eu2008_information_1h", EU, "information", HOUR, 180),
      new Threshold("o3", "eu2008_alert_1h", EU, "alert", HOUR, 240),
      new Threshold("no2", "eu2008_alert_3h", EU, "alert", THREE_CONSECUTIVE_HOURS, 400),
      new Threshold("so2", "eu2008_alert_3h", EU, "alert", THREE_CONSECUTIVE_HOURS, 500),
      // Code de l'environnement R221-1 (décret 2010-1250; legal.tricoteuses.fr text, airparif, gwadair.fr).
      new Threshold("so2", "fr_information", FR, "information", HOUR, 300),
      new Threshold("no2", "fr_information", FR, "information", HOUR, 200),
      new Threshold("o3", "fr_information", FR, "information", HOUR, 180),
      new Threshold("pm10", "fr_information", FR, "information", DAY, 50),
      new Threshold("so2", "fr_alert", FR, "alert", THREE_CONSECUTIVE_HOURS, 500),
      new Threshold("no2", "fr_alert", FR, "alert", THREE_CONSECUTIVE_HOURS, 400),
      new Threshold("pm10", "fr_alert", FR, "alert", DAY, 80));

  private Thresholds() {}
}
