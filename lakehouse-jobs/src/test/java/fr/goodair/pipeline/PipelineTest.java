package fr.goodair.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.TestLake;
import fr.goodair.silver.BronzeFixtures;
import fr.goodair.silver.SilverPromotionJob;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline steps with their alerts, on the test lake and a real SMTP server (GreenMail): what the team receives
 * and what {@code quality.alerts} records when a batch is held back, when a job fails, and when each recovers.
 */
class PipelineTest {

  @RegisterExtension
  static final GreenMailExtension MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private final SparkSession spark = TestLake.spark();
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  /** A pipeline on {@code lake} as {@code goodair run} opens it, e-mailing the team through GreenMail. */
  private Pipeline pipeline(LakeLayout lake, Map<String, String> settings) {
    Map<String, String> env = new HashMap<>(TestLake.environmentFor(lake));
    env.put("GOODAIR_HOME", TestLake.home().toString());
    env.put("GOODAIR_ALERTS_SMTP_HOST", "127.0.0.1");
    env.put("GOODAIR_ALERTS_SMTP_PORT", String.valueOf(MAIL.getSmtp().getPort()));
    env.put("GOODAIR_ALERTS_SMTP_FROM", "goodair@lab.example");
    env.put("GOODAIR_ALERTS_SMTP_TO", "team@lab.example");
    settings.forEach((key, value) -> env.put(GoodairConfig.envName(key), value));
    // The test JVM's session and store are shared by every test class: this lake is not closed.
    Lake opened = Lake.open(GoodairConfig.load(null, env), "goodair-pipeline-test");
    return Pipeline.open(opened, new PrintStream(printed, true, StandardCharsets.UTF_8));
  }

  private List<Row> alerts(String key) {
    return spark.sql("SELECT status, severity, summary FROM quality.alerts WHERE `key` = '" + key + "'")
        .collectAsList();
  }

  @Test
  void aHeldBackBatchIsAlertedOnceAndItsRecoveryWhenTheFixLetsItThrough() throws Exception {
    LakeLayout lake = TestLake.newLake();
    Instant hour = Instant.parse("2026-02-01T08:00:00Z");
    List<String> kelvin = BronzeFixtures.kelvinWeather(hour, List.of("paris", "lyon", "nice", "lille"));
    BronzeFixtures.put(lake, "owm_weather", hour, "20260201T0800Z-aaaaaaaa", kelvin);

    List<SilverPromotionJob.BatchReport> first = pipeline(lake, Map.of()).promoteSilver(false);
    List<SilverPromotionJob.BatchReport> again = pipeline(lake, Map.of()).promoteSilver(false);

    assertThat(first).singleElement().satisfies(r -> assertThat(r.heldBack()).isTrue());
    assertThat(again).singleElement().satisfies(r -> assertThat(r.heldBack()).isTrue());
    assertThat(alerts("silver/held-back")).singleElement().satisfies(row -> {
      assertThat(row.getString(0)).isEqualTo("open");
      assertThat(row.getString(1)).isEqualTo("ERROR");
      assertThat(row.getString(2)).contains("rejected_share");
    });
    MimeMessage[] mails = MAIL.getReceivedMessages();
    assertThat(mails).as("one message per episode, not per run").hasSize(1);
    assertThat(GreenMailUtil.getBody(mails[0])).contains("silver/held-back", "stay pending in bronze");

    SilverPromotionJob.BatchReport fixed = pipeline(lake, Map.of("quality.rules-dir",
        BronzeFixtures.rulesAcceptingRejectedWeather().toString()))
        .promoteSilver(false).get(0);

    assertThat(fixed.heldBack()).isFalse();
    assertThat(alerts("silver/held-back")).singleElement()
        .satisfies(row -> assertThat(row.getString(0)).isEqualTo("recovered"));
    mails = MAIL.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(mails[1].getSubject()).isEqualTo("[GoodAir] 1 problem resolved");
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("HELD BACK", "alerts: ");
  }

