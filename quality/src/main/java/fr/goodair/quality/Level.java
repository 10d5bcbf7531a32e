package fr.goodair.quality;

/** How much a failed rule matters: an {@code ERROR} holds the batch back and alerts, a {@code WARNING} is reported. */
public enum Level {
  ERROR,
  WARNING
}
