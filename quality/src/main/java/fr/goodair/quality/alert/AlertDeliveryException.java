package fr.goodair.quality.alert;

/**
 * A sink could not deliver a digest. The message is one line that is safe to log and to store in the alerts
 * table: sinks build it themselves and keep every credential (password, webhook URL) out of it.
 */
public class AlertDeliveryException extends Exception {

  public AlertDeliveryException(String message) {
    super(message);
  }
}
