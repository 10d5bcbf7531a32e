package fr.goodair.ingestion.config;

/** A setting is missing or wrong; the message names it and says how to fix it. */
public class InvalidConfigException extends IllegalArgumentException {

  public InvalidConfigException(String message) {
    super(message);
  }
}
