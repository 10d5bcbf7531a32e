package fr.goodair.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.ingestion.bronze.BronzeWriter;
import fr.goodair.ingestion.bronze.LocalSpool;
import fr.goodair.ingestion.city.City;
import fr.goodair.ingestion.city.CityReference;
import fr.goodair.ingestion.config.Secret;
import fr.goodair.ingestion.simulator.ApiSimulator;
import fr.goodair.ingestion.simulator.SimulatorConfig;
import fr.goodair.ingestion.source.AqicnFeedAdapter;
import fr.goodair.ingestion.source.HttpFetcher;
import fr.goodair.ingestion.source.OwmAirPollutionAdapter;
import fr.goodair.ingestion.source.OwmWeatherAdapter;
import fr.goodair.ingestion.source.ProviderPolicy;
import fr.goodair.ingestion.source.RunContext;
import fr.goodair.ingestion.source.Source;
import fr.goodair.ingestion.source.SourceAdapter;
import fr.goodair.ingestion.store.EmbeddedObjectStore;
import fr.goodair.ingestion.store.S3ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The object store goes down during an hourly run: the run's objects wait in the spool, the next run flushes them. */
class StoreOutageTest {

  @TempDir Path home;

  @Test
  void anHourCapturedWhileTheStoreIsDownReachesTheStoreOnTheNextRun() {
    List<City> cities = CityReference.loadDefault().cities().subList(0, 3);
    Instant down = Instant.parse("2026-07-14T10:00:00Z");
    Instant back = down.plusSeconds(3600);
    LocalSpool spool = new LocalSpool(home.resolve("spool"));
    try (ApiSimulator simulator = ApiSimulator.start(SimulatorConfig.of(cities, 3))) {
      HttpFetcher fetcher = new HttpFetcher();
      List<SourceAdapter> adapters = List.of(
          new AqicnFeedAdapter(fetcher, ProviderPolicy.aqicn(), simulator.aqicnBaseUrl(), Secret.of("t")),
          new OwmWeatherAdapter(fetcher, ProviderPolicy.owmFreePlan(), simulator.owmBaseUrl(), Secret.of("k")),
          new OwmAirPollutionAdapter(fetcher, ProviderPolicy.owmFreePlan(), simulator.owmBaseUrl(), Secret.of("k")));

      EmbeddedObjectStore embedded = EmbeddedObjectStore.start(home, TestPaths.s3proxyJar());
      int port = embedded.settings().endpoint().getPort();
      try (S3ObjectStore store = new S3ObjectStore(embedded.settings())) {
        store.ensureBucket();
        embedded.close();
        var ingestion = new HourlyIngestion(cities, adapters, new BronzeWriter(store, spool, List.of()), store, 4);
        simulator.clock().set(down);

        var summary = ingestion.run(new RunContext(RunIds.next(down), down, true), false);

        assertThat(summary.sources().values()).allSatisfy(s ->
            assertThat(s.delivery()).isEqualTo(BronzeWriter.Delivery.SPOOLED));
        assertThat(spool.pendingKeys()).hasSize(3);
        assertThat(summary.describe()).contains("kept in the local spool");
      }

      try (EmbeddedObjectStore restarted = EmbeddedObjectStore.start(home, TestPaths.s3proxyJar(), port);
          S3ObjectStore store = new S3ObjectStore(restarted.settings())) {
        var ingestion = new HourlyIngestion(cities, adapters, new BronzeWriter(store, spool, List.of()), store, 4);
        simulator.clock().set(back);

        var summary = ingestion.run(new RunContext(RunIds.next(back), back, true), false);

        assertThat(summary.flushed().stored()).isEqualTo(3);
        assertThat(spool.pendingKeys()).isEmpty();
        for (Source source : Source.values()) {
          List<String> keys = store.list(BronzeLayout.hourPrefix(source, down));
          assertThat(keys).hasSize(1);
          assertThat(new String(store.get(keys.get(0)), StandardCharsets.UTF_8).lines())
              .hasSize(cities.size())
              .allSatisfy(line -> assertThat(line).contains("\"outcome\":\"ok\""));
        }
      }
    }
  }
}
