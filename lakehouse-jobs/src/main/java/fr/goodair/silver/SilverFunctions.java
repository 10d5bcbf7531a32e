package fr.goodair.silver;

import org.apache.commons.text.StringEscapeUtils;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/** SQL functions the normalizers need and Spark lacks. Registered once per session. */
public final class SilverFunctions {

  private SilverFunctions() {}

  public static void register(SparkSession spark) {
    spark.udf().register("clean_name", (UDF1<String, String>) SilverFunctions::cleanName, DataTypes.StringType);
  }

  /**
   * Station and attribution names as people should read them: HTML entities decoded (WAQI sends
   * {@code &#8217;}), runs of spaces collapsed, ends trimmed; blank → null.
   */
  static String cleanName(String raw) {
    if (raw == null) {
      return null;
    }
    String cleaned = StringEscapeUtils.unescapeHtml4(raw).replaceAll("[\\s\\p{Z}]+", " ").strip();
    return cleaned.isEmpty() ? null : cleaned;
  }
}
