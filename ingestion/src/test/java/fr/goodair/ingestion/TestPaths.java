package fr.goodair.ingestion;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locations the build passes to the tests (see the surefire configuration in the parent pom). */
public final class TestPaths {

  private TestPaths() {}

  /** The S3Proxy jar the build copies to ingestion/target/s3proxy. */
  public static Path s3proxyJar() {
    String configured = System.getProperty("goodair.s3proxy.jar");
    Path jar = configured != null ? Path.of(configured) : Path.of("target", "s3proxy", "s3proxy.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("missing " + jar.toAbsolutePath() + ": run the tests through Maven");
    }
    return jar;
  }

  /** ../shared/realdata beside the checkout. */
  public static Path realdata() {
    String configured = System.getProperty("goodair.realdata");
    return configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "realdata");
  }
}
