package fr.goodair.ingestion.source;

import com.fasterxml.jackson.databind.JsonNode;
import fr.goodair.ingestion.bronze.Outcome;
import java.util.function.Function;

/**
 * Judges an HTTP answer of one API: pure (no I/O, no clock), so every real sample can be checked against it.
 * Each API states its errors its own way (AQICN inside HTTP 200 bodies, OWM with a {@code cod} field).
 */
@FunctionalInterface
public interface ResponseClassifier {

  /**
   * @param httpStatus the final HTTP status
   * @param body the body exactly as received (empty when there was none)
   */
  Classification classify(int httpStatus, byte[] body);

  /**
   * What every JSON API shares in judging a 2xx body: not JSON (or truncated) is {@code invalid_json}, JSON that is
   * not an object is an {@code api_error}; an object gets the API's own {@code verdict}.
   */
  static Classification judgeJsonObject(byte[] body, Function<JsonNode, Classification> verdict) {
    JsonNode root;
    try {
      root = JsonBodies.parse(body);
    } catch (JsonBodies.NotJson e) {
      return new Classification(Outcome.INVALID_JSON, e.getMessage());
    }
    if (!root.isObject()) {
      return new Classification(Outcome.API_ERROR, "unexpected answer: not a JSON object");
    }
    return verdict.apply(root);
  }
}
