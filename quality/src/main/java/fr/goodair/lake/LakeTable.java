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
 * @param properties Delta table properties set at creation (e.g. {@code delta.enableChangeDataFeed})
 */
public record LakeTable(String name, String location, String columns, String comment,
    java.util.Map<String, String> properties) {

  public LakeTable(String name, String location, String columns, String comment) {
    this(name, location, columns, comment, java.util.Map.of());
  }

  /** The same table with one more property, set when the table is created and added to an existing one. */
  public LakeTable withProperty(String key, String value) {
    java.util.Map<String, String> more = new java.util.TreeMap<>(properties);
    more.put(key, value);
    return new LakeTable(name, location, columns, comment, java.util.Map.copyOf(more));
  }

  /** The column names, in table order. */
  public java.util.List<String> columnNames() {
    return java.util.List.of(org.apache.spark.sql.types.StructType.fromDDL(columns).fieldNames());
  }

  public String database() {
    return name.substring(0, name.indexOf('.'));
  }

  /**
   * Creates the table (and its database) if the catalog does not know it. On a location that already holds a
   * Delta log this only registers it: Delta checks that the declared columns match the log's schema. Declared
   * properties the table lacks (a new table, or one created before they were declared) are then set.
   */
  public void ensure(SparkSession spark) {
    spark.sql("CREATE DATABASE IF NOT EXISTS " + database());
    if (spark.catalog().tableExists(name) && !location.equals(registeredLocation(spark))) {
      // Registered to another lake by this session (tests and benchmarks open several lakes in one JVM). The
      // table is external: dropping the catalog entry leaves its files alone.
      spark.sql("DROP TABLE " + name);
    }
    // On a location that holds a table already, Delta refuses TBLPROPERTIES that are not exactly the table's:
    // a new table gets its properties at creation, an existing one those it lacks afterwards.
    boolean existing = !properties.isEmpty() && hasDeltaLog(spark);
    spark.sql("CREATE TABLE IF NOT EXISTS " + name + " (" + columns + ") USING delta LOCATION '" + location
        + "' COMMENT '" + comment.replace("'", "\\'") + "'"
        + (properties.isEmpty() || existing ? "" : " TBLPROPERTIES (" + propertyList(properties) + ")"));
    if (existing) {
      org.apache.spark.sql.Row detail = spark.sql("DESCRIBE DETAIL " + name).first();
      java.util.Map<String, String> actual = detail.getJavaMap(detail.fieldIndex("properties"));
      java.util.Map<String, String> missing = new java.util.TreeMap<>();
      properties.forEach((k, v) -> {
        if (!v.equals(actual.get(k))) {
          missing.put(k, v);
        }
      });
      if (!missing.isEmpty()) {
        spark.sql("ALTER TABLE " + name + " SET TBLPROPERTIES (" + propertyList(missing) + ")");
      }
    }
  }

  private boolean hasDeltaLog(SparkSession spark) {
    org.apache.hadoop.fs.Path log = new org.apache.hadoop.fs.Path(location, "_delta_log");
    try {
      return log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot look for the Delta log of " + name + " at " + log, e);
    }
  }

  private static String propertyList(java.util.Map<String, String> properties) {
    return String.join(", ", properties.entrySet().stream()
        .map(e -> "'" + e.getKey() + "' = '" + e.getValue() + "'").toList());
  }

  /** Where the catalog entry points, read from the catalog (its files may be gone: a test's deleted folder). */
  private String registeredLocation(SparkSession spark) {
    String table = name.substring(name.indexOf('.') + 1);
    String registered = spark.sessionState().catalog().externalCatalog().getTable(database(), table).location()
        .toString();
    return registered.endsWith("/") ? registered.substring(0, registered.length() - 1) : registered;
  }
}
