package fr.goodair.ingestion.config;

import java.util.Objects;

/**
 * A credential (API token, key, password). {@link #toString()} never shows it, so a secret that slips into a
 * log line or an exception message prints as {@code REDACTED}; only {@link #reveal()} gives the value, at the
 * one place it is sent.
 */
public final class Secret {

  public static final String REDACTED = "REDACTED";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    Objects.requireNonNull(value, "secret value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret cannot be blank");
    }
    return new Secret(value.strip());
  }

  public String reveal() {
    return value;
  }

  /** Replaces every occurrence of this secret in {@code text} (null-safe). */
  public String redactIn(String text) {
    return text == null ? null : text.replace(value, REDACTED);
  }

  @Override
  public String toString() {
    return REDACTED;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret secret && secret.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }
}
