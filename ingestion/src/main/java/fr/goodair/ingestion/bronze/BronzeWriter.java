package fr.goodair.ingestion.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.goodair.ingestion.config.Secret;
import fr.goodair.ingestion.source.Redactor;
import fr.goodair.ingestion.source.RunContext;
import fr.goodair.ingestion.source.Source;
import fr.goodair.ingestion.store.ObjectStoreUnavailableException;
import fr.goodair.ingestion.store.S3ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes bronze objects: one immutable JSON Lines object per (source, run) holding that run's envelopes.
 *
 * <p>Guarantees: an object is first saved in the {@link LocalSpool}, then uploaded; a key is written once and
 * never overwritten (an existing object with the same bytes counts as done, one with other bytes is a conflict
 * kept aside in the spool and reported). When the store is unreachable the object waits in the spool and
 * {@link #flushSpool()} uploads it on the next run: nothing fetched is lost.
 */
public final class BronzeWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BronzeWriter.class);
  static final String SHA256_METADATA = "sha256";

  private final S3ObjectStore store;
  private final LocalSpool spool;
  private final Redactor redactor;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param secrets every credential of the installation: a last line of defence redacts any of them found in an
   *     object before it is written (adapters already redact what they record)
   */
  public BronzeWriter(S3ObjectStore store, LocalSpool spool, List<Secret> secrets) {
    this.store = store;
    this.spool = spool;
    this.redactor = new Redactor(secrets);
  }

  /** What became of one object. */
  public enum Delivery { STORED, ALREADY_STORED, SPOOLED, CONFLICT }

  public record WriteResult(String key, int envelopes, Delivery delivery) {}

  public record FlushResult(int stored, int stillSpooled, int conflicts) {
    public static final FlushResult NOTHING = new FlushResult(0, 0, 0);
  }

  public WriteResult write(Source source, RunContext run, List<BronzeEnvelope> envelopes) {
    String key = BronzeLayout.objectKey(source, run.scheduledFor(), run.runId());
    spool.save(key, toJsonLines(envelopes));
    return new WriteResult(key, envelopes.size(), deliver(key));
  }

  /** Uploads every spooled object; returns at the first sign the store is still down. */
  public FlushResult flushSpool() {
    List<String> pending = spool.pendingKeys();
    int stored = 0;
    int conflicts = 0;
    for (int i = 0; i < pending.size(); i++) {
      Delivery delivery = deliver(pending.get(i));
      switch (delivery) {
        case STORED, ALREADY_STORED -> stored++;
        case CONFLICT -> conflicts++;
        case SPOOLED -> {
          return new FlushResult(stored, pending.size() - i, conflicts);
        }
      }
    }
    if (stored > 0) {
      LOG.info("flushed {} spooled bronze object(s) to {}", stored, store.settings().describe());
    }
    return new FlushResult(stored, 0, conflicts);
  }

  public int spooledCount() {
    return spool.pendingKeys().size();
  }

  private Delivery deliver(String key) {
    byte[] bytes = spool.read(key);
    String sha256 = Sha256.hex(bytes);
    try {
      Optional<S3ObjectStore.StoredObject> existing = store.head(key);
      if (existing.isPresent()) {
        if (sha256.equals(existing.get().metadata().get(SHA256_METADATA))) {
          spool.remove(key);
          return Delivery.ALREADY_STORED;
        }
        LOG.error("bronze object {} already exists with other content; the new copy is kept at {} (never overwritten)",
            key, spool.setAside(key));
        return Delivery.CONFLICT;
      }
      store.put(key, bytes, Map.of(SHA256_METADATA, sha256));
      spool.remove(key);
      return Delivery.STORED;
    } catch (ObjectStoreUnavailableException e) {
      LOG.warn("object store unavailable, {} kept in the local spool {}: {}", key, spool.dir(), e.getMessage());
      return Delivery.SPOOLED;
    }
  }

  private byte[] toJsonLines(List<BronzeEnvelope> envelopes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (BronzeEnvelope envelope : envelopes) {
        out.write(json.writeValueAsBytes(envelope));
        out.write('\n');
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a bronze envelope", e);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    String redacted = redactor.redact(text);
    if (!redacted.equals(text)) {
      LOG.warn("a credential was found in a bronze envelope and redacted before writing");
    }
    return redacted.getBytes(StandardCharsets.UTF_8);
  }

}
