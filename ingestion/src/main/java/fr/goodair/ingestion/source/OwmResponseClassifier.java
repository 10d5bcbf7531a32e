package fr.goodair.ingestion.source;

import com.fasterxml.jackson.databind.JsonNode;
import fr.goodair.ingestion.bronze.Outcome;

/**
 * Judges OpenWeatherMap answers (current weather and air pollution). OWM errors come with a real HTTP status and
 * a body {@code {"cod":…, "message":"…"}}; {@code cod} is a number on some answers and a string ({@code "404"},
 * {@code "200"}) on others. The air-pollution API has no {@code cod} at all on success.
 */
public final class OwmResponseClassifier implements ResponseClassifier {

  @Override
  public Classification classify(int httpStatus, byte[] body) {
    if (httpStatus < 200 || httpStatus > 299) {
      String message = JsonBodies.textField(body, "message");
      return new Classification(Outcome.HTTP_ERROR,
          "HTTP " + httpStatus + (message == null || message.isBlank() ? "" : ": " + message));
    }
    return ResponseClassifier.judgeJsonObject(body, this::judgeObject);
  }

  /** The verdict on a 2xx answer whose body is a JSON object. */
  private Classification judgeObject(JsonNode root) {
    JsonNode cod = root.get("cod");
    if (cod == null || cod.isNull()) {
      return Classification.ok();
    }
    String code = cod.asText().strip();
    if ("200".equals(code)) {
      return Classification.ok();
    }
    String message = root.path("message").asText("");
    return new Classification(Outcome.API_ERROR, "cod " + code + (message.isBlank() ? "" : ": " + message));
  }
}
