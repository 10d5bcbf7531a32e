package fr.goodair.quality.alert;

/**
 * How one sink fared with one digest.
 *
 * @param channel the sink's {@link AlertSink#channel()}
 * @param delivered whether the sink accepted the digest
 * @param error one safe line when it did not, else null
 */
public record SinkDelivery(String channel, boolean delivered, String error) {

  static SinkDelivery ok(String channel) {
    return new SinkDelivery(channel, true, null);
  }

  static SinkDelivery failed(String channel, String error) {
    return new SinkDelivery(channel, false, error);
  }
}
