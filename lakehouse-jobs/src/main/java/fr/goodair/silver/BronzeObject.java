package fr.goodair.silver;

import java.io.Serializable;

/**
 * A bronze object to promote: its key under the lake root ({@code bronze/source=…/…/run-….jsonl}) and its size as
 * the listing reported it, so that reading it needs no extra metadata request ({@code -1}: unknown, asked for).
 */
public record BronzeObject(String key, long length) implements Serializable {

  public static BronzeObject ofKey(String key) {
    return new BronzeObject(key, -1);
  }

  /** {@code ingest_date=…/hour=…}: objects sort by the hour they captured. */
  String hour() {
    return key.substring(key.indexOf("ingest_date="), key.indexOf("/run-"));
  }
}
