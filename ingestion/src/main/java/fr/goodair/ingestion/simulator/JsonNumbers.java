package fr.goodair.ingestion.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers written the way the real APIs write them: rounded to a fixed number of decimals, and whole values as
 * integers ({@code "p":{"v":1018}}, not {@code 1018.0}).
 */
final class JsonNumbers {

  private JsonNumbers() {}

  static JsonNode number(double value, int decimals) {
    BigDecimal d = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
    if (d.scale() <= 0) {
      return JsonNodeFactory.instance.numberNode(d.longValueExact());
    }
    return JsonNodeFactory.instance.numberNode(d.doubleValue());
  }

  static double round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }
}
