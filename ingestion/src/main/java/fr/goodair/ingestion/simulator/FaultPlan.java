package fr.goodair.ingestion.simulator;

import fr.goodair.ingestion.source.Source;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Faults on demand: the rules an {@link ApiSimulator} applies to its answers. The first rule (in the order added)
 * that matches an answer and still has uses left is applied, and one use is consumed. Thread-safe.
 *
 * <pre>sim.faults().add(FaultSpec.of(FaultKind.HTTP_503).forSource(Source.OWM_WEATHER).forCity("lyon").times(2));
 * sim.faults().add("aqicn:*:over_quota:x1");</pre>
 */
public final class FaultPlan {

  private record Rule(FaultSpec spec, AtomicInteger remaining) {}

  private final List<Rule> rules = new CopyOnWriteArrayList<>();

  public FaultPlan add(FaultSpec spec) {
    rules.add(new Rule(spec, new AtomicInteger(spec.times())));
    return this;
  }

  /** Adds the rules of a compact text spec (see {@link FaultSpec}). */
  public FaultPlan add(String specs) {
    FaultSpec.parseAll(specs).forEach(this::add);
    return this;
  }

  public void clear() {
    rules.clear();
  }

  /** The rules that can still fire. */
  public List<FaultSpec> active() {
    List<FaultSpec> out = new ArrayList<>();
    for (Rule r : rules) {
      if (r.spec.times() < 0 || r.remaining.get() > 0) {
        out.add(r.spec);
      }
    }
    return out;
  }

  /** The fault for one answer, consuming one use of its rule; empty when none applies. */
  Optional<FaultSpec> take(Source source, String cityId, Instant now) {
    for (Rule r : rules) {
      if (!r.spec.matches(source, cityId, now)) {
        continue;
      }
      if (r.spec.times() < 0) {
        return Optional.of(r.spec);
      }
      int left;
      do {
        left = r.remaining.get();
      } while (left > 0 && !r.remaining.compareAndSet(left, left - 1));
      if (left > 0) {
        return Optional.of(r.spec);
      }
    }
    return Optional.empty();
  }
}
