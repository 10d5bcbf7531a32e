package fr.goodair.quality.alert;

import java.util.Locale;

/** Where an alert episode stands: still a problem, or over. Stored in lower case in {@code quality.alerts}. */
public enum AlertStatus {
  OPEN,
  RECOVERED;

  /** The value stored in the table ({@code open} / {@code recovered}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The inverse of {@link #label()}. */
  public static AlertStatus fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
