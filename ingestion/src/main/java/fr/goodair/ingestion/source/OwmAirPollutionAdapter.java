package fr.goodair.ingestion.source;

import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.config.Secret;
import java.time.Clock;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * OpenWeatherMap Air Pollution, current values: {@code GET {base}/data/2.5/air_pollution?lat=…&lon=…&appid=…}.
 * Concentrations in µg/m³ (the AQICN feed only has AQI sub-indices). Uses the same key, hence the same
 * {@link ProviderPolicy}, as {@link OwmWeatherAdapter}.
 */
public final class OwmAirPollutionAdapter implements SourceAdapter {

  public static final String DEFAULT_BASE_URL = OwmWeatherAdapter.DEFAULT_BASE_URL;

  private final OwmEndpoint endpoint;

  public OwmAirPollutionAdapter(HttpFetcher fetcher, ProviderPolicy policy, String baseUrl, Secret apiKey) {
    this(fetcher, policy, baseUrl, apiKey, Clock.systemUTC());
  }

  /** As above, with the clock that stamps {@code fetched_at}. */
  public OwmAirPollutionAdapter(HttpFetcher fetcher, ProviderPolicy policy, String baseUrl, Secret apiKey,
      Clock clock) {
    this.endpoint = new OwmEndpoint(Source.OWM_AIR, "data/2.5/air_pollution", Map.of(), fetcher, policy, baseUrl,
        apiKey, clock);
  }

  @Override
  public Source source() {
    return Source.OWM_AIR;
  }

  @Override
  public BronzeEnvelope fetch(City city, RunContext run) {
    return endpoint.fetch(city, run);
  }

  HttpUrl url(City city) {
    return endpoint.url(city);
  }
}
