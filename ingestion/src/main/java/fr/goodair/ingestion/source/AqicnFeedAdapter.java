package fr.goodair.ingestion.source;

import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.config.Secret;
import java.time.Clock;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * AQICN / WAQI city feed: {@code GET {base}/feed/{target}/?token=…}, the target being the city's chosen station
 * ({@code @5722}) or keyword. When that target is unknown to AQICN or gives no usable data, the city's fallback
 * target (usually {@code geo:lat;lon}, the nearest station) is tried once. One envelope per city and run: the
 * final exchange, with the primary target's failure in {@code error}.
 */
public final class AqicnFeedAdapter implements SourceAdapter {

  public static final String DEFAULT_BASE_URL = "https://api.waqi.info";

  private final HttpFetcher fetcher;
  private final ProviderPolicy policy;
  private final HttpUrl baseUrl;
  private final Secret token;
  private final Redactor redactor;
  private final EnvelopeAssembler assembler;
  private final AqicnResponseClassifier classifier = new AqicnResponseClassifier();

  /**
   * @param baseUrl {@link #DEFAULT_BASE_URL} for the real API, or the simulator's / a test server's URL (a path
   *     prefix is allowed)
   */
  public AqicnFeedAdapter(HttpFetcher fetcher, ProviderPolicy policy, String baseUrl, Secret token) {
    this(fetcher, policy, baseUrl, token, Clock.systemUTC());
  }

  /** As above, with the clock that stamps {@code fetched_at}. */
  public AqicnFeedAdapter(HttpFetcher fetcher, ProviderPolicy policy, String baseUrl, Secret token, Clock clock) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.baseUrl = BaseUrls.parse(baseUrl, "AQICN");
    this.token = Objects.requireNonNull(token, "token");
    this.redactor = Redactor.of(token);
    this.assembler = new EnvelopeAssembler(clock);
  }

  @Override
  public Source source() {
    return Source.AQICN;
  }

  @Override
  public BronzeEnvelope fetch(City city, RunContext run) {
    HttpUrl primaryUrl = feedUrl(city.aqicnStation());
    FetchResult primary = fetcher.get(primaryUrl, policy);
    Classification primaryVerdict = Classification.of(primary, classifier);
    String fallbackTarget = city.aqicnFallback();
    boolean hasFallback = fallbackTarget != null && !fallbackTarget.isBlank()
        && !fallbackTarget.strip().equals(city.aqicnStation());
    if (!hasFallback || !classifier.warrantsFallback(primaryVerdict, bodyOf(primary))) {
      return assembler.envelope(source(), city.id(), run, primaryUrl, primary, primaryVerdict, null, redactor);
    }
    HttpUrl fallbackUrl = feedUrl(fallbackTarget.strip());
    FetchResult fallback = fetcher.get(fallbackUrl, policy);
    Classification fallbackVerdict = Classification.of(fallback, classifier);
    String why = primaryVerdict.isOk() ? "no usable data" : primaryVerdict.error();
    String note = "primary target " + city.aqicnStation() + ": " + why + "; used fallback " + fallbackTarget.strip();
    return assembler.envelope(source(), city.id(), run, fallbackUrl, fallback, fallbackVerdict, note, redactor);
  }

  /** {@code {base}/feed/{target}/?token=…}; the trailing slash is part of the documented endpoint. */
  HttpUrl feedUrl(String target) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("city has no AQICN target");
    }
    return baseUrl.newBuilder()
        .addPathSegment("feed")
        .addPathSegment(target.strip())
        .addPathSegment("")
        .addQueryParameter("token", token.reveal())
        .build();
  }

  private static byte[] bodyOf(FetchResult result) {
    return result.body() == null ? new byte[0] : result.body();
  }
}
