package fr.goodair.quality.alert;

import fr.goodair.lake.LakeLayout;
import fr.goodair.quality.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what each evaluation sees ({@link AlertCondition}s) into episodes, one alert per episode and one recovery
 * message when it ends, with the open episodes kept in {@code quality.alerts} so that the next process (every CLI
 * call is a new JVM) continues where this one stopped.
 *
 * <p>Rules of one {@link #evaluate} call:
 *
 * <ul>
 *   <li>a key with no open episode opens one, announced once;
 *   <li>a key with an open episode keeps it open: no message, {@code last_seen_at} moves on (a new severity or
 *       wording is recorded on the row, not announced);
 *   <li>an open episode whose kind was evaluated but whose key is absent is closed, with a recovery message;
 *   <li>an open episode of a kind not evaluated this time is left alone;
 *   <li>a key that comes back less than the cooldown after its episode recovered re-opens that same episode
 *       without a message (flapping); if it is still open once the cooldown since the last message has passed,
 *       it is announced then;
 *   <li>all the news of one evaluation goes out as one {@link AlertDigest} per sink.
 * </ul>
 *
 * <p>A sink that fails does not fail the evaluation: the failure is logged in one line and recorded on the
 * episodes, and the table is written anyway. An opening that no sink could deliver is tried again, in a later
 * evaluation, once the cooldown has passed. Messages go out before the table is written: a crash in between
 * means a repeated message next time, never a lost one. Evaluations are meant to run one at a time (one
 * hourly run); two processes evaluating at once are not coordinated, and Delta rejects the second MERGE.
 */
public final class AlertManager {

  /** How long a recovered problem must stay away before coming back counts as a new episode. */
  public static final Duration DEFAULT_COOLDOWN = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(AlertManager.class);

  private final AlertsTable table;
  private final List<AlertSink> sinks;
  private final Clock clock;
  private final Duration cooldown;

  private AlertManager(Builder builder) {
    this.table = new AlertsTable(builder.spark, builder.lake);
    this.sinks = List.copyOf(builder.sinks);
    this.clock = builder.clock;
    this.cooldown = builder.cooldown;
  }

  /** A manager on the alerts table of {@code lake}; by default no sink (table only), system clock, 1 h cooldown. */
  public static Builder builder(SparkSession spark, LakeLayout lake) {
    return new Builder(spark, lake);
  }

  /**
   * Compares what is wrong now with the episodes on record, updates the table and notifies the sinks.
   *
   * @param kindsEvaluated the kinds this evaluation checked; only their open episodes can recover. The kinds of
   *     the {@code active} conditions count as evaluated too.
   * @param active the problems seen now; for a key given twice, the first ERROR (else the first) wins
   */
  public synchronized AlertEvaluation evaluate(Set<String> kindsEvaluated, Collection<AlertCondition> active) {
    Objects.requireNonNull(kindsEvaluated, "kindsEvaluated");
    Objects.requireNonNull(active, "active");
    // Delta keeps microseconds: truncating keeps what we return equal to what we read back.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Map<String, AlertCondition> conditions = byKey(active);
    Set<String> kinds = new HashSet<>(kindsEvaluated);
    conditions.values().forEach(c -> kinds.add(c.kind()));

    Map<String, AlertEpisode> open = new HashMap<>();
    Map<String, AlertEpisode> recentlyRecovered = new HashMap<>();
    for (AlertEpisode known : table.openOrRecoveredSince(now.minus(cooldown))) {
      if (known.isOpen()) {
        open.merge(known.key(), known, AlertManager::earlierOpened);
      } else if (!cooldown.isZero()) {
        recentlyRecovered.merge(known.key(), known, AlertManager::laterRecovered);
      }
    }

    List<AlertEpisode> opened = new ArrayList<>();
    List<AlertEpisode> reopened = new ArrayList<>();
    List<AlertEpisode> stillOpen = new ArrayList<>();
    List<AlertEpisode> recovered = new ArrayList<>();
    List<AlertEpisode> untouched = new ArrayList<>();
    for (AlertCondition condition : conditions.values()) {
      AlertEpisode episode = open.remove(condition.key());
      AlertEpisode previous = recentlyRecovered.get(condition.key());
      if (episode != null) {
        stillOpen.add(episode.seen(condition, now));
      } else if (previous != null) {
        reopened.add(previous.reopened(condition, now));
      } else {
        opened.add(AlertEpisode.open(condition, now));
      }
    }
    for (AlertEpisode episode : open.values()) {
      (kinds.contains(episode.kind()) ? recovered : untouched).add(episode);
    }
    recovered.replaceAll(episode -> episode.recovered(now));

    List<AlertEpisode> news = Stream.of(opened, reopened, stillOpen).flatMap(List::stream)
        .filter(episode -> openingDue(episode, now)).toList();
    List<AlertEpisode> resolved = recovered.stream()
        .filter(episode -> episode.announcedStatus() == AlertStatus.OPEN).toList();
    Set<String> announced = new HashSet<>();
    Stream.concat(news.stream(), resolved.stream()).forEach(episode -> announced.add(episode.alertId()));
    List<AlertEpisode> ongoing = Stream.of(stillOpen, reopened, untouched).flatMap(List::stream)
        .filter(episode -> !announced.contains(episode.alertId()))
        .sorted(Comparator.comparing(AlertEpisode::openedAt).thenComparing(AlertEpisode::key)).toList();
    AlertDigest digest = new AlertDigest(now, sorted(news), sorted(resolved), ongoing);

    List<SinkDelivery> deliveries = digest.hasNews() ? deliver(digest) : List.of();
    if (digest.hasNews()) {
      for (List<AlertEpisode> group : List.of(opened, reopened, stillOpen, recovered)) {
        group.replaceAll(episode -> announced.contains(episode.alertId())
            ? episode.notified(now, deliveries) : episode);
      }
    }
    table.upsert(Stream.of(opened, reopened, stillOpen, recovered).flatMap(List::stream).toList());

    LOG.info("Alerts: {} opened, {} re-opened within the cooldown, {} still open, {} recovered{}", opened.size(),
        reopened.size(), stillOpen.size(), recovered.size(),
        digest.hasNews() ? "; " + outcome(digest, deliveries) : "");
    return new AlertEvaluation(now, opened, reopened, stillOpen, recovered, digest, deliveries);
  }

  /** Every episode on record, oldest first (for reports and checks). */
  public List<AlertEpisode> episodes() {
    return table.all();
  }

  /** The episodes open now. */
  public List<AlertEpisode> openEpisodes() {
    return table.all().stream().filter(AlertEpisode::isOpen).toList();
  }

  /**
   * Whether an open episode's opening should be announced now: never announced as open yet, and no message for
   * it within the cooldown (a brand-new episode has none, a folded re-opening has just had its recovery).
   */
  private boolean openingDue(AlertEpisode episode, Instant now) {
    return episode.announcedStatus() != AlertStatus.OPEN
        && (episode.lastNotifiedAt() == null || !now.isBefore(episode.lastNotifiedAt().plus(cooldown)));
  }

  private List<SinkDelivery> deliver(AlertDigest digest) {
    List<SinkDelivery> deliveries = new ArrayList<>();
    for (AlertSink sink : sinks) {
      String error;
      try {
        sink.send(digest);
        deliveries.add(SinkDelivery.ok(sink.channel()));
        continue;
      } catch (AlertDeliveryException e) {
        error = e.getMessage();
      } catch (RuntimeException e) {
        // Only the type: an unexpected exception's message may carry anything, credentials included.
        error = "unexpected " + e.getClass().getSimpleName();
      }
      deliveries.add(SinkDelivery.failed(sink.channel(), error));
      LOG.warn("Alert digest '{}' not delivered by {} ({}); the episodes record the failure", digest.headline(),
          sink.channel(), error);
    }
    return deliveries;
  }

  private static String outcome(AlertDigest digest, List<SinkDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      return "'" + digest.headline() + "' recorded in " + AlertsTable.NAME + " (no sink configured)";
    }
    List<String> delivered = deliveries.stream().filter(SinkDelivery::delivered).map(SinkDelivery::channel).toList();
    return "'" + digest.headline() + "' " + (delivered.isEmpty() ? "not delivered, every sink failed"
        : "delivered by " + String.join(", ", delivered));
  }

  private static Map<String, AlertCondition> byKey(Collection<AlertCondition> active) {
    Map<String, AlertCondition> byKey = new LinkedHashMap<>();
    for (AlertCondition condition : active) {
      Objects.requireNonNull(condition.key(), "condition key");
      Objects.requireNonNull(condition.kind(), "condition kind");
      Objects.requireNonNull(condition.severity(), "condition severity");
      byKey.merge(condition.key(), condition, (first, other) ->
          first.severity() != Level.ERROR && other.severity() == Level.ERROR ? other : first);
    }
    return byKey;
  }

  private static List<AlertEpisode> sorted(List<AlertEpisode> episodes) {
    return episodes.stream().sorted(Comparator.comparing(AlertEpisode::key)).toList();
  }

  private static AlertEpisode earlierOpened(AlertEpisode a, AlertEpisode b) {
    return b.openedAt().isBefore(a.openedAt()) ? b : a;
  }

  private static AlertEpisode laterRecovered(AlertEpisode a, AlertEpisode b) {
    return b.recoveredAt().isAfter(a.recoveredAt()) ? b : a;
  }

  /** Configures an {@link AlertManager}. */
  public static final class Builder {

    private final SparkSession spark;
    private final LakeLayout lake;
    private final List<AlertSink> sinks = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration cooldown = DEFAULT_COOLDOWN;

    private Builder(SparkSession spark, LakeLayout lake) {
      this.spark = Objects.requireNonNull(spark, "spark");
      this.lake = Objects.requireNonNull(lake, "lake");
    }

    public Builder sink(AlertSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    public Builder sinks(Collection<? extends AlertSink> more) {
      more.forEach(this::sink);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Zero disables folding: every come-back is a new episode. */
    public Builder cooldown(Duration cooldown) {
      if (cooldown.isNegative()) {
        throw new IllegalArgumentException("the alert cooldown cannot be negative: " + cooldown);
      }
      this.cooldown = cooldown;
      return this;
    }

    /** The sinks and cooldown of a configuration. */
    public Builder settings(AlertSettings settings) {
      return sinks(settings.sinks()).cooldown(settings.cooldown());
    }

    /** Registers (creating if needed) the alerts table, then returns the manager. */
    public AlertManager build() {
      return new AlertManager(this);
    }
  }
}
