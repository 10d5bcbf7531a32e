package fr.goodair.ingestion.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerSideEncryptionTest {

  @Test
  void parsesTheThreeModesAndTheirS3aNames() {
    assertThat(ServerSideEncryption.parse(null, null)).isEqualTo(ServerSideEncryption.NONE);
    assertThat(ServerSideEncryption.parse("none", null).s3aAlgorithm()).isEmpty();
    assertThat(ServerSideEncryption.parse("sse-s3", null).s3aAlgorithm()).isEqualTo("AES256");
    ServerSideEncryption kms = ServerSideEncryption.parse("SSE-KMS", " arn:aws:kms:eu-west-3:111122223333:key/k1 ");
    assertThat(kms.s3aAlgorithm()).isEqualTo("SSE-KMS");
    assertThat(kms.kmsKeyId()).isEqualTo("arn:aws:kms:eu-west-3:111122223333:key/k1");
    assertThat(ServerSideEncryption.parse("SSE-KMS", null).kmsKeyId()).as("account's default key").isNull();
  }

  @Test
  void refusesUnknownModesAndAKeyWithoutKms() {
    assertThatThrownBy(() -> ServerSideEncryption.parse("SSE-C", null))
        .hasMessage("s3.sse must be none, SSE-S3 or SSE-KMS, not 'SSE-C'");
    assertThatThrownBy(() -> ServerSideEncryption.parse("SSE-S3", "k1"))
        .hasMessageContaining("s3.sse.kms-key-id is set but s3.sse is SSE-S3");
  }
}
