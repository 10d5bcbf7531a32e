package fr.goodair.ingestion.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One HTTP answer as the simulator will send it. */
record SimulatedResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

  static final String JSON = "application/json; charset=utf-8";

  static SimulatedResponse json(int status, String body) {
    return new SimulatedResponse(status, JSON, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  SimulatedResponse withHeader(String name, String value) {
    var h = new java.util.LinkedHashMap<>(headers);
    h.put(name, value);
    return new SimulatedResponse(status, contentType, body, Map.copyOf(h));
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
