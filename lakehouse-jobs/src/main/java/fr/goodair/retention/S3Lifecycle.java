package fr.goodair.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.goodair.ingestion.bronze.BronzeLayout;
import fr.goodair.lake.LakeLayout;
import java.util.List;

/**
 * The bucket lifecycle configuration equivalent to the policy's bronze part, as the JSON {@code aws s3api
 * put-bucket-lifecycle-configuration --lifecycle-configuration file://…} takes (OVHcloud, Scaleway and MinIO accept
 * the same document). Rules cover bronze only: a lifecycle rule on a Delta table's folder would delete files its
 * log still references, and the table would be broken.
 *
 * <p>Why no rule expires hot objects after {@code bronze.hot}: the archiver deletes a hot object only once its
 * day's archive is written and its checksum verified. A lifecycle expiry at {@code hot} days would delete the raw
 * answers whether or not the archiver ran (a failed job, a bug), and the data would exist nowhere else: silver
 * could not be rebuilt. So the two rules, one on hot objects ({@code bronze/}) and one on archives
 * ({@code bronze-archive/}), are the outer bound of the policy: nothing raw outlives {@code bronze.archive}, and
 * since S3 counts from an object's creation (at or after its ingest date; an archive is written a month or more
 * later), they never delete what the policy still keeps; they are a backstop to the job.
 */
public final class S3Lifecycle {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Multipart uploads left unfinished by a crash are invisible but billed: aborted after this many days. */
  static final int ABORT_INCOMPLETE_UPLOADS_DAYS = 7;
  /** In a versioned bucket, a deleted object's old version would keep the data: removed after this many days. */
  static final int NONCURRENT_VERSION_DAYS = 7;

  /** One lifecycle rule: objects under {@code prefix} (a key prefix in the bucket) expire {@code days} after creation. */
  public record Rule(String id, String prefix, int days) {}

  private S3Lifecycle() {}

  /** The rules for the lake at {@code lake} (an {@code s3a://bucket[/folder]} root). */
  public static List<Rule> rules(LakeLayout lake, RetentionPolicy policy) {
    int years = policy.bronze().archiveYears();
    String archives = lake.root() + "/" + BronzeLayout.ARCHIVE_ROOT.substring(0, BronzeLayout.ARCHIVE_ROOT.length() - 1);
    return List.of(new Rule("goodair-bronze-" + years + "-years", keyPrefix(lake, lake.bronzeRoot()), days(years)),
        new Rule("goodair-bronze-archive-" + years + "-years", keyPrefix(lake, archives), days(years)));
  }

  /** The JSON document of {@link #rules}. */
  public static String json(LakeLayout lake, RetentionPolicy policy) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode rules = root.putArray("Rules");
    for (Rule rule : rules(lake, policy)) {
      ObjectNode r = rules.addObject();
      r.put("ID", rule.id());
      r.putObject("Filter").put("Prefix", rule.prefix());
      r.put("Status", "Enabled");
      r.putObject("Expiration").put("Days", rule.days());
      r.putObject("NoncurrentVersionExpiration").put("NoncurrentDays", NONCURRENT_VERSION_DAYS);
      r.putObject("AbortIncompleteMultipartUpload").put("DaysAfterInitiation", ABORT_INCOMPLETE_UPLOADS_DAYS);
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The bucket of an {@code s3a://} lake root. */
  public static String bucket(LakeLayout lake) {
    return s3Path(lake.root()).split("/", 2)[0];
  }

  /** The key prefix of a folder of the lake, relative to the bucket, ending in {@code /}. */
  public static String keyPrefix(LakeLayout lake, String folder) {
    String path = s3Path(folder);
    int slash = path.indexOf('/');
    return slash < 0 ? "" : path.substring(slash + 1) + "/";
  }

  /** The most days {@code years} calendar years can hold: one leap day per started four years. */
  static int days(int years) {
    return 365 * years + (years + 3) / 4;
  }

  private static String s3Path(String location) {
    if (!location.startsWith("s3a://")) {
      throw new IllegalArgumentException("the lake root " + location + " is not on S3 (s3a://bucket): a bucket "
          + "lifecycle does not apply to it");
    }
    return location.substring("s3a://".length());
  }
}
