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
}
