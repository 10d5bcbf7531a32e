package fr.goodair.ingestion.store;

import fr.goodair.ingestion.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The object store used when no endpoint is configured: S3Proxy, filesystem-backed under
 * {@code $GOODAIR_HOME/s3}, on loopback, with credentials. It runs as a child process (its Jetty stays off
 * Spark's classpath) and is reached through the same {@link S3ObjectStore} code as a production store.
 *
 * <p>The credentials are generated once per home and kept in {@code embedded-s3.properties} (owner-only).
 */
public final class EmbeddedObjectStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedObjectStore.class);
  public static final String BUCKET = "goodair-lake";
  public static final String REGION = "eu-west-3";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final ObjectStoreSettings settings;

  private EmbeddedObjectStore(Process process, ObjectStoreSettings settings) {
    this.process = process;
    this.settings = settings;
  }

  /** Starts S3Proxy on a free loopback port over {@code home/s3} and waits until it answers. */
  public static EmbeddedObjectStore start(Path home, Path s3proxyJar) {
    return start(home, s3proxyJar, freePort());
  }

  /** As {@link #start(Path, Path)} on a given port (tests restart a store on the same port after an outage). */
  public static EmbeddedObjectStore start(Path home, Path s3proxyJar, int port) {
    if (!Files.isRegularFile(s3proxyJar)) {
      throw new IllegalStateException("the embedded object store needs " + s3proxyJar
          + ", which is missing: build the project first (./mvnw -DskipTests package) or set GOODAIR_S3PROXY_JAR");
    }
    try {
      Path dataDir = Files.createDirectories(home.resolve("s3"));
      Files.createDirectories(dataDir.resolve(BUCKET));
      Path logDir = Files.createDirectories(home.resolve("logs"));
      Credentials credentials = Credentials.loadOrCreate(home.resolve("embedded-s3.properties"));
      URI endpoint = URI.create("http://127.0.0.1:" + port);

      Properties props = new Properties();
      props.setProperty("s3proxy.endpoint", endpoint.toString());
      props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      props.setProperty("s3proxy.identity", credentials.accessKeyId());
      props.setProperty("s3proxy.credential", credentials.secretAccessKey().reveal());
      props.setProperty("jclouds.provider", "filesystem");
      props.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
      Path propsFile = home.resolve("s3proxy-" + port + ".properties");
      writeOwnerOnly(propsFile, props);

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", s3proxyJar.toString(), "--properties",
          propsFile.toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("s3proxy.log").toFile()))
          .start();
      ObjectStoreSettings settings = new ObjectStoreSettings(
          endpoint, REGION, BUCKET, true, credentials.accessKeyId(), credentials.secretAccessKey());
      EmbeddedObjectStore store = new EmbeddedObjectStore(process, settings);
      store.awaitReady(port, logDir.resolve("s3proxy.log"));
      Files.deleteIfExists(propsFile);
      LOG.info("embedded object store {} serving {}", settings.describe(), dataDir);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded object store under " + home, e);
    }
  }

  public ObjectStoreSettings settings() {
    return settings;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private void awaitReady(int port, Path log) {
    Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the embedded object store exited at start (exit code "
            + process.exitValue() + "); see " + log);
      }
      if (answersHttp(port)) {
        return;
      }
      sleep(100);
    }
    close();
    throw new IllegalStateException("the embedded object store did not answer on port " + port + " within "
        + STARTUP_TIMEOUT.toSeconds() + " s; see " + log);
  }

  /** True once Jetty answers an HTTP request (any status): a bare TCP accept can precede the S3 handler. */
  private static boolean answersHttp(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes());
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(8);
      return new String(head).startsWith("HTTP/");
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the embedded object store", e);
    }
  }

  private static void writeOwnerOnly(Path file, Properties props) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      props.store(out, "GoodAir embedded object store (generated)");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the embedded object store", e);
    }
  }

  /** Per-home credentials of the embedded store: random, owner-only file, never logged. */
  private record Credentials(String accessKeyId, Secret secretAccessKey) {

    static Credentials loadOrCreate(Path file) throws IOException {
      Properties props = new Properties();
      if (Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          props.load(in);
        }
        return new Credentials(props.getProperty("access-key-id"), Secret.of(props.getProperty("secret-access-key")));
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      props.setProperty("access-key-id", "goodair-local");
      props.setProperty("secret-access-key", HexFormat.of().formatHex(random));
      writeOwnerOnly(file, props);
      return new Credentials(props.getProperty("access-key-id"), Secret.of(props.getProperty("secret-access-key")));
    }
  }
}
