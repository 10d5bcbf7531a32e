package fr.goodair.ingestion.store;

import java.util.regex.Pattern;

/**
 * Bucket names as S3 allows them (3-63 characters: lower-case letters, digits, dots and hyphens, starting and
 * ending with a letter or digit, no "..") — also the embedded store's folder names, so a name such as
 * {@code ../x} can never point outside the store's folder.
 */
public final class BucketNames {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private BucketNames() {}

  public static String require(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("bucket name '" + KeySegments.printable(name) + "' is not valid: 3-63"
          + " lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit");
    }
    return name;
  }
}
