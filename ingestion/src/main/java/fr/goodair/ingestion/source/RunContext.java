package fr.goodair.ingestion.source;

import java.time.Instant;

/**
 * What every fetch of one ingestion run shares.
 *
 * @param runId identifier of the run, part of every bronze object name ({@code run-<runId>.jsonl})
 * @param scheduledFor the top of the UTC hour this run captures
 * @param simulated true when the data comes from the API simulator: such envelopes must never pass for real data
 */
public record RunContext(String runId, Instant scheduledFor, boolean simulated) {

  public RunContext {
    // The run id becomes part of an object key: checked here, where every run starts.
    fr.goodair.ingestion.store.KeySegments.require("run id", runId);
  }
}
