package fr.goodair.quality.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertSettingsTest {

  private static final Map<String, String> SMTP = Map.of(
      "alerts.smtp.host", "smtp.lab.example",
      "alerts.smtp.from", "goodair@lab.example",
      "alerts.smtp.to", " team@lab.example, oncall@lab.example ,");

  @Test
  void nothingConfiguredMeansTheTableOnlyAndAnHourOfCooldown() {
    AlertSettings settings = AlertSettings.from(config(Map.of()));

    assertThat(settings.sinks()).isEmpty();
    assertThat(settings.cooldown()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void smtpAndWebhookFromTheConfigurationAndTheSecrets() {
    Map<String, String> values = new HashMap<>(SMTP);
    values.put("alerts.smtp.port", "587");
    values.put("alerts.smtp.username", "goodair");
    values.put("alerts.smtp.password", "pa55-w0rd");
    values.put("alerts.webhook.url", "https://hooks.slack.example/services/T0/B0/tok3n");
    values.put("alerts.cooldown-minutes", "15");

    AlertSettings settings = AlertSettings.from(config(values));

    assertThat(settings.cooldown()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settings.sinks()).extracting(AlertSink::channel).containsExactly("smtp", "webhook");
    // A login turns STARTTLS on by default; the description shows neither the password nor the hook's path.
    assertThat(settings.toString())
        .contains("smtp(smtp.lab.example:587 STARTTLS login goodair, 2 recipients)", "webhook(hooks.slack.example)")
        .doesNotContain("pa55-w0rd", "tok3n", "services");
  }

  @Test
  void startTlsCanBeForcedOrTurnedOff() {
    Map<String, String> values = new HashMap<>(SMTP);
    values.put("alerts.smtp.starttls", "yes");
    assertThat(AlertSettings.from(config(values)).sinks().get(0).toString()).contains(":25 STARTTLS,");
    values.put("alerts.smtp.username", "goodair");
    values.put("alerts.smtp.password", "pa55-w0rd");
    values.put("alerts.smtp.starttls", "false");
    assertThat(AlertSettings.from(config(values)).sinks().get(0).toString()).doesNotContain("STARTTLS");
  }

  @Test
  void badValuesGiveOneLineNamingTheSetting() {
    assertInvalid(Map.of("alerts.smtp.port", "twenty-five"), "alerts.smtp.port must be a whole number");
    assertInvalid(Map.of("alerts.smtp.port", "0"), "alerts.smtp.port: must be between 1 and 65535, not 0");
    assertInvalid(Map.of("alerts.smtp.to", ""), "alerts.smtp.to is required with alerts.smtp.host");
    assertInvalid(Map.of("alerts.smtp.to", "team@lab.example, not an address"),
        "alerts.smtp.to: 'not an address' is not an e-mail address");
    assertInvalid(Map.of("alerts.smtp.from", "goodair@"), "alerts.smtp.from: 'goodair@' is not an e-mail address");
    assertInvalid(Map.of("alerts.smtp.username", "goodair"),
        "alerts.smtp.username is set without a password; set GOODAIR_ALERTS_SMTP_PASSWORD");
    assertInvalid(Map.of("alerts.smtp.password", "pa55-w0rd"),
        "alerts.smtp.password is set without alerts.smtp.username");
    assertInvalid(Map.of("alerts.smtp.starttls", "maybe"), "alerts.smtp.starttls must be true or false");
    assertInvalid(Map.of("alerts.cooldown-minutes", "-5"), "alerts.cooldown-minutes must be 0 or more, not -5");

    assertThatThrownBy(() -> AlertSettings.from(config(Map.of("alerts.smtp.to", "team@lab.example"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("alerts.smtp.to is set but alerts.smtp.host is not");
    assertThatThrownBy(() -> AlertSettings.from(config(Map.of("alerts.webhook.url", "not a url/s3cr3t"))))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith("alerts.webhook.url is not an http(s) URL").message().doesNotContain("s3cr3t");
  }

  private static void assertInvalid(Map<String, String> overrides, String expectedStart) {
    Map<String, String> values = new HashMap<>(SMTP);
    values.putAll(overrides);
    assertThatThrownBy(() -> AlertSettings.from(config(values))).isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(expectedStart).message().doesNotContain("\n");
  }

  private static GoodairConfig config(Map<String, String> values) {
    // with() sets values as environment variables would: the only way secrets may arrive besides a secrets file.
    return GoodairConfig.embedded(Path.of("target/goodair-home")).with(values);
  }
}
