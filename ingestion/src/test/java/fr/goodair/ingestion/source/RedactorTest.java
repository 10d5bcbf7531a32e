package fr.goodair.ingestion.source;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.config.Secret;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

class RedactorTest {

  private final Secret key = Secret.of("k3y+with/odd chars=&");
  private final Redactor redactor = Redactor.of(key);

  @Test
  void redactsSecretParametersByNameEvenWhenTheValueIsUnknown() {
    HttpUrl url = HttpUrl.get("https://api.openweathermap.org/data/2.5/weather?lat=1&appid=other&lon=2&TOKEN=x");
    assertThat(redactor.redact(url))
        .isEqualTo("https://api.openweathermap.org/data/2.5/weather?lat=1&appid=REDACTED&lon=2&TOKEN=REDACTED");
    assertThat(redactor.redactedParameters(url))
        .containsExactly(java.util.Map.entry("lat", "1"), java.util.Map.entry("appid", "REDACTED"),
            java.util.Map.entry("lon", "2"), java.util.Map.entry("TOKEN", "REDACTED"));
  }

  @Test
  void redactsTheValueRawAndUrlEncodedAnywhereInAText() {
    HttpUrl url = HttpUrl.get("https://api.waqi.info/").newBuilder().addPathSegment(key.reveal())
        .addQueryParameter("q", key.reveal()).build();
    String message = "failed " + url + " with raw " + key.reveal();
    assertThat(redactor.redact(message)).doesNotContain("k3y").contains("REDACTED");
    assertThat(redactor.redact((String) null)).isNull();
  }
}
