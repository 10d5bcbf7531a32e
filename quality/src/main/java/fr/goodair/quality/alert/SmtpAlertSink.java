package fr.goodair.quality.alert;

import fr.goodair.ingestion.config.Secret;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Sends each digest as one plain-text e-mail (Jakarta Mail) to a fixed list of recipients: subject
 * {@code [GoodAir] 2 new problems, 1 resolved}, body listing new, resolved and still-open problems with their
 * detail. The password is used only to log in; failure messages never contain it.
 */
public final class SmtpAlertSink implements AlertSink {

  private final String host;
  private final int port;
  private final InternetAddress from;
  private final InternetAddress[] to;
  private final String username;
  private final Secret password;
  private final boolean startTls;
  private final Duration timeout;

  private SmtpAlertSink(Builder builder) {
    this.host = builder.host;
    this.port = builder.port;
    this.from = builder.fromAddress;
    this.to = builder.toAddresses.toArray(InternetAddress[]::new);
    this.username = builder.username;
    this.password = builder.password;
    this.startTls = builder.startTls;
    this.timeout = builder.timeout;
  }

  /** A sink through the SMTP server {@code host} (port 25, no login, no STARTTLS, 10 s timeouts unless set). */
  public static Builder builder(String host) {
    return new Builder(host);
  }

  @Override
  public String channel() {
    return "smtp";
  }

  @Override
  public void send(AlertDigest digest) throws AlertDeliveryException {
    try {
      MimeMessage message = new MimeMessage(Session.getInstance(properties()));
      message.setFrom(from);
      message.setRecipients(Message.RecipientType.TO, to);
      message.setSubject(digest.subject(), "UTF-8");
      message.setText(digest.plainText(), "UTF-8");
      message.setSentDate(Date.from(digest.evaluatedAt()));
      // RFC 3834: tells mail servers and vacation responders not to answer a robot.
      message.setHeader("Auto-Submitted", "auto-generated");
      if (username != null) {
        Transport.send(message, username, password.reveal());
      } else {
        Transport.send(message);
      }
    } catch (MessagingException e) {
      // Jakarta Mail puts the useful part (connection refused, authentication failed…) in the nested cause.
      String why = SafeText.describe(e);
      throw new AlertDeliveryException("SMTP " + host + ":" + port + " failed: "
          + (password == null ? why : password.redactIn(why)));
    } catch (RuntimeException e) {
      throw new AlertDeliveryException("SMTP " + host + ":" + port + " failed: " + e.getClass().getSimpleName());
    }
  }

  private Properties properties() {
    Properties props = new Properties();
    props.put("mail.smtp.host", host);
    props.put("mail.smtp.port", Integer.toString(port));
    String millis = Long.toString(timeout.toMillis());
    // Jakarta Mail waits forever by default: a dead server must not hang the hourly run.
    props.put("mail.smtp.connectiontimeout", millis);
    props.put("mail.smtp.timeout", millis);
    props.put("mail.smtp.writetimeout", millis);
    if (username != null) {
      props.put("mail.smtp.auth", "true");
    }
    if (startTls) {
      // Required, not just enabled: a server (or a man in the middle) that drops STARTTLS must not get the
      // password in clear.
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    return props;
  }

  @Override
  public String toString() {
    return "smtp(" + host + ":" + port + (startTls ? " STARTTLS" : "") + (username == null ? "" : " login " + username)
        + ", " + to.length + " recipient" + (to.length == 1 ? "" : "s") + ")";
  }

  /** Configures an {@link SmtpAlertSink}; each setter checks its value (IllegalArgumentException, one line). */
  public static final class Builder {

    private final String host;
    private int port = 25;
    private String username;
    private Secret password;
    private boolean startTls;
    private Duration timeout = Duration.ofSeconds(10);
    private InternetAddress fromAddress;
    private List<InternetAddress> toAddresses;

    private Builder(String host) {
      if (host == null || host.isBlank()) {
        throw new IllegalArgumentException("the SMTP host is empty");
      }
      this.host = host.strip();
    }

    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("must be between 1 and 65535, not " + port);
      }
      this.port = port;
      return this;
    }

    /** The sender address, e.g. {@code goodair-alerts@lab.example}. */
    public Builder from(String from) {
      if (from == null || from.isBlank()) {
        throw new IllegalArgumentException("the sender address is empty");
      }
      this.fromAddress = address(from);
      return this;
    }

    /** The recipients; at least one. */
    public Builder to(List<String> to) {
      if (to.isEmpty()) {
        throw new IllegalArgumentException("no recipient");
      }
      List<InternetAddress> addresses = new ArrayList<>();
      to.forEach(recipient -> addresses.add(address(recipient)));
      this.toAddresses = List.copyOf(addresses);
      return this;
    }

    /** Logs in with these credentials (the password stays a {@link Secret} until the login). */
    public Builder credentials(String username, Secret password) {
      if (username == null || username.isBlank() || password == null) {
        throw new IllegalArgumentException("credentials need both a username and a password");
      }
      this.username = username.strip();
      this.password = password;
      return this;
    }

    /** Upgrades the connection with STARTTLS, and refuses to send if the server does not offer it. */
    public Builder startTls(boolean startTls) {
      this.startTls = startTls;
      return this;
    }

    /** Connect, read and write timeout. */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the SMTP timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public SmtpAlertSink build() {
      if (fromAddress == null || toAddresses == null) {
        throw new IllegalStateException("an SMTP sink needs a sender (from) and recipients (to)");
      }
      return new SmtpAlertSink(this);
    }

    private static InternetAddress address(String text) {
      Objects.requireNonNull(text, "address");
      try {
        return new InternetAddress(text.strip(), true);
      } catch (AddressException e) {
        throw new IllegalArgumentException("'" + text.strip() + "' is not an e-mail address");
      }
    }
  }
}
