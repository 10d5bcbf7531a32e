package fr.goodair.ingestion.source;

import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.config.Secret;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;

/** One OpenWeatherMap endpoint queried by coordinates: what the two OWM adapters have in common. */
final class OwmEndpoint {

  private final Source source;
  private final String path;
  private final Map<String, String> fixedParameters;
  private final HttpFetcher fetcher;
  private final ProviderPolicy policy;
  private final HttpUrl baseUrl;
  private final Secret apiKey;
  private final Redactor redactor;
  private final EnvelopeAssembler assembler;
  private final OwmResponseClassifier classifier = new OwmResponseClassifier();

  OwmEndpoint(Source source, String path, Map<String, String> fixedParameters, HttpFetcher fetcher,
      ProviderPolicy policy, String baseUrl, Secret apiKey, Clock clock) {
    this.source = source;
    this.path = path;
    this.fixedParameters = fixedParameters;
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.baseUrl = BaseUrls.parse(baseUrl, "OpenWeatherMap");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.redactor = Redactor.of(apiKey);
    this.assembler = new EnvelopeAssembler(clock);
  }

  BronzeEnvelope fetch(City city, RunContext run) {
    HttpUrl url = url(city);
    FetchResult result = fetcher.get(url, policy);
    Classification verdict = Classification.of(result, classifier);
    return assembler.envelope(source, city.id(), run, url, result, verdict, null, redactor);
  }

  /** {@code {base}/{path}?lat=…&lon=…[&fixed…]&appid=…}: lat/lon, as OWM recommends over city names or ids. */
  HttpUrl url(City city) {
    HttpUrl.Builder builder = baseUrl.newBuilder().addPathSegments(path)
        .addQueryParameter("lat", BaseUrls.coordinate(city.latitude()))
        .addQueryParameter("lon", BaseUrls.coordinate(city.longitude()));
    fixedParameters.forEach(builder::addQueryParameter);
    return builder.addQueryParameter("appid", apiKey.reveal()).build();
  }
}
