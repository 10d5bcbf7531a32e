package fr.goodair.ingestion.bronze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.TestPaths;
import fr.goodair.ingestion.source.RunContext;
import fr.goodair.ingestion.source.Source;
import fr.goodair.ingestion.store.EmbeddedObjectStore;
import fr.goodair.ingestion.store.S3ObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bronze objects through the real S3 API of the embedded store, including a store outage. */
class BronzeWriterTest {

  private static final Instant HOUR = Instant.parse("2026-01-20T15:00:00Z");

  @TempDir Path home;

  /** Two envelopes as an hourly run writes them: one success, one failed fetch (also recorded). */
  static List<BronzeEnvelope> twoEnvelopes(String runId) {
    var request = new BronzeEnvelope.Request("GET", "https://api.waqi.info/feed/@5722/?token=REDACTED",
        Map.of("token", "REDACTED"));
    String payload = "{\"status\":\"ok\",\"data\":{\"aqi\":38}}";
    return List.of(
        new BronzeEnvelope(1, runId, "aqicn", "paris", false, HOUR.toString(), request, "2026-01-20T15:00:01Z",
            200, 120, 1, "ok", null, Sha256.hex(payload.getBytes(StandardCharsets.UTF_8)), "utf-8", payload),
        new BronzeEnvelope(1, runId, "aqicn", "lyon", false, HOUR.toString(), request, "2026-01-20T15:00:02Z",
            null, 10000, 3, "timeout", "no answer within 10 s", null, null, null));
  }

  @Test
  void writesOneJsonLinesObjectPerSourceAndRunAtTheDocumentedKey() throws Exception {
    try (EmbeddedObjectStore embedded = EmbeddedObjectStore.start(home, TestPaths.s3proxyJar());
        S3ObjectStore store = new S3ObjectStore(embedded.settings())) {
      store.ensureBucket();
      BronzeWriter writer = new BronzeWriter(store, new LocalSpool(home.resolve("spool")), List.of());

      var result = writer.write(Source.AQICN, new RunContext("r1", HOUR, false), twoEnvelopes("r1"));

      assertThat(result.delivery()).isEqualTo(BronzeWriter.Delivery.STORED);
      assertThat(result.key()).isEqualTo("bronze/source=aqicn/ingest_date=2026-01-20/hour=15/run-r1.jsonl");
      List<String> lines = new String(store.get(result.key()), StandardCharsets.UTF_8).lines().toList();
      assertThat(lines).hasSize(2);
      var first = new ObjectMapper().readTree(lines.get(0));
      assertThat(first.get("payload").asText()).isEqualTo("{\"status\":\"ok\",\"data\":{\"aqi\":38}}");
      assertThat(first.fieldNames()).toIterable().startsWith("envelope_version", "run_id", "source", "city_id");
      assertThat(new ObjectMapper().readTree(lines.get(1)).get("outcome").asText()).isEqualTo("timeout");
      assertThat(writer.spooledCount()).isZero();

      // The same run written again (a retried flush) is recognised, not duplicated.
      var again = writer.write(Source.AQICN, new RunContext("r1", HOUR, false), twoEnvelopes("r1"));
      assertThat(again.delivery()).isEqualTo(BronzeWriter.Delivery.ALREADY_STORED);
      assertThat(store.list("bronze/")).containsExactly(result.key());
    }
  }

  @Test
  void storeOutageSpoolsThenTheNextRunFlushesWithoutLoss() throws Exception {
    LocalSpool spool = new LocalSpool(home.resolve("spool"));
    EmbeddedObjectStore embedded = EmbeddedObjectStore.start(home, TestPaths.s3proxyJar());
    int port = embedded.settings().endpoint().getPort();
    String key;
    try (S3ObjectStore store = new S3ObjectStore(embedded.settings())) {
      store.ensureBucket();
      embedded.close(); // the store goes down between two runs

      BronzeWriter writer = new BronzeWriter(store, spool, List.of());
      var result = writer.write(Source.OWM_AIR, new RunContext("r2", HOUR, false), twoEnvelopes("r2"));

      assertThat(result.delivery()).isEqualTo(BronzeWriter.Delivery.SPOOLED);
      key = result.key();
      assertThat(spool.pendingKeys()).containsExactly(key);
      assertThat(writer.flushSpool()).isEqualTo(new BronzeWriter.FlushResult(0, 1, 0));
    }
    byte[] spooled = Files.readAllBytes(spool.dir().resolve(key));

    try (EmbeddedObjectStore back = EmbeddedObjectStore.start(home, TestPaths.s3proxyJar(), port);
        S3ObjectStore store = new S3ObjectStore(back.settings())) {
      BronzeWriter writer = new BronzeWriter(store, spool, List.of());

      assertThat(writer.flushSpool()).isEqualTo(new BronzeWriter.FlushResult(1, 0, 0));
      assertThat(store.get(key)).isEqualTo(spooled);
      assertThat(spool.pendingKeys()).isEmpty();
    }
  }

  @Test
  void anExistingObjectWithOtherBytesIsNeverOverwritten() throws Exception {
    try (EmbeddedObjectStore embedded = EmbeddedObjectStore.start(home, TestPaths.s3proxyJar());
        S3ObjectStore store = new S3ObjectStore(embedded.settings())) {
      store.ensureBucket();
      LocalSpool spool = new LocalSpool(home.resolve("spool"));
      BronzeWriter writer = new BronzeWriter(store, spool, List.of());
      var run = new RunContext("r3", HOUR, false);
      String key = writer.write(Source.AQICN, run, twoEnvelopes("r3")).key();
      byte[] original = store.get(key);

      var clash = writer.write(Source.AQICN, run, twoEnvelopes("r3").subList(0, 1));

      assertThat(clash.delivery()).isEqualTo(BronzeWriter.Delivery.CONFLICT);
      assertThat(store.get(key)).isEqualTo(original);
      assertThat(spool.pendingKeys()).isEmpty();
      assertThat(spool.dir().resolve("_conflicts").resolve(key)).exists();
    }
  }
}
