package fr.goodair.ingestion.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Test helpers: real HTTP GETs to the simulator, and JSON shapes. */
final class Http {

  private Http() {}

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static HttpResponse<String> get(String url) {
    return get(url, Duration.ofSeconds(10));
  }

  static HttpResponse<String> get(String url, Duration timeout) {
    try {
      return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The shape of a JSON document: path → JSON type, array elements folded into {@code []} (so arrays compare by
   * element shape, whatever their length). A path holding several types lists them all.
   */
  static Map<String, String> shape(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    walk(node, "$", out);
    return out;
  }

  private static void walk(JsonNode node, String path, Map<String, String> out) {
    out.merge(path, node.getNodeType().name(), (a, b) -> a.contains(b) ? a : a + "|" + b);
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        walk(f.getValue(), path + "." + f.getKey(), out);
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        walk(element, path + "[]", out);
      }
    }
  }
}
