package fr.goodair.quality.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import fr.goodair.ingestion.config.Secret;
import fr.goodair.lake.LakeLayout;
import fr.goodair.quality.Level;
import fr.goodair.quality.SparkTestSession;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alert manager end to end with a real SMTP server (GreenMail) and the Delta alerts table. */
class SmtpAlertingTest {

  private static final String PASSWORD = "smtp-Pa55-word";
  private static final Set<String> FRESHNESS = Set.of(AlertConditions.FRESHNESS);

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@lab.example", "alerts", PASSWORD));

  private final SparkSession spark = SparkTestSession.get();
  private final TestClock clock = new TestClock("2025-03-01T10:00:00Z");
  private LakeLayout lake;

  @BeforeEach
  void freshLake() {
    lake = AlertTestLake.fresh();
  }

  @Test
  void oneEmailWhenAnEpisodeOpensAndOneWhenItRecovers() throws Exception {
    AlertManager alerts = manager(List.of("team@lab.example"));
    AlertCondition paris = stale("paris", "owm_air");

    AlertEvaluation first = alerts.evaluate(FRESHNESS, List.of(paris));
    clock.advance(Duration.ofHours(1));
    AlertEvaluation second = alerts.evaluate(FRESHNESS, List.of(paris));

    assertThat(first.opened()).extracting(AlertEpisode::key).containsExactly("freshness/paris/owm_air");
    assertThat(second.opened()).isEmpty();
    assertThat(second.stillOpen()).extracting(AlertEpisode::alertId).containsExactly(first.opened().get(0).alertId());
    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("[GoodAir] 1 new problem");
    assertThat(received[0].getFrom()[0].toString()).isEqualTo("goodair@lab.example");
    assertThat(body(received[0])).contains("NEW PROBLEMS (1)", paris.summary(), "newest row is 5 h old",
        "key: freshness/paris/owm_air", "open since 2025-03-01 10:00 UTC");

    clock.advance(Duration.ofHours(1));
    AlertEvaluation third = alerts.evaluate(FRESHNESS, List.of());
    clock.advance(Duration.ofHours(1));
    AlertEvaluation fourth = alerts.evaluate(FRESHNESS, List.of());

    assertThat(third.recovered()).hasSize(1);
    assertThat(fourth.recovered()).isEmpty();
    received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(2);
    assertThat(received[1].getSubject()).isEqualTo("[GoodAir] 1 problem resolved");
    assertThat(body(received[1])).contains("RESOLVED (1)", paris.summary(),
        "open from 2025-03-01 10:00 UTC to 2025-03-01 12:00 UTC (2 h)").doesNotContain("NEW PROBLEMS");

    Row row = spark.sql("SELECT status, opened_at, last_seen_at, recovered_at, delivery_status, notified_channels,"
        + " announced_status FROM quality.alerts").collectAsList().get(0);
    assertThat(row.getString(0)).isEqualTo("recovered");
    assertThat(row.get(1).toString()).startsWith("2025-03-01 10:00:00");
    assertThat(row.get(2).toString()).startsWith("2025-03-01 11:00:00");
    assertThat(row.get(3).toString()).startsWith("2025-03-01 12:00:00");
    assertThat(row.getString(4)).isEqualTo(AlertEpisode.SENT);
    assertThat(row.getList(5)).containsExactly("smtp");
    assertThat(row.getString(6)).isEqualTo("recovered");
  }

  @Test
  void twelveCitiesGoingStaleAtOnceMakeOneEmail() throws Exception {
    AlertManager alerts = manager(List.of("team@lab.example", "oncall@lab.example"));
    List<String> cities = List.of("paris", "lyon", "marseille", "toulouse", "nice", "nantes", "strasbourg",
        "montpellier", "bordeaux", "lille", "rennes", "reims");

    AlertEvaluation evaluation = alerts.evaluate(FRESHNESS, cities.stream().map(c -> stale(c, "aqicn")).toList());

    assertThat(evaluation.opened()).hasSize(12);
    MimeMessage[] received = MAIL.getReceivedMessages();
    // One message, one copy per recipient.
    assertThat(received).hasSize(2);
    assertThat(Arrays.stream(received).map(this::messageId).distinct()).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("[GoodAir] 12 new problems");
    String body = body(received[0]);
    assertThat(body).contains("NEW PROBLEMS (12)");
    cities.forEach(city -> assertThat(body).contains("key: freshness/" + city + "/aqicn"));
  }

