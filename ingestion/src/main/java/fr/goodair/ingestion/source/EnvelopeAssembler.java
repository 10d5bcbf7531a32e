package fr.goodair.ingestion.source;

import fr.goodair.ingestion.bronze.BronzeEnvelope;
import fr.goodair.ingestion.bronze.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import okhttp3.HttpUrl;

/**
 * Builds the bronze envelope of one exchange (DESIGN.md §3), the same way for every adapter: redacted request,
 * UTC times, the body exactly as received with its SHA-256, and the verdict.
 */
public final class EnvelopeAssembler {

  /** Response header by which the API simulator marks its answers: such data must never pass for real. */
  public static final String SIMULATOR_HEADER = "X-GoodAir-Simulator";

  private final Clock clock;

  public EnvelopeAssembler(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param url the URL as sent (with its secrets; they are redacted here)
   * @param note extra context for {@code error} (e.g. the primary AQICN target's failure), or null
   */
  public BronzeEnvelope envelope(Source source, String cityId, RunContext run, HttpUrl url, FetchResult result,
      Classification verdict, String note, Redactor redactor) {
    byte[] body = result.body();
    boolean simulated = run.simulated() || result.header(SIMULATOR_HEADER) != null;
    String error = joinErrors(note, verdict.error());
    return new BronzeEnvelope(
        BronzeEnvelope.VERSION,
        run.runId(),
        source.id(),
        cityId,
        simulated,
        run.scheduledFor().toString(),
        new BronzeEnvelope.Request("GET", redactor.redact(url), redactor.redactedParameters(url)),
        clock.instant().truncatedTo(ChronoUnit.MILLIS).toString(),
        result.httpStatus(),
        result.lastAttemptLatency().toMillis(),
        result.attempts(),
        verdict.outcome().id(),
        redactor.redact(error),
        body == null ? null : Sha256.hex(body),
        body == null ? null : (isUtf8(body) ? "utf-8" : "base64"),
        body == null ? null : payloadText(body));
  }

  /** The body as the envelope stores it: UTF-8 text when it is valid UTF-8, else Base64 (byte-exact either way). */
  static String payloadText(byte[] body) {
    return isUtf8(body) ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body);
  }

  static boolean isUtf8(byte[] body) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }


  private static String joinErrors(String note, String error) {
    if (note == null) {
      return error;
    }
    return error == null ? note : note + "; " + error;
  }
}
