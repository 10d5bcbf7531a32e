package fr.goodair.gold;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code gold.city_hourly} → {@code gold.city_daily}: mean, min, max and exact 95th percentile per city, local
 * day and variable, with the day's coverage. A local day has 23 or 25 hours on DST change days, and coverage
 * counts against that. AQI variables also get the US-EPA category of the day's highest hourly AQI (WAQI's
 * instant-cast hourly index, so this is an indication, not EPA's 24-hour AQI).
 */
public final class CityDaily {

  /** Analysed variables plus the AQICN sub-indices, whose daily maxima researchers compare with the overall AQI. */
  static final List<String> VARIABLES;

  static {
    List<String> variables = new ArrayList<>(GoldVariables.columns());
    variables.addAll(List.of("aqi_pm25", "aqi_pm10", "aqi_o3", "aqi_no2", "aqi_so2", "aqi_co"));
    VARIABLES = List.copyOf(variables);
  }

  private CityDaily() {}

  /** @param cities silver.dim_city, for the time zone that says how many hours a local day has */
  public static Dataset<Row> compute(Dataset<Row> hourly, Dataset<Row> cities, Instant updatedAt) {
    StringBuilder stack = new StringBuilder("stack(" + VARIABLES.size());
    for (String v : VARIABLES) {
      stack.append(", '").append(v).append("', CAST(").append(v).append(" AS DOUBLE)");
    }
    stack.append(") AS (variable, value)");
    Dataset<Row> long_ = hourly.selectExpr("city_id", "local_date", stack.toString());
    Dataset<Row> stats = long_.groupBy("city_id", "local_date", "variable").agg(
        expr("avg(value)").as("mean"), expr("min(value)").as("min"), expr("max(value)").as("max"),
        expr("percentile(value, 0.95)").as("p95"), expr("CAST(count(value) AS INT)").as("hours_observed"));
    return stats.join(cities.select("city_id", "timezone"), "city_id").selectExpr(
        "city_id", "local_date", "variable", unitCase() + " AS unit", "mean", "min", "max", "p95", "hours_observed",
        "CAST((unix_timestamp(to_utc_timestamp(CAST(date_add(local_date, 1) AS TIMESTAMP), timezone))"
            + " - unix_timestamp(to_utc_timestamp(CAST(local_date AS TIMESTAMP), timezone))) / 3600 AS INT)"
            + " AS hours_expected")
        .withColumn("coverage", expr("hours_observed / hours_expected"))
        .withColumn("aqi_category", expr(categoryCase()))
        .withColumn("updated_at", lit(Timestamp.from(updatedAt)))
        .selectExpr("city_id", "local_date", "variable", "unit", "mean", "min", "max", "p95", "hours_observed",
            "hours_expected", "coverage", "aqi_category", "updated_at");
  }

  private static String unitCase() {
    StringBuilder unit = new StringBuilder("CASE variable");
    for (String v : VARIABLES) {
      String u = v.startsWith("aqi_") ? "AQI (US-EPA 0-500)" : GoldVariables.unitOf(v);
      unit.append(" WHEN '").append(v).append("' THEN '").append(u).append("'");
    }
    return unit.append(" END").toString();
  }

  /** US-EPA AQI categories (DOMAIN.md §3) of the daily maximum, for the AQI variables. */
  private static String categoryCase() {
    return "CASE WHEN NOT (variable = 'aqi' OR startswith(variable, 'aqi_')) OR max IS NULL THEN NULL"
        + " WHEN max <= 50 THEN 'good' WHEN max <= 100 THEN 'moderate'"
        + " WHEN max <= 150 THEN 'unhealthy_for_sensitive_groups' WHEN max <= 200 THEN 'unhealthy'"
        + " WHEN max <= 300 THEN 'very_unhealthy' ELSE 'hazardous' END";
  }
}
