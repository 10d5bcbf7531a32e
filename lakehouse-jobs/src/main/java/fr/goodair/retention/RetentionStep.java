package fr.goodair.retention;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** One part of the retention policy (a zone, or a kind of table): first planned, then carried out. */
public interface RetentionStep {

  /** What this step would remove at {@code now}; changes nothing. */
  List<RetentionAction> plan(Instant now) throws IOException;

  /** Carries out {@code planned}, actions this step's {@link #plan} returned, and nothing else. */
  void apply(List<RetentionAction> planned) throws IOException;
}
