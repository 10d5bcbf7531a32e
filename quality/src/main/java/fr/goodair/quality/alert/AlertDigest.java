package fr.goodair.quality.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one evaluation has to tell, sent as one message per sink so that twelve cities going stale at once
 * make one e-mail, not twelve.
 *
 * @param evaluatedAt when the evaluation ran
 * @param newProblems episodes announced as open (new, or back after the cooldown)
 * @param resolved episodes announced as recovered
 * @param ongoing the other open episodes, listed for context (they are not news)
 */
public record AlertDigest(Instant evaluatedAt, List<AlertEpisode> newProblems, List<AlertEpisode> resolved,
    List<AlertEpisode> ongoing) {

  private static final DateTimeFormatter UTC_MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  public AlertDigest {
    newProblems = List.copyOf(newProblems);
    resolved = List.copyOf(resolved);
    ongoing = List.copyOf(ongoing);
  }

  /** Whether there is anything to announce. */
  public boolean hasNews() {
    return !newProblems.isEmpty() || !resolved.isEmpty();
  }

  /** E.g. {@code 2 new problems, 1 resolved}, {@code 1 new problem}, {@code 3 problems resolved}. */
  public String headline() {
    List<String> parts = new ArrayList<>();
    if (!newProblems.isEmpty()) {
      parts.add(count(newProblems.size(), "new problem", "new problems"));
    }
    if (!resolved.isEmpty()) {
      parts.add(newProblems.isEmpty() ? count(resolved.size(), "problem resolved", "problems resolved")
          : resolved.size() + " resolved");
    }
    return parts.isEmpty() ? "no change" : String.join(", ", parts);
  }

  /** The e-mail subject: {@code [GoodAir] 2 new problems, 1 resolved}. */
  public String subject() {
    return "[GoodAir] " + headline();
  }

  /** Plain-text body: every new, resolved and still-open problem with its detail. */
  public String plainText() {
    StringBuilder text = new StringBuilder();
    text.append("GoodAir alerts, ").append(UTC_MINUTES.format(evaluatedAt)).append(": ").append(headline());
    if (!ongoing.isEmpty()) {
      text.append(", ").append(ongoing.size()).append(" still open");
    }
    text.append(".\n");
    section(text, "NEW PROBLEMS", newProblems);
    section(text, "RESOLVED", resolved);
    section(text, "STILL OPEN", ongoing);
    text.append("\n-- \nOne message per evaluation; every episode is kept in the table quality.alerts.\n");
    return text.toString();
  }

  /** A short form for chat: the headline, then one line per new or resolved problem. */
  public String chatText() {
    StringBuilder text = new StringBuilder(subject());
    for (AlertEpisode episode : newProblems) {
      text.append("\n• NEW [").append(episode.severity()).append("] ").append(episode.summary());
    }
    for (AlertEpisode episode : resolved) {
      text.append("\n• RESOLVED ").append(episode.summary());
    }
    if (!ongoing.isEmpty()) {
      text.append("\n(").append(ongoing.size()).append(" still open)");
    }
    return text.toString();
  }

  private static void section(StringBuilder text, String title, List<AlertEpisode> episodes) {
    if (episodes.isEmpty()) {
      return;
    }
    text.append("\n").append(title).append(" (").append(episodes.size()).append(")\n");
    for (AlertEpisode episode : episodes) {
      text.append("\n- [").append(episode.severity()).append("] ").append(episode.summary()).append("\n");
      text.append("  key: ").append(episode.key()).append("  kind: ").append(episode.kind()).append("\n");
      if (episode.detail() != null && !episode.detail().isBlank()) {
        episode.detail().lines().forEach(line -> text.append("  ").append(line).append("\n"));
      }
      text.append("  ").append(timeline(episode)).append("\n");
    }
  }

  private static String timeline(AlertEpisode episode) {
    String opened = "open since " + UTC_MINUTES.format(episode.openedAt());
    if (episode.recoveredAt() != null) {
      return "open from " + UTC_MINUTES.format(episode.openedAt()) + " to "
          + UTC_MINUTES.format(episode.recoveredAt()) + " ("
          + human(Duration.between(episode.openedAt(), episode.recoveredAt())) + ")";
    }
    String reopened = episode.reopenCount() > 0 ? ", came back " + episode.reopenCount() + "x after recovering" : "";
    return opened + reopened + ", last seen " + UTC_MINUTES.format(episode.lastSeenAt());
  }

  private static String human(Duration duration) {
    long minutes = duration.toMinutes();
    if (minutes < 60) {
      return minutes + " min";
    }
    long hours = minutes / 60;
    return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
  }

  private static String count(int n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }
}
