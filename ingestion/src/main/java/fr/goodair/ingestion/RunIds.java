package fr.goodair.ingestion;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Run identifiers: the captured hour, readable, plus a random suffix so that two runs of the same hour never
 * share an object name, e.g. {@code 20260120T1500Z-3f2a9c1e}.
 */
public final class RunIds {

  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private RunIds() {}

  public static String next(Instant hour) {
    byte[] suffix = new byte[4];
    RANDOM.nextBytes(suffix);
    return HOUR.format(hour) + "-" + HexFormat.of().formatHex(suffix);
  }
}
