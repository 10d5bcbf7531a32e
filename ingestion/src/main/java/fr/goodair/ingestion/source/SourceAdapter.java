package fr.goodair.ingestion.source;

import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.city.City;

/**
 * One external API endpoint. An adapter turns a city into one HTTP exchange (retried and rate limited by the
 * shared fetcher) and records what happened as a {@link BronzeEnvelope}: the body exactly as received, or the
 * failure. It never throws for a failed fetch: bronze is also the availability record.
 */
public interface SourceAdapter {

  Source source();

  BronzeEnvelope fetch(City city, RunContext run);
}
