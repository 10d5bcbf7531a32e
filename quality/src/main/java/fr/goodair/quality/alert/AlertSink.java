package fr.goodair.quality.alert;

/**
 * A channel that tells people about alerts: e-mail, chat webhook… The {@link AlertManager} calls {@link #send} at
 * most once per evaluation, with everything that changed in that evaluation, so a sink never has to batch.
 */
public interface AlertSink {

  /** Short channel name recorded on episodes ({@code smtp}, {@code webhook}). */
  String channel();

  /**
   * Delivers one digest, or throws. Implementations use their own timeouts: a sink must not hang the pipeline.
   *
   * @throws AlertDeliveryException with a one-line message that contains no secret
   */
  void send(AlertDigest digest) throws AlertDeliveryException;
}
