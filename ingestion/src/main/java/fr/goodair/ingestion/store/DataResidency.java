package fr.goodair.ingestion.store;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an object store keeps the lake, and whether that is allowed: the lake stays in the EU (issue 6,
 * DESIGN.md §8; GDPR). Pure rules, as data with the source of each; {@link ConfiguredObjectStore} applies them
 * each time a store is opened, before any request.
 *
 * <p>Accepted: the AWS regions in the EU; the French regions of OVHcloud and Scaleway, recognised from the
 * endpoint host (the issue asks for French ones only: their other EU regions are refused too); a self-hosted
 * store its operator declares in the EU ({@code s3.residency=self-hosted-eu} with {@code s3.residency.location});
 * and the embedded store. Anything else is refused unless an override reason is given.
 */
public final class DataResidency {

  private DataResidency() {}

  /** A store location the rules know, and where the fact comes from. */
  record Known(String id, String place, boolean accepted, String why, String source) {}

  private static final String AWS_SOURCE = "DOMAIN.md §6 (Commvault S3 region list, Google S3Region enum)";

  /** AWS regions by code; only the EU ones are accepted. */
  static final List<Known> AWS_REGIONS = List.of(
      new Known("eu-west-1", "Ireland", true, "AWS region in the EU", AWS_SOURCE),
      new Known("eu-west-3", "Paris, France", true, "AWS region in the EU", AWS_SOURCE),
      new Known("eu-central-1", "Frankfurt, Germany", true, "AWS region in the EU", AWS_SOURCE),
      new Known("eu-south-1", "Milan, Italy", true, "AWS region in the EU", AWS_SOURCE),
      new Known("eu-south-2", "Spain", true, "AWS region in the EU", AWS_SOURCE),
      new Known("eu-north-1", "Stockholm, Sweden", true, "AWS region in the EU", AWS_SOURCE),
      new Known("eu-west-2", "London, United Kingdom", false,
          "the United Kingdom is not in the EU (an adequacy country is not the EU)", AWS_SOURCE),
      new Known("eu-central-2", "Zurich, Switzerland", false,
          "Switzerland is not in the EU (an adequacy country is not the EU)", AWS_SOURCE));

  /**
   * OVHcloud and Scaleway endpoints by host. OVHcloud's other French regions (Strasbourg, Roubaix, Paris) are
   * left out: their S3 host names are not verified here (ovh/docs "Object Storage – Endpoints and
   * geo-availability" lists them); until they are, such a store needs an override reason.
   */
  static final List<Known> PROVIDER_ENDPOINTS = List.of(
      new Known("s3.gra.io.cloud.ovh.net", "OVHcloud Gravelines (gra), France", true,
          "OVHcloud region in France", "DOMAIN.md §6 (public configs; ovh/docs endpoints guide)"),
      new Known("s3.fr-par.scw.cloud", "Scaleway Paris (fr-par), France", true,
          "Scaleway region in France", "DOMAIN.md §6 (jschneier/django-storages#1259, Scaleway Java gist)"),
      new Known("s3.nl-ams.scw.cloud", "Scaleway Amsterdam (nl-ams), Netherlands", false,
          "in the EU but not in France: GoodAir's rule (issue 6) accepts only French OVHcloud and Scaleway regions",
          "DOMAIN.md §6"),
      new Known("s3.pl-waw.scw.cloud", "Scaleway Warsaw (pl-waw), Poland", false,
          "in the EU but not in France: GoodAir's rule (issue 6) accepts only French OVHcloud and Scaleway regions",
          "DOMAIN.md §6"));

  // s3.eu-west-3.amazonaws.com, bucket.s3.eu-west-3.amazonaws.com, s3-eu-west-1.amazonaws.com, s3.dualstack.<r>...
  private static final Pattern AWS_HOST =
      Pattern.compile("(?:^|.*\\.)s3[.-](?:dualstack\\.)?([a-z]{2}(?:-[a-z]+)+-\\d)\\.amazonaws\\.com");
  private static final Pattern ANY_AWS_HOST = Pattern.compile("(?:^|.*\\.)amazonaws\\.com(?:\\.cn)?");