  @Test
  void aFailedJobIsAlertedWithItsCauseAndClosedByTheNextSuccess() throws Exception {
    LakeLayout lake = TestLake.newLake();
    Pipeline pipeline = pipeline(lake, Map.of());

    assertThatThrownBy(() -> pipeline.guarded("silver", () -> {
      throw new IllegalStateException("cannot list bronze under s3a://lake/bronze: connection refused");
    })).hasMessageContaining("connection refused");
    pipeline.guarded("silver", () -> 1);

    assertThat(alerts("job/silver")).singleElement().satisfies(row -> {
      assertThat(row.getString(0)).isEqualTo("recovered");
      assertThat(row.getString(1)).isEqualTo("ERROR");
    });
    MimeMessage[] mails = MAIL.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(GreenMailUtil.getBody(mails[0])).contains("job/silver", "connection refused");
    assertThat(mails[1].getSubject()).isEqualTo("[GoodAir] 1 problem resolved");
  }

  /** An OWM Air Pollution answer for Paris computed two minutes before {@code hour}, with this much ozone. */
  private static String ozone(Instant hour, double o3) {
    return "{\"coord\":{\"lon\":2.3522,\"lat\":48.8566},\"list\":[{\"main\":{\"aqi\":" + (o3 > 180 ? 5 : 2)
        + "},\"components\":{\"co\":210.0,\"no\":0.5,\"no2\":18.0,\"o3\":" + o3 + ",\"so2\":1.2,"
        + "\"pm2_5\":6.0,\"pm10\":11.0,\"nh3\":0.8},\"dt\":" + hour.minusSeconds(120).getEpochSecond() + "}]}";
  }

  @Test
  void anOzoneEpisodeAboveTheInformationThresholdIsAlertedOnceAndItsEndAnnounced() throws Exception {
    LakeLayout lake = TestLake.newLake();
    // Three recent hours (gold alerts on each city's newest hour, if it is from the last three days).
    Instant first = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minusSeconds(3 * 3600);
    double[] o3 = {200, 215, 60};
    List<Integer> mailsAfter = new java.util.ArrayList<>();
    for (int i = 0; i < o3.length; i++) {
      Instant hour = first.plusSeconds(i * 3600L);
      BronzeFixtures.put(lake, "owm_air", hour, BronzeFixtures.runId(hour), List.of(
          BronzeFixtures.ok("owm_air", "paris", hour.plusSeconds(10), ozone(hour, o3[i]), Map.of())));
      Pipeline pipeline = pipeline(lake, Map.of());
      pipeline.promoteSilver(false);
      pipeline.promoteGold();
      mailsAfter.add(MAIL.getReceivedMessages().length);
    }

    // The French information threshold and the directive's, both 180 µg/m³ over one hour: one episode each,
    // announced together in the first hour, kept quiet in the second, closed in the third.
    assertThat(mailsAfter).containsExactly(1, 1, 2);
    for (String key : List.of("exceedance/paris/o3/fr_information", "exceedance/paris/o3/eu2008_information_1h")) {
      assertThat(alerts(key)).as(key).singleElement().satisfies(row -> {
        assertThat(row.getString(0)).isEqualTo("recovered");
        assertThat(row.getString(1)).isEqualTo("WARNING");
        assertThat(row.getString(2)).contains("paris", "O3", "µg/m³", "(measured)");
      });
    }
    MimeMessage[] mails = MAIL.getReceivedMessages();
    assertThat(GreenMailUtil.getBody(mails[0])).contains("exceedance/paris/o3/fr_information",
        "gold.threshold_exceedances");
    assertThat(mails[1].getSubject()).isEqualTo("[GoodAir] 2 problems resolved");
    assertThat(spark.sql("SELECT count(*) FROM quality.alerts WHERE kind = 'threshold_exceedance'").first()
        .getLong(0)).isEqualTo(2);
  }
}
