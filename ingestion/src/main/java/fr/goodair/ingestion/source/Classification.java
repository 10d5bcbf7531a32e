package fr.goodair.ingestion.source;

import fr.goodair.ingestion.bronze.Outcome;
import java.util.Objects;

/**
 * The verdict on one exchange: the envelope's {@code outcome} and {@code error}.
 *
 * @param error why it is not a success, or null for {@link Outcome#OK}. Not yet redacted when it comes from a
 *     transport error
 */
public record Classification(Outcome outcome, String error) {

  public Classification {
    Objects.requireNonNull(outcome, "outcome");
  }

  public static Classification ok() {
    return new Classification(Outcome.OK, null);
  }

  public boolean isOk() {
    return outcome == Outcome.OK;
  }

  /**
   * The verdict on a whole fetch: transport failures (timeout, network) are judged here, the same for every API;
   * an HTTP answer is judged by the API's own classifier.
   */
  public static Classification of(FetchResult result, ResponseClassifier classifier) {
    return switch (result.failure()) {
      case TIMEOUT -> new Classification(Outcome.TIMEOUT, attemptsNote(result));
      case NETWORK -> new Classification(Outcome.NETWORK_ERROR, attemptsNote(result));
      case NONE -> classifier.classify(result.httpStatus(), result.body() == null ? new byte[0] : result.body());
    };
  }

  private static String attemptsNote(FetchResult result) {
    return result.errorMessage() + " (after " + result.attempts() + " attempt" + (result.attempts() > 1 ? "s" : "")
        + ")";
  }
}
