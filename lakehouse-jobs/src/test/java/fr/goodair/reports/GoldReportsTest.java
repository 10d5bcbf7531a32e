package fr.goodair.reports;

import static org.assertj.core.api.Assertions.assertThat;

import fr.goodair.ingestion.config.Secret;
import fr.goodair.ingestion.source.Redactor;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.SimulatedGoldLake;
import fr.goodair.lake.TestLake;
import fr.goodair.quality.Level;
import fr.goodair.quality.alert.AlertCondition;
import fr.goodair.quality.alert.AlertManager;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The reports of real lakes: a fresh one (empty gold, on a local-folder root, with an alert quoting a secret) and
 * the shared small gold lake ({@link SimulatedGoldLake}: three cities, three weeks), whose reports are opened in headless
 * Chromium (Debian's {@code chromium} and {@code chromedriver}, no network) to check that every chart renders.
 */
class GoldReportsTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-07-05T01:00:00Z"), ZoneOffset.UTC);
  /** A configured secret that an alert's summary quotes: the report must not. */
  private static final String SECRET = "owm-key-5f3a9c";
  private static final List<String> FAMILIES = List.of("indicators", "extremes-and-alerts", "correlations");
  private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");

  private final SparkSession spark = TestLake.spark();

  @Test
  void aFreshLakeGetsThreeReportsThatSayNoDataYetAndNeverShowASecret(@TempDir Path dir) throws IOException {
    LakeLayout lake = new LakeLayout("file:" + dir.resolve("lake"));
    Lake.tables(lake).forEach(table -> table.ensure(spark));
    AlertManager.builder(spark, lake).clock(CLOCK).build().evaluate(Set.of("job_failure"), List.of(
        new AlertCondition("job/ingest", "job_failure", Level.ERROR,
            "ingest failed: GET /data/2.5/weather?appid=" + SECRET + " answered 401", "detail")));

    GoldReports.Written written = new GoldReports(spark, lake, dir.resolve("local"), Redactor.of(Secret.of(SECRET)),
        CLOCK).write();

    assertThat(written.families()).isEqualTo(FAMILIES);
    for (String family : FAMILIES) {
      String local = Files.readString(dir.resolve("local").resolve(family + ".html"));
      assertThat(local).contains("No data yet", "Data: none yet", ReportPage.WAQI_NAME, "OpenWeather");
      Path zone = dir.resolve("lake").resolve("reports").resolve(family);
      assertThat(Files.readString(zone.resolve("latest.html"))).isEqualTo(local);
      assertThat(Files.readString(zone.resolve(written.stamp() + ".html"))).isEqualTo(local);
    }
    assertThat(written.stamp()).isEqualTo("20260705T010000Z");
    assertThat(Files.readString(dir.resolve("local").resolve("extremes-and-alerts.html")))
        .contains("job/ingest", "appid=REDACTED").doesNotContain(SECRET);
  }

  @Test
  void theReportsOfASmallGoldRenderTheirChartsInHeadlessChromium(@TempDir Path dir) throws Exception {
    LakeLayout lake = SimulatedGoldLake.get();

    Path local = dir.resolve("reports");
    GoldReports.Written written = new GoldReports(spark, lake, local, Redactor.of(), SimulatedGoldLake.CLOCK).write();

    assertThat(written.lakeFolder()).isEqualTo(lake.reportsRoot());
    for (String family : FAMILIES) {
      String html = Files.readString(local.resolve(family + ".html"));
      assertThat(readFromLake(lake.reportsRoot() + "/" + family + "/latest.html")).isEqualTo(html);
      assertThat(html).contains("Paris", "Lyon", "Marseille", "Generated 2026-07-10 00:05 UTC", ReportPage.WAQI_NAME)
          .doesNotContain("No data yet: gold");
      ReportBuildersTest.assertSelfContained(html);
    }

    ChromeDriver browser = headlessChromium(dir.resolve("chromium-profile"));
    try {
      Files.createDirectories(SCREENSHOTS);
      for (String family : FAMILIES) {
        browser.get(local.resolve(family + ".html").toUri().toString());
        assertChartsRender(browser, family, Files.readString(local.resolve(family + ".html")));
        screenshot(browser, SCREENSHOTS.resolve(family + ".png"));
      }
    } finally {
      browser.quit();
    }
  }

  private String readFromLake(String location) throws IOException {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    try (var in = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * Debian's browser and driver, named explicitly so that Selenium Manager never looks for (or downloads) one;
   * background networking off, since the page must open with no network at all.
   */
  private static ChromeDriver headlessChromium(Path profile) {
    assertThat(Path.of("/usr/bin/chromedriver")).as("Debian's browser: apt-get install -y chromium chromium-driver")
        .exists();
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments("--headless=new",
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-sync",
        "--disable-background-networking", "--disable-component-update", "--disable-quic",
        "--user-data-dir=" + profile, "--window-size=1200,900");
    return new ChromeDriver(service, options);
  }

  /**
   * Every chart of the page is laid out with a non-zero box and has drawn marks of its own (shapes with a
   * non-zero box: bars, lines, cells); and the page loaded no resource at all.
   */
  @SuppressWarnings("unchecked")
  private static void assertChartsRender(ChromeDriver browser, String family, String html) {
    int charts = html.split("<svg", -1).length - 1;
    assertThat(charts).as(family + " charts").isPositive();
    List<Map<String, Object>> rendered = (List<Map<String, Object>>) ((JavascriptExecutor) browser).executeScript("""
        return Array.from(document.querySelectorAll('figure svg')).map(svg => {
          const box = svg.getBoundingClientRect();
          const marks = Array.from(svg.querySelectorAll('path, rect, line, polyline, polygon, circle, ellipse'))
              .filter(e => { const b = e.getBBox(); return b.width > 0 || b.height > 0; }).length;
          const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.getBBox().width > 0).length;
          return {id: svg.id, width: box.width, height: box.height, marks: marks, texts: texts};
        });""");
    assertThat(rendered).as(family + " charts in the page").hasSize(charts);
    for (Map<String, Object> chart : rendered) {
      String id = family + "/" + chart.get("id");
      assertThat(((Number) chart.get("width")).doubleValue()).as(id + " width").isGreaterThan(100);
      assertThat(((Number) chart.get("height")).doubleValue()).as(id + " height").isGreaterThan(100);
      assertThat(((Number) chart.get("marks")).longValue()).as(id + " marks").isGreaterThan(20);
      assertThat(((Number) chart.get("texts")).longValue()).as(id + " labels").isPositive();
    }
    Object fetched = ((JavascriptExecutor) browser).executeScript(
        "return performance.getEntriesByType('resource').map(r => r.name);");
    assertThat((List<Object>) fetched).as(family + " resources fetched").isEmpty();
  }

  /** The whole page: the window is made as tall as the document first. */
  private static void screenshot(ChromeDriver browser, Path png) throws IOException {
    long height = (Long) ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollHeight;");
    browser.manage().window().setSize(new Dimension(1200, (int) Math.min(height + 40, 8000)));
    Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
  }
}
