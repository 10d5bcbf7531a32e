package fr.goodair.ingestion.city;

/** The city reference file is wrong; the message names the file, the line and the problem. */
public class InvalidCityReferenceException extends IllegalArgumentException {

  public InvalidCityReferenceException(String message) {
    super(message);
  }
}
