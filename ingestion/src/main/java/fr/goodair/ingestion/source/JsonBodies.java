package fr.goodair.ingestion.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Strict JSON reading of response bodies, shared by the classifiers. */
final class JsonBodies {

  // Strict: trailing garbage after the document is not JSON; and parse errors must not quote the body back
  // (it could be large, and it is already in the payload).
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION);

  private JsonBodies() {}

  /** Thrown when a body is not one complete JSON document. */
  static final class NotJson extends Exception {
    NotJson(String message) {
      super(message);
    }
  }

  static JsonNode parse(byte[] body) throws NotJson {
    if (body.length == 0) {
      throw new NotJson("empty body");
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new NotJson("empty body");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new NotJson("body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new NotJson("body is not readable JSON: " + e.getMessage());
    }
  }

  /** Best-effort extraction of a text field from a body that may be anything; null when absent. */
  static String textField(byte[] body, String field) {
    try {
      JsonNode value = parse(body).get(field);
      return value == null || value.isNull() ? null : value.isValueNode() ? value.asText() : value.toString();
    } catch (NotJson | RuntimeException e) {
      return null;
    }
  }
}
