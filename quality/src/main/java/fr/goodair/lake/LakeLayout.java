package fr.goodair.lake;

/**
 * Where each zone of the lake lives under one root ({@code s3a://bucket} in production, a local folder in some
 * tests): {@code bronze/} (raw envelopes), {@code silver/<table>}, {@code quality/<table>}, {@code gold/<table>}
 * and {@code reports/} (HTML reports).
 */
public record LakeLayout(String root) {

  public LakeLayout {
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  /** Folder of table {@code database.table}, e.g. {@code s3a://goodair-lake/silver/weather_observation}. */
  public String tableLocation(String qualifiedName) {
    int dot = qualifiedName.indexOf('.');
    return root + "/" + qualifiedName.substring(0, dot) + "/" + qualifiedName.substring(dot + 1);
  }

  public LakeTable table(String qualifiedName, String columns, String comment) {
    return new LakeTable(qualifiedName, tableLocation(qualifiedName), columns, comment);
  }

  public String bronzeRoot() {
    return root + "/bronze";
  }

  public String reportsRoot() {
    return root + "/reports";
  }
}
