package fr.goodair.gold;

import fr.goodair.quality.Level;
import fr.goodair.quality.alert.AlertCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What gold says is abnormal right now, as alert conditions: the alert manager turns them into one episode per
 * key (one message when it starts, one when it ends). "Now" is each city's newest hour in city_hourly.
 *
 * <ul>
 *   <li>{@value #EXCEEDANCE}: a regulatory threshold (EU limit or target, French information or alert) exceeded
 *       in the newest hour, or on the newest day for daily averages. WHO guidelines are reported in gold but do
 *       not alert: they are exceeded on most days in French cities and would make every day an episode. Key
 *       {@code exceedance/<city>/<pollutant>/<threshold_id>}; the measured basis is preferred over the estimate.
 *       French alert thresholds are errors, the others warnings.</li>
 *   <li>{@value #EXTREME}: a severe or extreme variation in the newest hour. Key
 *       {@code extreme/<city>/<variable>/<kind>}.</li>
 * </ul>
 */
public final class GoldAlerts {

  public static final String EXCEEDANCE = "threshold_exceedance";
  public static final String EXTREME = "extreme_variation";

  private GoldAlerts() {}

  /** Conditions of both kinds; {@code now} bounds how far back "newest hour" may be (three days). */
  public static List<AlertCondition> conditions(SparkSession spark, Instant now) {
    String newest = "SELECT city_id, max(hour_utc) AS hour, max_by(local_date, hour_utc) AS day FROM "
        + GoldTables.CITY_HOURLY + " WHERE hour_utc >= TIMESTAMP '" + now.minusSeconds(3 * 86400)
        + "' GROUP BY city_id";
    Map<String, AlertCondition> conditions = new LinkedHashMap<>();
    for (Row r : spark.sql("SELECT e.city_id, e.pollutant, e.threshold_id, e.standard, e.kind, e.averaging, "
        + "e.threshold_ugm3, e.basis, e.value_ugm3, e.period_start FROM " + GoldTables.THRESHOLD_EXCEEDANCES
        + " e JOIN (" + newest + ") n ON e.city_id = n.city_id"
        + " WHERE e.kind IN ('limit', 'target', 'information', 'alert')"
        + " AND ((e.averaging IN ('1h', '3h_consecutive') AND e.period_end > n.hour)"
        + " OR (e.averaging IN ('24h', '8h_daily_max') AND e.local_date = n.day))"
        + " ORDER BY e.city_id, e.pollutant, e.threshold_id, e.basis DESC, e.period_start DESC").collectAsList()) {
      String key = "exceedance/" + r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2);
      // basis DESC puts measured before estimated: the first row of a key is the one to report.
      conditions.computeIfAbsent(key, k -> new AlertCondition(k, EXCEEDANCE,
          "alert".equals(r.getString(4)) ? Level.ERROR : Level.WARNING,
          String.format("%s: %s above the %s %s threshold (%s, %.0f µg/m³): %.1f µg/m³ (%s)", r.getString(0),
              r.getString(1).toUpperCase(java.util.Locale.ROOT), r.getString(3), r.getString(4), r.getString(5),
              r.getDouble(6), r.getDouble(8), r.getString(7)),
          "period starting " + r.get(9) + " UTC; " + ("estimated".equals(r.getString(7))
              ? "estimated from the AQICN AQI sub-index (approximate back-conversion)"
              : "OWM Air Pollution concentration") + "; see gold.threshold_exceedances"));
    }
    List<AlertCondition> all = new ArrayList<>(conditions.values());
    for (Row r : spark.sql("SELECT v.city_id, v.variable, v.kind, v.value, v.baseline_median, v.robust_z, "
        + "v.severity, v.unit, v.hour_utc FROM " + GoldTables.EXTREME_VARIATIONS + " v JOIN (" + newest
        + ") n ON v.city_id = n.city_id AND v.hour_utc = n.hour WHERE v.severity IN ('severe', 'extreme')"
        + " ORDER BY 1, 2, 3").collectAsList()) {
      all.add(new AlertCondition("extreme/" + r.getString(0) + "/" + r.getString(1) + "/" + r.getString(2), EXTREME,
          Level.WARNING,
          String.format("%s: %s %s %s (%.1f %s, usual %.1f, robust z %.1f)", r.getString(0), r.getString(6),
              "jump".equals(r.getString(2)) ? "jump of" : "level of", r.getString(1), r.getDouble(3),
              r.getString(7), r.getDouble(4), r.getDouble(5)),
          "hour " + r.get(8) + " UTC against the same hour of the previous 28 days; see gold.extreme_variations"));
    }
    return all;
  }
}
