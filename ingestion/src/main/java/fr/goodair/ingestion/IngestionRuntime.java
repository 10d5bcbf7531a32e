package fr.goodair.ingestion;

import fr.goodair.ingestion.bronze.BronzeWriter;
import fr.goodair.ingestion.bronze.LocalSpool;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import fr.goodair.ingestion.config.Secret;
import fr.goodair.ingestion.simulator.ApiSimulator;
import fr.goodair.ingestion.simulator.FaultSpec;
import fr.goodair.ingestion.simulator.SimulatorConfig;
import fr.goodair.ingestion.source.AqicnFeedAdapter;
import fr.goodair.ingestion.source.HttpFetcher;
import fr.goodair.ingestion.source.OwmAirPollutionAdapter;
import fr.goodair.ingestion.source.OwmWeatherAdapter;
import fr.goodair.ingestion.source.ProviderPolicy;
import fr.goodair.ingestion.source.SourceAdapter;
import fr.goodair.ingestion.store.ConfiguredObjectStore;
import fr.goodair.ingestion.store.S3ObjectStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one ingestion process needs, assembled from the configuration: the cities, the object store
 * (configured S3 endpoint, or the embedded store), the data source (the real APIs when their keys are set, the
 * API simulator otherwise or when asked), the adapters and the bronze writer. Closing it stops what it started.
 */
public final class IngestionRuntime implements AutoCloseable {

  /** Choices a command makes on top of the configuration. */
  public record Options(boolean simulate, long seed, List<String> faults, Duration minLatency, Duration maxLatency,
      boolean rateLimits, List<City> citiesOverride) {

    /** A simulated backfill: simulator, no latency, no rate limits (hours replayed as fast as they go). */
    public static Options backfill(long seed, List<String> faults) {
      return new Options(true, seed, faults, Duration.ZERO, Duration.ZERO, false, null);
    }

    /** Live capture: real APIs when configured (simulator otherwise), with the providers' rate limits. */
    public static Options live(long seed, List<String> faults) {
      return new Options(false, seed, faults, Duration.ofMillis(100), Duration.ofMillis(300), true, null);
    }
  }

  private final List<AutoCloseable> started = new ArrayList<>();
  private final GoodairConfig config;
  private final List<City> cities;
  private final ConfiguredObjectStore objectStore;
  private final S3ObjectStore store;
  private final ApiSimulator simulator;
  private final HourlyIngestion ingestion;

  private IngestionRuntime(GoodairConfig config, Options options) {
    this.config = config;
    this.cities = options.citiesOverride() != null ? options.citiesOverride()
        : CityReference.fromConfig(config).cities();
    try {
      this.objectStore = ConfiguredObjectStore.open(config);
      started.add(objectStore);
      this.store = new S3ObjectStore(objectStore.settings());
      started.add(0, store);
      store.ensureBucket();

      Optional<Secret> aqicnToken = config.secret("aqicn.token");
      Optional<Secret> owmKey = config.secret("owm.api-key");
      boolean useSimulator = options.simulate() || aqicnToken.isEmpty() || owmKey.isEmpty();
      String aqicnBase;
      String owmBase;
      Secret aqicnSecret;
      Secret owmSecret;
      if (useSimulator) {
        simulator = ApiSimulator.start(new SimulatorConfig(cities, options.seed(), options.minLatency(),
            options.maxLatency(), options.rateLimits()));
        started.add(0, simulator);
        options.faults().forEach(spec -> simulator.faults().add(FaultSpec.parse(spec)));
        aqicnBase = simulator.aqicnBaseUrl();
        owmBase = simulator.owmBaseUrl();
        // The simulator checks that a key is sent, not which one.
        aqicnSecret = aqicnToken.orElse(Secret.of("simulator-token"));
        owmSecret = owmKey.orElse(Secret.of("simulator-key"));
      } else {
        simulator = null;
        aqicnBase = config.value("aqicn.base-url", AqicnFeedAdapter.DEFAULT_BASE_URL);
        owmBase = config.value("owm.base-url", OwmWeatherAdapter.DEFAULT_BASE_URL);
        aqicnSecret = aqicnToken.get();
        owmSecret = owmKey.get();
      }

      ProviderPolicy aqicnPolicy = ProviderPolicy.aqicn();
      ProviderPolicy owmPolicy = ProviderPolicy.owmFreePlan();
      if (!options.rateLimits()) {
        aqicnPolicy = aqicnPolicy.withoutRateLimit();
        owmPolicy = owmPolicy.withoutRateLimit();
      }
      aqicnPolicy = withCallTimeout(aqicnPolicy);
      owmPolicy = withCallTimeout(owmPolicy);
      HttpFetcher fetcher = new HttpFetcher();
      List<SourceAdapter> adapters = List.of(
          new AqicnFeedAdapter(fetcher, aqicnPolicy, aqicnBase, aqicnSecret),
          new OwmWeatherAdapter(fetcher, owmPolicy, owmBase, owmSecret),
          new OwmAirPollutionAdapter(fetcher, owmPolicy, owmBase, owmSecret));
      List<Secret> secrets = new ArrayList<>(List.of(aqicnSecret, owmSecret, store.settings().secretAccessKey()));
      BronzeWriter writer = new BronzeWriter(store, new LocalSpool(config.home().resolve("spool")), secrets);
      this.ingestion = new HourlyIngestion(cities, adapters, writer, store, config.integer("ingest.threads-per-source", 8));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public static IngestionRuntime open(GoodairConfig config, Options options) {
    return new IngestionRuntime(config, options);
  }

  public HourlyIngestion ingestion() {
    return ingestion;
  }

  public List<City> cities() {
    return cities;
  }

  public S3ObjectStore store() {
    return store;
  }

  /** The simulator when the data comes from it. */
  public Optional<ApiSimulator> simulator() {
    return Optional.ofNullable(simulator);
  }

  public GoodairConfig config() {
    return config;
  }

  /** Where the bronze zone is, for people: the S3 location and, for the embedded store, the folder on disk. */
  public String describeBronze() {
    String where = store.settings().describe() + " under bronze/";
    return objectStore.embeddedFolder().map(folder -> where + " (embedded store; files in "
        + folder.resolve("bronze") + ")").orElse(where);
  }

  /** {@code ingest.call-timeout-seconds} overrides the providers' per-attempt timeout (slow networks, tests). */
  private ProviderPolicy withCallTimeout(ProviderPolicy p) {
    int seconds = config.integer("ingest.call-timeout-seconds", (int) p.callTimeout().toSeconds());
    if (seconds < 1) {
      throw new InvalidConfigException("ingest.call-timeout-seconds must be at least 1, not " + seconds);
    }
    return new ProviderPolicy(p.name(), p.maxCallsPerWindow(), p.window(), p.maxConcurrentCalls(), p.maxAttempts(),
        p.baseBackoff(), p.maxBackoff(), Duration.ofSeconds(seconds), p.maxRetryAfter());
  }

  @Override
  public void close() {
    // Last started, first stopped: the store client before the embedded store process.
    for (AutoCloseable resource : started) {
      try {
        resource.close();
      } catch (Exception e) {
        // Closing is best effort; what matters was written before.
      }
    }
    started.clear();
  }
}
