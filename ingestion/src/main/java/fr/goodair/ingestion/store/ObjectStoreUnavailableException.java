package fr.goodair.ingestion.store;

/** The object store could not be reached or refused the call; the message names the store and the operation. */
public class ObjectStoreUnavailableException extends RuntimeException {

  public ObjectStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
