package fr.goodair.ingestion.store;

import java.util.Locale;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * How the object store encrypts what GoodAir writes ({@code s3.sse}): {@code none} (the bucket's default
 * applies), {@code SSE-S3} (keys managed by the store, AES-256) or {@code SSE-KMS} (AWS KMS; {@code
 * s3.sse.kms-key-id} names the key, else the account's default S3 key). Ingestion's puts and Spark's S3A writes
 * both request it, so every object of the lake is encrypted the same way.
 *
 * @param kmsKeyId key id, alias or ARN for SSE-KMS; null otherwise (an identifier, not a secret)
 */
public record ServerSideEncryption(Mode mode, String kmsKeyId) {

  public enum Mode { NONE, SSE_S3, SSE_KMS }

  public static final ServerSideEncryption NONE = new ServerSideEncryption(Mode.NONE, null);

  public ServerSideEncryption {
    if (kmsKeyId != null && mode != Mode.SSE_KMS) {
      throw new IllegalArgumentException("s3.sse.kms-key-id is set but s3.sse is " + name(mode)
          + ": set s3.sse=SSE-KMS to use the key, or remove s3.sse.kms-key-id");
    }
  }

  /** Parses {@code s3.sse} (case-insensitive; null means none) and {@code s3.sse.kms-key-id} (may be null). */
  public static ServerSideEncryption parse(String sse, String kmsKeyId) {
    String key = kmsKeyId == null || kmsKeyId.isBlank() ? null : kmsKeyId.strip();
    String value = sse == null ? "NONE" : sse.strip().toUpperCase(Locale.ROOT);
    Mode mode = switch (value) {
      case "NONE", "" -> Mode.NONE;
      case "SSE-S3" -> Mode.SSE_S3;
      case "SSE-KMS" -> Mode.SSE_KMS;
      default -> throw new IllegalArgumentException(
          "s3.sse must be none, SSE-S3 or SSE-KMS, not '" + sse.strip() + "'");
    };
    return new ServerSideEncryption(mode, key);
  }

  /** The value of S3A's {@code fs.s3a.encryption.algorithm} (Hadoop 3.3.x), empty for none. */
  public String s3aAlgorithm() {
    return switch (mode) {
      case NONE -> "";
      case SSE_S3 -> "AES256";
      case SSE_KMS -> "SSE-KMS";
    };
  }

  /** Adds the SSE headers ({@code x-amz-server-side-encryption}, KMS key id) to an SDK put. */
  public PutObjectRequest.Builder applyTo(PutObjectRequest.Builder put) {
    switch (mode) {
      case SSE_S3 -> put.serverSideEncryption(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AES256);
      case SSE_KMS -> {
        put.serverSideEncryption(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS);
        if (kmsKeyId != null) {
          put.ssekmsKeyId(kmsKeyId);
        }
      }
      case NONE -> { }
    }
    return put;
  }

  @Override
  public String toString() {
    return name(mode) + (kmsKeyId == null ? "" : " (key " + kmsKeyId + ")");
  }

  private static String name(Mode mode) {
    return switch (mode) {
      case NONE -> "none";
      case SSE_S3 -> "SSE-S3";
      case SSE_KMS -> "SSE-KMS";
    };
  }
}
