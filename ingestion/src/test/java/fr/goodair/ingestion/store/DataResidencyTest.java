package fr.goodair.ingestion.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.goodair.ingestion.store.DataResidency.Store;
import fr.goodair.ingestion.store.DataResidency.Verdict;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The EU residency rule on every kind of store; pure, no network. */
class DataResidencyTest {

  private static Verdict region(String region) {
    return DataResidency.judge(new Store(null, region, false, null, null));
  }

  private static Verdict endpoint(String endpoint) {
    return DataResidency.judge(new Store(URI.create(endpoint), "eu-west-3", false, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"eu-west-1", "eu-west-3", "eu-central-1", "eu-south-1", "eu-south-2", "eu-north-1"})
  void awsRegionsInTheEuAreAccepted(String region) {
    assertThat(region(region).accepted()).isTrue();
    assertThat(region(region).where()).contains(region);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "eu-west-2|London, United Kingdom|the United Kingdom is not in the EU",
      "eu-central-2|Zurich, Switzerland|Switzerland is not in the EU",
      "us-east-1|us-east-1|not one of the AWS regions in the EU",
      "ap-southeast-1|ap-southeast-1|not one of the AWS regions in the EU",
      "EU-WEST-9|eu-west-9|not one of the AWS regions in the EU"})
  void otherAwsRegionsAreRefusedWithTheirReason(String region, String where, String why) {
    Verdict verdict = region(region);
    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.where()).contains(where);
    assertThat(verdict.why()).contains(why);
  }

  @Test
  void anAwsEndpointIsJudgedByTheRegionInItsHostNotBySettingRegion() {
    assertThat(endpoint("https://s3.eu-west-3.amazonaws.com").accepted()).isTrue();
    assertThat(endpoint("https://goodair.s3.eu-central-1.amazonaws.com").accepted()).isTrue();
    Verdict us = endpoint("https://s3.us-east-1.amazonaws.com");
    assertThat(us.accepted()).isFalse();
    assertThat(us.where()).isEqualTo("AWS region us-east-1");
    assertThat(endpoint("https://s3.eu-west-2.amazonaws.com").why()).contains("United Kingdom");
    assertThat(endpoint("https://s3.amazonaws.com").accepted()).as("global endpoint: us-east-1").isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://s3.gra.io.cloud.ovh.net", "https://s3.fr-par.scw.cloud",
      "https://goodair-lake.s3.fr-par.scw.cloud", "https://S3.FR-PAR.SCW.CLOUD:443"})
  void frenchOvhcloudAndScalewayEndpointsAreAccepted(String url) {
    Verdict verdict = endpoint(url);
    assertThat(verdict.accepted()).isTrue();
    assertThat(verdict.where()).contains("France");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "https://s3.nl-ams.scw.cloud|Amsterdam (nl-ams), Netherlands",
      "https://s3.pl-waw.scw.cloud|Warsaw (pl-waw), Poland"})
  void scalewayRegionsOutsideFranceAreRefusedByTheFrenchOnlyRule(String url, String where) {
    Verdict verdict = endpoint(url);
    assertThat(verdict.accepted()).isFalse();
    assertThat(verdict.where()).contains(where);
    assertThat(verdict.why()).contains("accepts only French OVHcloud and Scaleway regions");
  }

  @Test
  void unknownEndpointsAreRefusedUnlessDeclaredSelfHostedInTheEu() {
    URI minio = URI.create("https://minio.lab.example:9000");
    Verdict undeclared = DataResidency.judge(new Store(minio, "eu-west-3", false, null, null));
    assertThat(undeclared.accepted()).isFalse();
    assertThat(undeclared.where()).isEqualTo("endpoint minio.lab.example");
    assertThat(undeclared.why()).contains("not declared as a self-hosted store in the EU");

    Verdict declared = DataResidency.judge(new Store(minio, "eu-west-3", false, "self-hosted-eu", "lab, Lyon, France"));
    assertThat(declared.accepted()).isTrue();
    assertThat(declared.where()).contains("minio.lab.example").contains("lab, Lyon, France");
  }

  @Test
  void aDeclarationMustSayWhereAndCannotWhitewashAProviderEndpoint() {
    URI minio = URI.create("https://minio.lab.example");
    assertThatThrownBy(() -> DataResidency.judge(new Store(minio, null, false, "self-hosted-eu", " ")))
        .hasMessageContaining("s3.residency=self-hosted-eu needs s3.residency.location");
    assertThatThrownBy(() -> DataResidency.judge(new Store(minio, null, false, "eu", "Lyon")))
        .hasMessageContaining("s3.residency must be self-hosted-eu (or unset), not 'eu'");
    // A provider's own host is judged by the provider's rules, whatever is declared.
    assertThat(DataResidency.judge(new Store(URI.create("https://s3.us-west-2.amazonaws.com"), null, false,
        "self-hosted-eu", "Paris")).accepted()).isFalse();
    assertThat(DataResidency.judge(new Store(URI.create("https://s3.nl-ams.scw.cloud"), null, false,
        "self-hosted-eu", "Paris")).accepted()).isFalse();
    assertThat(DataResidency.judge(new Store(URI.create("https://s3.sbg.io.cloud.ovh.net"), null, false,
        "self-hosted-eu", "Strasbourg")).accepted()).as("unverified OVHcloud host").isFalse();
  }

  @Test
  void theEmbeddedStoreIsAcceptedAsThisMachinesDisk() {
    Verdict verdict = DataResidency.judge(new Store(URI.create("http://127.0.0.1:9999"), "eu-west-3", true, null, null));
    assertThat(verdict.accepted()).isTrue();
    assertThat(verdict.where()).contains("embedded store");
  }

  @Test
  void everyRuleNamesItsSource() {
    DataResidency.AWS_REGIONS.forEach(k -> assertThat(k.source()).as(k.id()).contains("DOMAIN.md"));
    DataResidency.PROVIDER_ENDPOINTS.forEach(k -> assertThat(k.source()).as(k.id()).contains("DOMAIN.md"));
  }
}
