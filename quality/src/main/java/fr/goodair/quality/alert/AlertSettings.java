package fr.goodair.quality.alert;

import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import fr.goodair.ingestion.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where alerts go and how often they may repeat, from the configuration. With nothing configured, alerts go to
 * the {@code quality.alerts} table only.
 *
 * <table>
 *   <caption>Settings (environment variable {@code GOODAIR_ALERTS_SMTP_HOST} for {@code alerts.smtp.host}…)</caption>
 *   <tr><th>key</th><th>meaning</th></tr>
 *   <tr><td>{@code alerts.smtp.host}</td><td>SMTP server; e-mail alerts are on when it is set</td></tr>
 *   <tr><td>{@code alerts.smtp.port}</td><td>default 25</td></tr>
 *   <tr><td>{@code alerts.smtp.from}</td><td>sender address (required with a host)</td></tr>
 *   <tr><td>{@code alerts.smtp.to}</td><td>recipients, comma-separated (required with a host)</td></tr>
 *   <tr><td>{@code alerts.smtp.username}</td><td>login, optional; needs the password</td></tr>
 *   <tr><td>{@code alerts.smtp.password}</td><td>secret: environment or secrets file only</td></tr>
 *   <tr><td>{@code alerts.smtp.starttls}</td><td>require STARTTLS; default true with a login, else false</td></tr>
 *   <tr><td>{@code alerts.webhook.url}</td><td>secret: Slack/Mattermost-style incoming webhook</td></tr>
 *   <tr><td>{@code alerts.cooldown-minutes}</td><td>flapping window, default 60; 0 disables folding</td></tr>
 * </table>
 *
 * @param cooldown see {@link AlertManager.Builder#cooldown}
 * @param sinks the configured channels, possibly none
 */
public record AlertSettings(Duration cooldown, List<AlertSink> sinks) {

  public AlertSettings {
    sinks = List.copyOf(sinks);
  }

  /**
   * Reads the {@code alerts.*} settings.
   *
   * @throws InvalidConfigException one line naming the setting and the fix
   */
  public static AlertSettings from(GoodairConfig config) {
    int minutes = config.integer("alerts.cooldown-minutes", (int) AlertManager.DEFAULT_COOLDOWN.toMinutes());
    if (minutes < 0) {
      throw new InvalidConfigException("alerts.cooldown-minutes must be 0 or more, not " + minutes);
    }
    List<AlertSink> sinks = new ArrayList<>();
    smtp(config).ifPresent(sinks::add);
    config.secret("alerts.webhook.url").ifPresent(url -> sinks.add(webhook(url)));
    return new AlertSettings(Duration.ofMinutes(minutes), sinks);
  }

  private static Optional<SmtpAlertSink> smtp(GoodairConfig config) {
    Optional<String> host = config.value("alerts.smtp.host");
    Optional<String> username = config.value("alerts.smtp.username");
    Optional<Secret> password = config.secret("alerts.smtp.password");
    if (host.isEmpty()) {
      for (String key : List.of("alerts.smtp.from", "alerts.smtp.to", "alerts.smtp.username")) {
        if (config.value(key).isPresent()) {
          throw new InvalidConfigException(key + " is set but alerts.smtp.host is not; set "
              + GoodairConfig.envName("alerts.smtp.host") + " (or alerts.smtp.host) to send e-mail alerts");
        }
      }
      return Optional.empty();
    }
    String from = config.value("alerts.smtp.from").orElseThrow(() -> new InvalidConfigException(
        "alerts.smtp.from is required with alerts.smtp.host: the sender address, e.g. goodair@lab.example"));
    List<String> to = Arrays.stream(config.value("alerts.smtp.to", "").split(","))
        .map(String::strip).filter(address -> !address.isEmpty()).toList();
    if (to.isEmpty()) {
      throw new InvalidConfigException(
          "alerts.smtp.to is required with alerts.smtp.host: comma-separated recipient addresses");
    }
    if (username.isPresent() != password.isPresent()) {
      throw new InvalidConfigException(username.isPresent()
          ? "alerts.smtp.username is set without a password; set " + GoodairConfig.envName("alerts.smtp.password")
              + " or put alerts.smtp.password in the secrets file"
          : "alerts.smtp.password is set without alerts.smtp.username; set both, or neither");
    }
    int port = config.integer("alerts.smtp.port", 25);
    // Logging in without TLS would send the password in clear: with a login, STARTTLS is on unless turned off.
    boolean startTls = config.flag("alerts.smtp.starttls", username.isPresent());
    SmtpAlertSink.Builder builder = SmtpAlertSink.builder(host.get()).startTls(startTls);
    check("alerts.smtp.port", () -> builder.port(port));
    check("alerts.smtp.from", () -> builder.from(from));
    check("alerts.smtp.to", () -> builder.to(to));
    username.ifPresent(user -> check("alerts.smtp.username", () -> builder.credentials(user, password.get())));
    return Optional.of(builder.build());
  }

  private static void check(String key, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(key + ": " + e.getMessage());
    }
  }

  private static WebhookAlertSink webhook(Secret url) {
    try {
      return new WebhookAlertSink(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("alerts.webhook.url is not an http(s) URL; check "
          + GoodairConfig.envName("alerts.webhook.url") + " or the secrets file (the value is not shown: it is a"
          + " secret)");
    }
  }
}
