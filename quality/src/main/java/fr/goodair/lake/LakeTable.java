package fr.goodair.lake;

import org.apache.spark.sql.SparkSession;

/**
 * A Delta table of the lake: its catalog name, where its files are, and its columns. Tables are registered in
 * the session's catalog by {@link #ensure(SparkSession)} at every start, so any process (job, CLI, SQL server)
 * sees the same tables without sharing a metastore: the lake is the truth, the catalog is derived from it.
 *
 * @param name qualified name, e.g. {@code silver.weather_observation}
 * @param location the table's folder, e.g. {@code s3a://goodair-lake/silver/weather_observation}
 * @param columns column definitions in Spark SQL DDL, with comments
 * @param comment what one row is
 */
public record LakeTable(String name, String location, String columns, String comment) {

  public String database() {
    return name.substring(0, name.indexOf('.'));
  }

  /**
   * Creates the table (and its database) if the catalog does not know it. On a location that already holds a
   * Delta log this only registers it: Delta checks that the declared columns match the log's schema.
   */
  public void ensure(SparkSession spark) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database());
    spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + columns + ") USING delta LOCATION '" + location
        + "' COMMENT '" + comment.replace("'", "\\'") + "'");
  }
}
