package fr.goodair.quality;

/**
 * A registry file that cannot be used, with a one-line message naming the file, the rule and what to change, e.g.
 * {@code rules/weather_observation.yaml: rule 'humidity_range': missing parameter 'column'}.
 */
public class InvalidRuleException extends RuntimeException {

  public InvalidRuleException(String message) {
    super(message);
  }

  public InvalidRuleException(String message, Throwable cause) {
    super(message, cause);
  }
}
