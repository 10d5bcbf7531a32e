package fr.goodair.ingestion.source;

import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.config.Secret;
import java.time.Clock;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * OpenWeatherMap current weather: {@code GET {base}/data/2.5/weather?lat=…&lon=…&units=metric&appid=…}.
 * {@code units=metric} because the default ({@code standard}) is Kelvin.
 */
public final class OwmWeatherAdapter implements SourceAdapter {

  public static final String DEFAULT_BASE_URL = "https://api.openweathermap.org";

  private final OwmEndpoint endpoint;

  public OwmWeatherAdapter(HttpFetcher fetcher, ProviderPolicy policy, String baseUrl, Secret apiKey) {
    this(fetcher, policy, baseUrl, apiKey, Clock.systemUTC());
  }

  /** As above, with the clock that stamps {@code fetched_at}. */
  public OwmWeatherAdapter(HttpFetcher fetcher, ProviderPolicy policy, String baseUrl, Secret apiKey,
      Clock clock) {
    this.endpoint = new OwmEndpoint(Source.OWM_WEATHER, "data/2.5/weather", Map.of("units", "metric"), fetcher,
        policy, baseUrl, apiKey, clock);
  }

  @Override
  public Source source() {
    return Source.OWM_WEATHER;
  }

  @Override
  public BronzeEnvelope fetch(City city, RunContext run) {
    return endpoint.fetch(city, run);
  }

  HttpUrl url(City city) {
    return endpoint.url(city);
  }
}
