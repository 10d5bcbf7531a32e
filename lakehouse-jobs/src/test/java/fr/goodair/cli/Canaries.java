package fr.goodair.cli;

import java.util.List;

/**
 * Canary secrets: random-looking values given to the CLI's processes as their secrets, then searched for in
 * everything those processes leave (lake, logs, reports, spool, audit, output): a hit is a leak.
 *
 * <p>Defined here only. {@code .ci/run} reads the quoted values of this file and, after the build, fails when any
 * appears in the tests' output ({@code target/surefire-reports} and the other output folders, never the sources or
 * compiled classes): so keep one {@code static final String NAME = "value";} per line, values unique.
 */
final class Canaries {

  static final String AQICN_TOKEN = "cnry-aqicn-mE00v4PSgKNIIy53";
  static final String OWM_API_KEY = "cnry-owm-Plq280hbJcEEbLpt";
  static final String TLS_KEYSTORE_PASSWORD = "cnry-tls-5IXNGdA0vloVlDAZ";
  /** The secret part of the alert webhook's URL (Slack-style webhooks carry their token in the path). */
  static final String WEBHOOK_TOKEN = "cnry-hook-L8VCC6aUeidDGM5v";

  static final List<String> ALL = List.of(AQICN_TOKEN, OWM_API_KEY, TLS_KEYSTORE_PASSWORD, WEBHOOK_TOKEN);

  private Canaries() {}
}
