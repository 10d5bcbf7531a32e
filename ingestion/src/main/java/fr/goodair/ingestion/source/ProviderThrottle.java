package fr.goodair.ingestion.source;

import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * The rate limit and the concurrency bound of one provider, shared by all its endpoints. Each attempt (retries
 * included: the provider counts them) takes a concurrency permit first and a rate-limit slot last, so the
 * recorded start is the real start and the window guarantee holds for actual calls.
 */
final class ProviderThrottle {

  private final ProviderPolicy policy;
  private final Semaphore inFlight;
  private final SlidingWindowRateLimiter rateLimiter;

  ProviderThrottle(ProviderPolicy policy, LongSupplier nanoTicker, Sleeper sleeper) {
    this.policy = policy;
    this.inFlight = new Semaphore(policy.maxConcurrentCalls(), true);
    this.rateLimiter = policy.rateLimited()
        ? new SlidingWindowRateLimiter(policy.maxCallsPerWindow(), policy.window(), nanoTicker, sleeper)
        : null;
  }

  ProviderPolicy policy() {
    return policy;
  }

  /** Blocks until this provider may receive one more call; close the permit when the call is over. */
  Permit enter() throws InterruptedException {
    inFlight.acquire();
    try {
      if (rateLimiter != null) {
        rateLimiter.acquire();
      }
    } catch (InterruptedException e) {
      inFlight.release();
      throw e;
    }
    return new Permit();
  }

  /** One call in flight. */
  final class Permit implements AutoCloseable {
    private boolean released;

    @Override
    public void close() {
      if (!released) {
        released = true;
        inFlight.release();
      }
    }
  }
}