  @Test
  void stateSurvivesANewManagerInANewProcess() throws Exception {
    AlertCondition lyon = stale("lyon", "owm_weather");
    AlertEvaluation before = manager(List.of("team@lab.example")).evaluate(FRESHNESS, List.of(lyon));

    // A new process: empty catalog, new manager, same lake.
    spark.sql("DROP TABLE " + AlertsTable.NAME);
    clock.advance(Duration.ofHours(1));
    AlertManager restarted = manager(List.of("team@lab.example"));
    AlertEvaluation still = restarted.evaluate(FRESHNESS, List.of(lyon));
    clock.advance(Duration.ofHours(1));
    AlertEvaluation over = restarted.evaluate(FRESHNESS, List.of());

    String id = before.opened().get(0).alertId();
    assertThat(still.opened()).isEmpty();
    assertThat(still.stillOpen()).extracting(AlertEpisode::alertId).containsExactly(id);
    assertThat(over.recovered()).extracting(AlertEpisode::alertId).containsExactly(id);
    assertThat(MAIL.getReceivedMessages()).extracting(MimeMessage::getSubject)
        .containsExactly("[GoodAir] 1 new problem", "[GoodAir] 1 problem resolved");
  }

  @Test
  void episodesOfKindsNotEvaluatedAreLeftAlone() throws Exception {
    AlertManager alerts = manager(List.of("team@lab.example"));
    AlertCondition stale = stale("nice", "aqicn");
    AlertCondition silver = AlertConditions.jobFailure("silver", new IllegalStateException("bronze unreadable"));
    alerts.evaluate(Set.of(AlertConditions.FRESHNESS, AlertConditions.JOB_FAILURE), List.of(stale, silver));

    clock.advance(Duration.ofHours(1));
    // Only the job ran this time: its failure is over, the freshness problem was not looked at.
    AlertEvaluation jobsOnly = alerts.evaluate(Set.of(AlertConditions.JOB_FAILURE), List.of());
    // A quality check that finds nothing does not close a freshness problem either.
    AlertEvaluation qualityOnly = alerts.evaluate(Set.of(AlertConditions.QUALITY), List.of());

    assertThat(jobsOnly.recovered()).extracting(AlertEpisode::key).containsExactly("job/silver");
    assertThat(qualityOnly.recovered()).isEmpty();
    assertThat(alerts.openEpisodes()).extracting(AlertEpisode::key).containsExactly(stale.key());
    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).extracting(MimeMessage::getSubject)
        .containsExactly("[GoodAir] 2 new problems", "[GoodAir] 1 problem resolved");
    assertThat(body(received[1])).contains("RESOLVED (1)", "Job silver failed", "STILL OPEN (1)", stale.summary());
  }

  @Test
  void aFlappingKeyDoesNotNotifyAgainWithinTheCooldown() throws Exception {
    AlertManager alerts = manager(List.of("team@lab.example"));
    AlertCondition flappy = stale("rennes", "owm_air");
    String id = alerts.evaluate(FRESHNESS, List.of(flappy)).opened().get(0).alertId();

    // It comes and goes every 10 minutes: one recovery message, then silence while it flaps within the hour.
    clock.advance(Duration.ofMinutes(10));
    alerts.evaluate(FRESHNESS, List.of());
    clock.advance(Duration.ofMinutes(10));
    AlertEvaluation back = alerts.evaluate(FRESHNESS, List.of(flappy));
    clock.advance(Duration.ofMinutes(10));
    AlertEvaluation goneAgain = alerts.evaluate(FRESHNESS, List.of());
    clock.advance(Duration.ofMinutes(10));
    alerts.evaluate(FRESHNESS, List.of(flappy));

    assertThat(back.opened()).isEmpty();
    assertThat(back.reopened()).extracting(AlertEpisode::alertId).containsExactly(id);
    assertThat(goneAgain.recovered()).extracting(AlertEpisode::alertId).containsExactly(id);
    assertThat(goneAgain.notified()).isFalse();
    assertThat(MAIL.getReceivedMessages()).extracting(MimeMessage::getSubject)
        .containsExactly("[GoodAir] 1 new problem", "[GoodAir] 1 problem resolved");

    // It stays: an hour after the last message (10:10) it is announced again, as the same episode.
    clock.advance(Duration.ofMinutes(30));
    AlertEvaluation due = alerts.evaluate(FRESHNESS, List.of(flappy));
    assertThat(due.digest().newProblems()).extracting(AlertEpisode::alertId).containsExactly(id);
    MimeMessage[] received = MAIL.getReceivedMessages();
    assertThat(received).hasSize(3);
    assertThat(received[2].getSubject()).isEqualTo("[GoodAir] 1 new problem");
    assertThat(body(received[2])).contains("came back 2x after recovering");

    // Gone for longer than the cooldown, then back: that is a new episode.
    clock.advance(Duration.ofMinutes(10));
    alerts.evaluate(FRESHNESS, List.of());
    clock.advance(Duration.ofMinutes(70));
    AlertEvaluation again = alerts.evaluate(FRESHNESS, List.of(flappy));
    assertThat(again.opened()).extracting(AlertEpisode::alertId).doesNotContain(id).hasSize(1);
    assertThat(MAIL.getReceivedMessages()).extracting(MimeMessage::getSubject).containsExactly(
        "[GoodAir] 1 new problem", "[GoodAir] 1 problem resolved", "[GoodAir] 1 new problem",
        "[GoodAir] 1 problem resolved", "[GoodAir] 1 new problem");
    assertThat(alerts.episodes()).hasSize(2);
  }

  @Test
  void theTableHoldsOneRowPerEpisodeAfterManyEvaluations() {
    AlertManager alerts = AlertManager.builder(spark, lake).clock(clock).build();
    AlertCondition a = stale("lille", "aqicn");
    AlertCondition b = AlertConditions.jobFailure("gold", new RuntimeException("disk full"));
    AlertCondition c = stale("reims", "owm_weather");
    Set<String> kinds = Set.of(AlertConditions.FRESHNESS, AlertConditions.JOB_FAILURE);

    // c is active in hours 0-1 and 4-5: gone longer than the cooldown in between, so two episodes.
    IntStream.range(0, 6).forEach(hour -> {
      List<AlertCondition> active = hour <= 1 || hour >= 4 ? List.of(a, b, c) : List.of(a, b);
      alerts.evaluate(kinds, active);
      clock.advance(Duration.ofHours(1));
    });

    Row counts = spark.sql("SELECT count(*), count(DISTINCT alert_id), count_if(status = 'open'),"
        + " count(DISTINCT delivery_status) FROM quality.alerts").first();
    assertThat(counts.getLong(0)).isEqualTo(4);
    assertThat(counts.getLong(1)).isEqualTo(4);
    assertThat(counts.getLong(2)).isEqualTo(3);
    assertThat(spark.sql("SELECT DISTINCT delivery_status FROM quality.alerts").first().getString(0))
        .isEqualTo(AlertEpisode.TABLE_ONLY);
    assertThat(alerts.episodes()).filteredOn(e -> e.key().equals(c.key())).extracting(AlertEpisode::status)
        .containsExactly(AlertStatus.RECOVERED, AlertStatus.OPEN);
    assertThat(alerts.episodes()).filteredOn(e -> e.key().equals(a.key())).singleElement()
        .satisfies(e -> assertThat(e.lastSeenAt()).isEqualTo(clock.instant().minus(Duration.ofHours(1))));
  }

  private AlertManager manager(List<String> recipients) {
    SmtpAlertSink smtp = SmtpAlertSink.builder("localhost").port(MAIL.getSmtp().getPort())
        .from("goodair@lab.example").to(recipients).credentials("alerts", Secret.of(PASSWORD)).build();
    return AlertManager.builder(spark, lake).clock(clock).sink(smtp).build();
  }

  private static AlertCondition stale(String city, String source) {
    return new AlertCondition("freshness/" + city + "/" + source, AlertConditions.FRESHNESS, Level.ERROR,
        "No fresh " + source + " data for " + city,
        "newest row is 5 h old, limit 3 h\ncheck the " + source + " ingestion for " + city);
  }

  private static String body(MimeMessage message) throws Exception {
    return (String) message.getContent();
  }

  private String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
