package fr.goodair.ingestion.source;

import com.fasterxml.jackson.databind.JsonNode;
import fr.goodair.ingestion.bronze.Outcome;

/**
 * Judges AQICN / WAQI answers. The API reports its errors as HTTP 200 with {@code {"status":"error","data":"…"}}
 * ("Invalid key", "Over quota", "Unknown station"), so the body's {@code status} decides, not the HTTP code.
 * A {@code status:"ok"} feed is a success even with {@code "aqi":"-"}: that is data (a station without a current
 * index), silver deals with it.
 */
public final class AqicnResponseClassifier implements ResponseClassifier {

  /** The {@code data} text AQICN returns for a feed target it does not know. */
  public static final String UNKNOWN_STATION = "Unknown station";

  @Override
  public Classification classify(int httpStatus, byte[] body) {
    if (httpStatus < 200 || httpStatus > 299) {
      String data = JsonBodies.textField(body, "data");
      return new Classification(Outcome.HTTP_ERROR, "HTTP " + httpStatus + (data == null ? "" : ": " + data));
    }
    return ResponseClassifier.judgeJsonObject(body, this::judgeObject);
  }

  /** The verdict on a 2xx answer whose body is a JSON object. */
  private Classification judgeObject(JsonNode root) {
    String status = root.path("status").asText(null);
    if ("ok".equals(status)) {
      return Classification.ok();
    }
    if ("error".equals(status)) {
      JsonNode data = root.get("data");
      String message = data == null || data.isNull() ? "error without a message"
          : data.isValueNode() ? data.asText() : data.toString();
      return new Classification(Outcome.API_ERROR, message);
    }
    return new Classification(Outcome.API_ERROR,
        status == null ? "answer without a status field" : "unexpected status '" + status + "'");
  }

  /**
   * True when a feed answer gives nothing to keep for this city, so the fallback target is worth one more call:
   * "Unknown station", or {@code status:"ok"} with neither a numeric {@code aqi} nor any {@code iaqi} value.
   * Not for invalid key, over quota or transport failures: the fallback would fail the same way and burn quota.
   */
  public boolean warrantsFallback(Classification verdict, byte[] body) {
    if (verdict.outcome() == Outcome.API_ERROR) {
      return UNKNOWN_STATION.equalsIgnoreCase(String.valueOf(verdict.error()).strip());
    }
    if (verdict.outcome() != Outcome.OK) {
      return false;
    }
    try {
      JsonNode data = JsonBodies.parse(body).path("data");
      boolean numericAqi = data.path("aqi").isNumber();
      JsonNode iaqi = data.path("iaqi");
      boolean anyIaqi = iaqi.isObject() && iaqi.size() > 0;
      return !numericAqi && !anyIaqi;
    } catch (JsonBodies.NotJson e) {
      return false; // cannot happen for an OK verdict
    }
  }
}
