package fr.goodair.ingestion.source;

import static fr.goodair.ingestion.source.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.bronze.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseClassifierTest {

  private final AqicnResponseClassifier aqicn = new AqicnResponseClassifier();
  private final OwmResponseClassifier owm = new OwmResponseClassifier();

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "aqicn-feed-paris-idx5722-2026-04-26.json",
      "aqicn-feed-paris-idx5722-2026-01-20.json",
      "aqicn-feed-bordeaux-bastide-idx5056-2020-04-20.json",
      "aqicn-feed-aqi-dash-klundert-nl-2023-08-07.json",
      "aqicn-feed-crowdsourced-negative-idx-seattle-2023-08-20.json",
      // another endpoint (/search/), same status convention: the classifier still reads it as a success
      "aqicn-search-paris-2026-04-28.json"})
  void aqicnOkSamplesAreOk(String file) {
    assertThat(aqicn.classify(200, sample(file))).isEqualTo(Classification.ok());
  }

  @Test
  void aqicnErrorsArriveAsHttp200WithAStatusError() {
    assertThat(aqicn.classify(200, sample("aqicn-error-invalid-key.json")))
        .isEqualTo(new Classification(Outcome.API_ERROR, "Invalid key"));
    assertThat(aqicn.classify(200, sample("aqicn-error-unknown-station.json")))
        .isEqualTo(new Classification(Outcome.API_ERROR, "Unknown station"));
    assertThat(aqicn.classify(200, utf8("{\"status\":\"error\",\"data\":\"Over quota\"}")))
        .isEqualTo(new Classification(Outcome.API_ERROR, "Over quota"));
  }

  @Test
  void aqicnNon2xxIsHttpErrorAndBrokenBodiesAreInvalidJson() {
    assertThat(aqicn.classify(502, utf8("<html>Bad gateway</html>")).outcome()).isEqualTo(Outcome.HTTP_ERROR);
    assertThat(aqicn.classify(200, utf8("{\"status\":\"ok\",\"data\":{\"aqi\":4")).outcome())
        .isEqualTo(Outcome.INVALID_JSON);
    assertThat(aqicn.classify(200, new byte[0]).outcome()).isEqualTo(Outcome.INVALID_JSON);
    assertThat(aqicn.classify(200, utf8("{\"status\":\"ok\"} trailing")).outcome()).isEqualTo(Outcome.INVALID_JSON);
    assertThat(aqicn.classify(200, utf8("{\"data\":{}}")).outcome()).isEqualTo(Outcome.API_ERROR);
  }

  @Test
  void fallbackOnlyForUnknownStationOrNoUsableData() {
    byte[] unknown = sample("aqicn-error-unknown-station.json");
    assertThat(aqicn.warrantsFallback(aqicn.classify(200, unknown), unknown)).isTrue();
    byte[] invalidKey = sample("aqicn-error-invalid-key.json");
    assertThat(aqicn.warrantsFallback(aqicn.classify(200, invalidKey), invalidKey)).isFalse();
    // "aqi":"-" with iaqi values is data, not a reason to look elsewhere
    byte[] dash = sample("aqicn-feed-aqi-dash-klundert-nl-2023-08-07.json");
    assertThat(aqicn.warrantsFallback(aqicn.classify(200, dash), dash)).isFalse();
    byte[] empty = utf8("{\"status\":\"ok\",\"data\":{\"aqi\":\"-\",\"iaqi\":{}}}");
    assertThat(aqicn.warrantsFallback(aqicn.classify(200, empty), empty)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "owm-current-paris-2026-04-30.json",
      "owm-current-paris-lang-fr-2026-01-20.json",
      // the 5-day forecast is another endpoint; its cod is the string "200": still a success
      "owm-forecast-5day-london-2025-03-20.json"})
  void owmOkSamplesAreOk(String file) {
    assertThat(owm.classify(200, sample(file))).isEqualTo(Classification.ok());
  }

  @Test
  void owmErrorSamplesWithTheirRealStatuses() {
    assertThat(owm.classify(401, sample("owm-error-401-invalid-api-key.json")))
        .isEqualTo(new Classification(Outcome.HTTP_ERROR,
            "HTTP 401: Invalid API key. Please see http://openweathermap.org/faq#error401 for more info."));
    assertThat(owm.classify(404, sample("owm-error-404-city-not-found.json")))
        .isEqualTo(new Classification(Outcome.HTTP_ERROR, "HTTP 404: city not found"));
    Classification limited = owm.classify(429, sample("owm-error-429-rate-limited.json"));
    assertThat(limited.outcome()).isEqualTo(Outcome.HTTP_ERROR);
    assertThat(limited.error()).startsWith("HTTP 429: Your account is temporary blocked");
  }

  @Test
  void owmCodDecidesOn2xxWhetherNumberOrString() {
    assertThat(owm.classify(200, sample("owm-error-404-city-not-found.json")))
        .isEqualTo(new Classification(Outcome.API_ERROR, "cod 404: city not found"));
    assertThat(owm.classify(200, utf8("{\"cod\":401,\"message\":\"x\"}")).outcome()).isEqualTo(Outcome.API_ERROR);
    assertThat(owm.classify(200, utf8("{\"cod\":\"200\"}")).outcome()).isEqualTo(Outcome.OK);
    // air_pollution has no cod on success
    assertThat(owm.classify(200, utf8("{\"coord\":{\"lon\":2.35,\"lat\":48.85},\"list\":[{\"main\":{\"aqi\":2},"
        + "\"components\":{\"pm2_5\":8.1},\"dt\":1768921200}]}")).outcome()).isEqualTo(Outcome.OK);
  }

  @Test
  void owmNon2xxWithoutJsonStillSaysTheStatus() {
    assertThat(owm.classify(503, utf8("Service Unavailable")))
        .isEqualTo(new Classification(Outcome.HTTP_ERROR, "HTTP 503"));
  }

  @Test
  void owmMalformedOrNonUtf8BodiesAreInvalidJson() {
    assertThat(owm.classify(200, utf8("{\"coord\":{\"lon\":2.3488,\"la")).outcome()).isEqualTo(Outcome.INVALID_JSON);
    assertThat(owm.classify(200, utf8("<html>maintenance</html>")).outcome()).isEqualTo(Outcome.INVALID_JSON);
    assertThat(owm.classify(200, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x7b}).outcome())
        .isEqualTo(Outcome.INVALID_JSON);
  }
}
