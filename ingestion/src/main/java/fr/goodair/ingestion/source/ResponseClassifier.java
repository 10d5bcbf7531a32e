package fr.goodair.ingestion.source;

/**
 * Judges an HTTP answer of one API: pure (no I/O, no clock), so every real sample can be checked against it.
 * Each API states its errors its own way (AQICN inside HTTP 200 bodies, OWM with a {@code cod} field).
 */
@FunctionalInterface
public interface ResponseClassifier {

  /**
   * @param httpStatus the final HTTP status
   * @param body the body exactly as received (empty when there was none)
   */
  Classification classify(int httpStatus, byte[] body);
}
