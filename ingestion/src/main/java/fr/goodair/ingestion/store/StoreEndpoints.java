package fr.goodair.ingestion.store;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks on an S3 endpoint URI that need no network (no name is ever resolved here). */
public final class StoreEndpoints {

  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private StoreEndpoints() {}

  /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}: traffic that never leaves the machine. */
  public static boolean isLoopback(URI endpoint) {
    String host = endpoint.getHost() == null ? "" : endpoint.getHost().toLowerCase(Locale.ROOT);
    return host.equals("localhost") || IPV4_LOOPBACK.matcher(host).matches()
        || host.equals("[::1]") || host.equals("::1") || host.equals("[0:0:0:0:0:0:0:1]");
  }

  /**
   * Refuses an endpoint that would carry the credentials and the data in clear over a network: {@code https} is
   * required except on loopback, or when {@code s3.allow-plain-http=true} says the network is trusted.
   */
  public static void requireTls(URI endpoint, boolean allowPlainHttp) {
    String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("s3.endpoint " + endpoint + " must start with https:// (or http:// on"
          + " loopback)");
    }
    if (scheme.equals("http") && !isLoopback(endpoint) && !allowPlainHttp) {
      throw new IllegalArgumentException("s3.endpoint " + endpoint + " is plain http on a network: the S3"
          + " credentials' signatures and the lake's data would travel unencrypted. Use https://, or set"
          + " s3.allow-plain-http=true if this network is trusted");
    }
  }
}