  public static final String SELF_HOSTED_EU = "self-hosted-eu";

  /**
   * What the configuration says about a store.
   *
   * @param endpoint the S3 endpoint, null for AWS's default endpoint of {@code region}
   * @param embedded the embedded store GoodAir starts itself
   * @param residency {@code s3.residency}, null when unset
   * @param location {@code s3.residency.location}, null when unset
   */
  public record Store(URI endpoint, String region, boolean embedded, String residency, String location) {}

  /** The verdict on a store: where it is, whether it is accepted and why. */
  public record Verdict(boolean accepted, String where, String why) {}

  public static Verdict judge(Store store) {
    if (store.embedded()) {
      // The embedded store is a folder of the machine that runs GoodAir (served on loopback): the lake is where
      // the processing is, and putting that machine in the EU is part of running GoodAir at all.
      return new Verdict(true, "the embedded store on this machine", "local disk of the machine running GoodAir");
    }
    if (store.residency() != null && !store.residency().equals(SELF_HOSTED_EU)) {
      throw new IllegalArgumentException("s3.residency must be " + SELF_HOSTED_EU + " (or unset), not '"
          + store.residency() + "'");
    }
    Optional<String> awsRegion = awsRegion(store);
    if (awsRegion.isPresent()) {
      String region = awsRegion.get();
      Known known = find(AWS_REGIONS, region);
      if (known == null) {
        return new Verdict(false, "AWS region " + region, "not one of the AWS regions in the EU");
      }
      return new Verdict(known.accepted(), "AWS region " + region + " (" + known.place() + ")", known.why());
    }
    String host = store.endpoint().getHost() == null ? "" : store.endpoint().getHost().toLowerCase(Locale.ROOT);
    for (Known known : PROVIDER_ENDPOINTS) {
      if (host.equals(known.id()) || host.endsWith("." + known.id())) {
        return new Verdict(known.accepted(), "endpoint " + host + " (" + known.place() + ")", known.why());
      }
    }
    if (host.endsWith(".scw.cloud") || host.endsWith(".ovh.net") || ANY_AWS_HOST.matcher(host).matches()) {
      // A provider's host this table does not know: not "self-hosted", whatever the configuration says.
      return new Verdict(false, "endpoint " + host, "a provider endpoint not known to be in France/the EU");
    }
    if (SELF_HOSTED_EU.equals(store.residency())) {
      if (store.location() == null || store.location().isBlank()) {
        throw new IllegalArgumentException("s3.residency=" + SELF_HOSTED_EU
            + " needs s3.residency.location: where the store is, e.g. \"lab server room, Lyon, France\"");
      }
      return new Verdict(true, "self-hosted endpoint " + host + " (declared: " + store.location().strip() + ")",
          "declared in the EU by s3.residency=" + SELF_HOSTED_EU);
    }
    return new Verdict(false, "endpoint " + host,
        "not a known EU store, and not declared as a self-hosted store in the EU");
  }

  /** The AWS region the data go to: the endpoint's when it is an AWS host, else {@code region} when no endpoint. */
  private static Optional<String> awsRegion(Store store) {
    if (store.endpoint() == null) {
      return Optional.of(store.region() == null ? "" : store.region().strip().toLowerCase(Locale.ROOT));
    }
    String host = store.endpoint().getHost() == null ? "" : store.endpoint().getHost().toLowerCase(Locale.ROOT);
    Matcher m = AWS_HOST.matcher(host);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static Known find(List<Known> table, String id) {
    return table.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
  }

  /** The accepted stores, for messages. */
  static String acceptedSummary() {
    StringBuilder s = new StringBuilder("AWS EU regions (");
    s.append(String.join(", ", AWS_REGIONS.stream().filter(Known::accepted).map(Known::id).toList()));
    s.append("), ");
    s.append(String.join(", ", PROVIDER_ENDPOINTS.stream().filter(Known::accepted).map(Known::id).toList()));
    s.append(", a self-hosted store declared with s3.residency=" + SELF_HOSTED_EU + " and s3.residency.location,"
        + " or the embedded store");
    return s.toString();
  }
}
