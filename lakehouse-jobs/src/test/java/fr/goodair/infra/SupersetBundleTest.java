package fr.goodair.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import fr.goodair.lake.SimulatedGoldLake;
import fr.goodair.lake.TestLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Superset import bundle of {@code infra/superset} (no Superset can be installed here, so this is its check).
 * It reads every YAML file as Superset's v1 importer reads it: the keys each asset type requires and the only keys
 * Superset 4.0 and 4.1 accept (their {@code ImportV1*Schema}s reject any other), the UUIDs the assets reference
 * each other by, one dashboard per report family, the WAQI and OpenWeather attributions on every dashboard, and the
 * ZIP the build script makes. Then it runs every dataset's SQL, and for every chart a query shaped like the one
 * Superset sends (the dataset's SQL as a subquery, Hive time grains, the chart's filters, metrics and grouping), on
 * the shared small gold lake ({@link SimulatedGoldLake}: three cities, three weeks, the real silver and gold jobs), and the
 * alerts table.
 */
class SupersetBundleTest {

  private static final Path BUNDLE = Path.of(System.getProperty("user.dir")).resolveSibling("infra")
      .resolve("superset");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String PASSWORD_MASK = "XXXXXXXXXX";

  /** The fields Superset 4.0 and 4.1 accept on import (superset/&lt;type&gt;/schemas.py, ImportV1*Schema). */
  private static final Set<String> DATABASE_KEYS = Set.of("database_name", "sqlalchemy_uri", "password",
      "cache_timeout", "expose_in_sqllab", "allow_run_async", "allow_ctas", "allow_cvas", "allow_dml",
      "allow_csv_upload", "extra", "uuid", "version", "is_managed_externally", "external_url", "ssh_tunnel");
  private static final Set<String> DATABASE_EXTRA_KEYS = Set.of("metadata_params", "engine_params",
      "metadata_cache_timeout", "schemas_allowed_for_csv_upload", "cost_estimate_enabled",
      "allows_virtual_table_explore", "cancel_query_on_windows_unload", "disable_data_preview", "version");
  private static final Set<String> DATASET_KEYS = Set.of("table_name", "main_dttm_col", "description",
      "default_endpoint", "offset", "cache_timeout", "schema", "sql", "params", "template_params",
      "filter_select_enabled", "fetch_values_predicate", "extra", "uuid", "columns", "metrics", "version",
      "database_uuid", "data", "is_managed_externally", "external_url");
  private static final Set<String> COLUMN_KEYS = Set.of("column_name", "extra", "verbose_name", "is_dttm",
      "is_active", "type", "advanced_data_type", "groupby", "filterable", "expression", "description",
      "python_date_format");
  private static final Set<String> METRIC_KEYS = Set.of("metric_name", "verbose_name", "metric_type", "expression",
      "description", "d3format", "currency", "extra", "warning_text");
  private static final Set<String> CHART_KEYS = Set.of("slice_name", "description", "certified_by",
      "certification_details", "viz_type", "params", "query_context", "cache_timeout", "uuid", "version",
      "dataset_uuid", "is_managed_externally", "external_url");
  private static final Set<String> DASHBOARD_KEYS = Set.of("dashboard_title", "description", "css", "slug", "uuid",
      "position", "metadata", "version", "is_managed_externally", "external_url", "certified_by",
      "certification_details", "published");

  /** The report families of issue 5 and the tables a dashboard of each must show. */
  private static final Map<String, List<String>> FAMILIES = Map.of(
      "main indicators per city", List.of("gold.city_daily", "gold.threshold_exceedances"),
      "extreme variations and alerts", List.of("gold.extreme_variations", "quality.alerts"),
      "correlations", List.of("gold.correlations"));

  private static final Map<String, JsonNode> FILES = readBundle();

  // ---- the files --------------------------------------------------------------------------------------------

  @Test
  void everyFileIsAnAssetOfTheExportLayoutWithOnlyKeysSupersetAccepts() {
    JsonNode metadata = FILES.get("metadata.yaml");
    assertThat(metadata).as("metadata.yaml").isNotNull();
    assertThat(metadata.path("version").asText()).isEqualTo("1.0.0");
    assertThat(metadata.path("type").asText()).isEqualTo("Dashboard");
    assertThat(names(metadata)).isSubsetOf("version", "type", "timestamp");

    for (String file : FILES.keySet()) {
      assertThat(file).matches("metadata\\.yaml|databases/[^/]+\\.yaml|datasets/[^/]+/[^/]+\\.yaml"
          + "|charts/[^/]+\\.yaml|dashboards/[^/]+\\.yaml");
    }
    Set<String> uuids = new HashSet<>();
    check(databases(), DATABASE_KEYS, Set.of("database_name", "sqlalchemy_uri", "uuid", "version"), uuids);
    check(datasets(), DATASET_KEYS, Set.of("table_name", "schema", "sql", "columns", "metrics", "uuid",
        "database_uuid", "version"), uuids);
    check(charts(), CHART_KEYS, Set.of("slice_name", "viz_type", "params", "uuid", "dataset_uuid", "version"), uuids);
    check(dashboards(), DASHBOARD_KEYS, Set.of("dashboard_title", "slug", "uuid", "position", "metadata",
        "version"), uuids);
    databases().forEach((file, db) -> assertThat(names(db.path("extra"))).as(file + " extra")
        .isSubsetOf(DATABASE_EXTRA_KEYS));
    datasets().forEach((file, dataset) -> {
      // Superset exports a dataset under datasets/<database file name>/.
      assertThat(file).startsWith("datasets/GoodAir_Lakehouse/");
      for (JsonNode column : dataset.path("columns")) {
        assertThat(names(column)).as(file + " column").contains("column_name", "type", "is_dttm")
            .isSubsetOf(COLUMN_KEYS);
      }
      for (JsonNode metric : dataset.path("metrics")) {
        assertThat(names(metric)).as(file + " metric").contains("metric_name", "expression")
            .isSubsetOf(METRIC_KEYS);
      }
    });
  }

  private static void check(Map<String, JsonNode> assets, Set<String> allowed, Set<String> required,
      Set<String> uuids) {
    assertThat(assets).isNotEmpty();
    assets.forEach((file, asset) -> {
      assertThat(names(asset)).as(file).containsAll(required).isSubsetOf(allowed);
      assertThat(asset.path("version").asText()).as(file + " version").isEqualTo("1.0.0");
      String uuid = asset.path("uuid").asText();
      assertThat(UUID.fromString(uuid).toString()).as(file + " uuid").isEqualTo(uuid);
      assertThat(uuids.add(uuid)).as(file + " has a uuid of its own").isTrue();
    });
  }

  @Test
  void theConnectionIsTheThriftServerWithCustomAuthenticationAndNoPasswordInTheFile() {
    assertThat(databases()).hasSize(1).containsKey("databases/GoodAir_Lakehouse.yaml");
    JsonNode db = databases().get("databases/GoodAir_Lakehouse.yaml");
    assertThat(db.path("database_name").asText()).isEqualTo("GoodAir Lakehouse");
    // Superset's mask as the password: the import asks for the real one (a file with no mask and no password
    // would import a connection that cannot log in).
    assertThat(db.path("sqlalchemy_uri").asText())
        .matches("hive://[A-Za-z0-9._-]+:" + PASSWORD_MASK + "@[A-Za-z0-9._-]+:10000/gold\\?auth=CUSTOM");
    assertThat(names(db)).doesNotContain("password", "encrypted_extra", "masked_encrypted_extra");
    // Analysts read: no DML, no CREATE TABLE/VIEW AS, no uploads from Superset.
    for (String flag : List.of("allow_dml", "allow_ctas", "allow_cvas", "allow_csv_upload")) {
      assertThat(db.path(flag).asBoolean(true)).as(flag).isFalse();
    }
  }

  @Test
  void assetsReferenceEachOtherByUuid() {
    String databaseUuid = databases().values().iterator().next().path("uuid").asText();
    Map<String, JsonNode> datasetsByUuid = byUuid(datasets());
    Map<String, JsonNode> chartsByUuid = byUuid(charts());
    datasets().forEach((file, dataset) ->
        assertThat(dataset.path("database_uuid").asText()).as(file).isEqualTo(databaseUuid));
    charts().forEach((file, chart) ->
        assertThat(datasetsByUuid).as(file + " dataset_uuid").containsKey(chart.path("dataset_uuid").asText()));

    Set<String> placed = new HashSet<>();
    dashboards().forEach((file, dashboard) -> {
      JsonNode position = dashboard.path("position");
      checkLayout(file, position);
      Set<Integer> chartIds = new HashSet<>();
      for (JsonNode item : items(position, "CHART")) {
        JsonNode meta = item.path("meta");
        assertThat(chartsByUuid).as(file + " " + item.path("id")).containsKey(meta.path("uuid").asText());
        // Superset's importer maps chartId to the new id: it must be there, one per chart of the dashboard.
        assertThat(meta.path("chartId").isInt()).as(file + " chartId").isTrue();
        assertThat(chartIds.add(meta.path("chartId").asInt())).as(file + " distinct chartId").isTrue();
        assertThat(meta.path("sliceName").asText())
            .isEqualTo(chartsByUuid.get(meta.path("uuid").asText()).path("slice_name").asText());
        placed.add(meta.path("uuid").asText());
      }
      // Native filters: the target dataset and column exist, and (no chartsInScope: Superset applies a filter to
      // every chart of the dashboard) every chart's dataset has the column.
      for (JsonNode filter : dashboard.path("metadata").path("native_filter_configuration")) {
        assertThat(filter.path("id").asText()).startsWith("NATIVE_FILTER-");
        for (JsonNode target : filter.path("targets")) {
          JsonNode dataset = datasetsByUuid.get(target.path("datasetUuid").asText());
          assertThat(dataset).as(file + " filter dataset").isNotNull();
          String column = target.path("column").path("name").asText();
          for (JsonNode chart : chartsOf(dashboard)) {
            assertThat(columnNames(datasetsByUuid.get(chart.path("dataset_uuid").asText())))
                .as(file + ": " + chart.path("slice_name").asText() + " has the filter column").contains(column);
          }
        }
      }
    });
    assertThat(placed).as("every chart is on a dashboard").isEqualTo(chartsByUuid.keySet());
  }

  /** The grid as Superset's dashboard layout has it: a tree from ROOT_ID, rows at most 12 columns wide. */
  private static void checkLayout(String file, JsonNode position) {
    assertThat(position.path("DASHBOARD_VERSION_KEY").asText()).isEqualTo("v2");
    assertThat(position.path("ROOT_ID").path("type").asText()).isEqualTo("ROOT");
    assertThat(position.path("GRID_ID").path("type").asText()).isEqualTo("GRID");
    position.fields().forEachRemaining(entry -> {
      JsonNode item = entry.getValue();
      if (!item.isObject()) {
        return;
      }
      assertThat(item.path("id").asText()).as(file + " id").isEqualTo(entry.getKey());
      assertThat(item.path("type").asText()).as(file + " " + entry.getKey() + " type").isNotEmpty();
      int width = 0;
      for (JsonNode child : item.path("children")) {
        JsonNode c = position.path(child.asText());
        assertThat(c.isObject()).as(file + ": child " + child.asText() + " exists").isTrue();
        List<String> parents = YAML.convertValue(c.path("parents"), List.class);
        assertThat(parents).as(file + ": parents of " + child.asText()).endsWith(entry.getKey());
        width += c.path("meta").path("width").asInt(0);
      }
      if (item.path("type").asText().equals("ROW")) {
        assertThat(width).as(file + " " + entry.getKey() + " width").isBetween(1, 12);
      }
    });
  }

  @Test
  void eachReportFamilyHasADashboardAndEveryDashboardCreditsWaqiAndOpenWeather() {
    FAMILIES.forEach((family, tables) -> {
      boolean shown = dashboards().values().stream().anyMatch(dashboard -> tables.stream().allMatch(table ->
          chartsOf(dashboard).stream().anyMatch(chart -> reads(datasetOf(chart), table))));
      assertThat(shown).as("a dashboard of the family " + family + " (" + tables + ")").isTrue();
    });
    assertThat(dashboards()).hasSizeGreaterThanOrEqualTo(FAMILIES.size());
    dashboards().forEach((file, dashboard) -> {
      assertThat(chartsOf(dashboard).size()).as(file + " charts").isGreaterThanOrEqualTo(4);
      // WAQI's terms: credit the World Air Quality Index Project and the originating agencies (DOMAIN.md §1);
      // OpenWeather is credited for the weather and concentrations.
      String markdown = items(dashboard.path("position"), "MARKDOWN").stream()
          .map(m -> m.path("meta").path("code").asText()).collect(Collectors.joining("\n"));
      assertThat(markdown).as(file).contains("World Air Quality Index Project", "https://waqi.info/",
          "originating", "OpenWeather", "https://openweathermap.org/");
      assertThat(chartsOf(dashboard)).as(file + ": the agencies WAQI credits per station")
          .anyMatch(chart -> reads(datasetOf(chart), "silver.dim_station"));
    });
  }

  @Test
  void chartsUseOnlyColumnsAndMetricsOfTheirDataset() {
    charts().forEach((file, chart) -> {
      JsonNode dataset = datasetOf(chart);
      JsonNode params = chart.path("params");
      assertThat(params.path("viz_type").asText()).isEqualTo(chart.path("viz_type").asText());
      assertThat(Set.of("echarts_timeseries_line", "echarts_timeseries_bar", "table", "heatmap_v2"))
          .as(file + " viz_type").contains(chart.path("viz_type").asText());
      assertThat(columnNames(dataset)).as(file + " columns").containsAll(columnsUsed(params));
      assertThat(metricNames(dataset)).as(file + " metrics").containsAll(metricsUsed(params));
      assertThat(metricsUsed(params).isEmpty()).as(file + " has metrics or raw columns")
          .isEqualTo(params.path("query_mode").asText().equals("raw"));
    });
  }

  @Test
  void theDatasetSqlIsPlainSparkSqlThatSupersetSendsAsIs() {
    datasets().forEach((file, dataset) -> {
      String sql = dataset.path("sql").asText();
      // No Jinja (Superset would render it, the Thrift server would not understand it); no '%' (SQLAlchemy
      // doubles it for PyHive's pyformat style); one statement, which Superset wraps as a subquery.
      assertThat(sql).as(file).doesNotContain("{{", "{%", "%", ";").containsPattern("(?i)^\\s*SELECT\\b");
      dataset.path("metrics").forEach(m -> assertThat(m.path("expression").asText()).as(file)
          .doesNotContain("{{", "{%", "%"));
      assertThat(dataset.path("schema").asText()).as(file + " schema")
          .isEqualTo(sql.replaceAll("(?s).*\\bFROM\\s+(\\w+)\\.\\w+.*", "$1"));
    });
  }

  // ---- the build script ---------------------------------------------------------------------------------------

  @Test
  void theBuildScriptZipsTheSourcesUnderOneTopLevelFolder(@TempDir Path tmp) throws Exception {
    Path zip = tmp.resolve("bundle.zip");
    Process build = new ProcessBuilder("bash", BUNDLE.resolve("build-bundle.sh").toString(), "--host",
        "sql.goodair.example", "--user", "bi_reader", zip.toString()).redirectErrorStream(true).start();
    String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(build.exitValue()).as(output).isZero();

    Map<String, String> entries = new TreeMap<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (ZipEntry e : file.stream().filter(e -> !e.isDirectory()).toList()) {
        entries.put(e.getName(), new String(file.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries.keySet().stream().map(name -> name.substring(0, name.indexOf('/') + 1)).distinct())
        .containsExactly("goodair_superset/");
    Map<String, String> inBundle = new TreeMap<>();
    entries.forEach((name, text) -> inBundle.put(name.substring("goodair_superset/".length()), text));
    assertThat(inBundle.keySet()).isEqualTo(FILES.keySet());
    inBundle.forEach((name, text) -> {
      String source = read(BUNDLE.resolve(name));
      if (name.startsWith("databases/")) {
        source = source.replace("hive://analyst:", "hive://bi_reader:").replace("@localhost:", "@sql.goodair.example:");
        assertThat(text).contains("hive://bi_reader:" + PASSWORD_MASK + "@sql.goodair.example:10000/gold?auth=CUSTOM");
      }
      assertThat(text).as(name).isEqualTo(source);
    });
  }

  // ---- the SQL on a gold lake -----------------------------------------------------------------------------------

  @Test
  void everyDatasetQueryRunsOnAGoldLakeAndGivesTheColumnsItDeclares() {
    SparkSession spark = GoldLake.spark();
    datasets().forEach((file, dataset) -> {
      StructType schema = spark.sql(dataset.path("sql").asText()).schema();
      Map<String, String> actual = new TreeMap<>();
      for (StructField f : schema.fields()) {
        actual.put(f.name(), f.dataType().sql());
      }
      Map<String, String> declared = new TreeMap<>();
      for (JsonNode c : dataset.path("columns")) {
        declared.put(c.path("column_name").asText(), c.path("type").asText());
        boolean temporal = Set.of("DATE", "TIMESTAMP").contains(c.path("type").asText());
        assertThat(c.path("is_dttm").asBoolean()).as(file + " " + c.path("column_name") + " is_dttm")
            .isEqualTo(temporal);
      }
      assertThat(declared).as(file + ": declared columns and types = the query's").isEqualTo(actual);
      if (!dataset.path("main_dttm_col").isNull()) {
        assertThat(declared.get(dataset.path("main_dttm_col").asText())).as(file + " main_dttm_col")
            .isIn("DATE", "TIMESTAMP");
      }
      // Every saved metric, as Superset aggregates it over the dataset.
      List<String> metrics = new ArrayList<>();
      dataset.path("metrics").forEach(m -> metrics.add(m.path("expression").asText() + " AS `"
          + m.path("metric_name").asText() + "`"));
      spark.sql("SELECT " + String.join(", ", metrics) + " FROM (" + dataset.path("sql").asText()
          + ") AS virtual_table").collectAsList();
    });
  }

  @Test
  void everyChartQueryRunsOnTheGoldLakeAndTheChartsHaveData() {
    SparkSession spark = GoldLake.spark();
    Map<String, Long> rows = new TreeMap<>();
    charts().forEach((file, chart) -> {
      String sql = chartQuery(datasetOf(chart), chart.path("params"));
      rows.put(chart.path("slice_name").asText(), spark.sql(sql).count());
    });
    rows.forEach((chart, n) -> assertThat(n).as(chart).isPositive());
  }

  @Test
  void theAlertsDatasetNamesTheCityOfGoldAlerts() {
    SparkSession spark = GoldLake.spark();
    JsonNode alerts = datasets().get("datasets/GoodAir_Lakehouse/quality_alerts.yaml");
    // Gold's alert keys are <kind>/<city>/...: the dataset must give each open one its city.
    List<org.apache.spark.sql.Row> rows = spark.sql("SELECT alert_key, city_id FROM (" + alerts.path("sql").asText()
        + ") AS virtual_table WHERE status = 'open' AND (alert_key LIKE 'exceedance/%' OR alert_key LIKE 'extreme/%')")
        .collectAsList();
    assertThat(rows).as("open gold alerts on the simulated lake").isNotEmpty();
    rows.forEach(r -> assertThat(r.getString(1)).as(r.getString(0)).isEqualTo(r.getString(0).split("/")[1]));
  }

  /**
   * The query Superset sends for a chart, simplified: the dataset's SQL as {@code virtual_table}, identifiers
   * quoted as PyHive's dialect quotes them, the x axis truncated with HiveEngineSpec's time-grain expression, the
   * chart's filters, saved metrics by their expressions, GROUP BY the dimensions (or the raw columns with their
   * order), LIMIT the row limit.
   */
  private static String chartQuery(JsonNode dataset, JsonNode params) {
    Map<String, String> metricSql = new LinkedHashMap<>();
    dataset.path("metrics").forEach(m -> metricSql.put(m.path("metric_name").asText(), m.path("expression").asText()));
    String from = " FROM (" + dataset.path("sql").asText() + ") AS virtual_table";
    String where = where(params.path("adhoc_filters"));
    String limit = " LIMIT " + params.path("row_limit").asInt(10000);
    if (params.path("query_mode").asText().equals("raw")) {
      List<String> columns = texts(params.path("all_columns")).stream().map(c -> "`" + c + "`").toList();
      List<String> order = new ArrayList<>();
      for (JsonNode o : params.path("order_by_cols")) {
        JsonNode pair = parse(o.asText());
        order.add("`" + pair.get(0).asText() + "`" + (pair.get(1).asBoolean() ? " ASC" : " DESC"));
      }
      return "SELECT " + String.join(", ", columns) + from + where
          + (order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order)) + limit;
    }
    List<String> dimensions = new ArrayList<>();
    if (params.hasNonNull("x_axis")) {
      dimensions.add(grain(params.path("x_axis").asText(), params.path("time_grain_sqla").asText(null),
          temporalColumns(dataset)));
    }
    texts(params.path("groupby")).forEach(g -> dimensions.add("`" + g + "`"));
    List<String> selected = new ArrayList<>(dimensions);
    metricsUsed(params).forEach(m -> selected.add(metricSql.get(m) + " AS `" + m + "`"));
    return "SELECT " + String.join(", ", selected) + from + where
        + (dimensions.isEmpty() ? "" : " GROUP BY " + String.join(", ", dimensions))
        + " ORDER BY 1" + limit;
  }

  /** HiveEngineSpec's expressions for the grains the charts use (superset/db_engine_specs/hive.py). */
  private static String grain(String column, String grain, Set<String> temporal) {
    String col = "`" + column + "`";
    if (grain == null || !temporal.contains(column)) {
      return col;
    }
    return switch (grain) {
      case "P1D" -> "from_unixtime(unix_timestamp(" + col + "), 'yyyy-MM-dd 00:00:00')";
      case "P1M" -> "from_unixtime(unix_timestamp(" + col + "), 'yyyy-MM-01 00:00:00')";
      default -> throw new AssertionError("time grain not covered by this test: " + grain);
    };
  }

  private static String where(JsonNode filters) {
    List<String> conditions = new ArrayList<>();
    for (JsonNode f : filters) {
      assertThat(f.path("clause").asText()).isEqualTo("WHERE");
      if (f.path("expressionType").asText().equals("SQL")) {
        conditions.add("(" + f.path("sqlExpression").asText() + ")");
        continue;
      }
      String col = "`" + f.path("subject").asText() + "`";
      JsonNode value = f.path("comparator");
      switch (f.path("operator").asText()) {
        case "TEMPORAL_RANGE" -> assertThat(value.asText()).isEqualTo("No filter");
        case "==" -> conditions.add(col + " = " + literal(value));
        case "IN" -> {
          List<String> values = new ArrayList<>();
          value.forEach(v -> values.add(literal(v)));
          conditions.add(col + " IN (" + String.join(", ", values) + ")");
        }
        case "IS NOT NULL" -> conditions.add(col + " IS NOT NULL");
        default -> throw new AssertionError("operator not covered by this test: " + f.path("operator"));
      }
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  private static String literal(JsonNode value) {
    return value.isNumber() ? value.asText() : "'" + value.asText().replace("'", "''") + "'";
  }

  // ---- the lake ---------------------------------------------------------------------------------------------------

  /** The shared small gold lake ({@link SimulatedGoldLake}), registered in the test session. */
  private static final class GoldLake {

    static SparkSession spark() {
      SimulatedGoldLake.get();
      return TestLake.spark();
    }
  }

  // ---- reading the bundle -----------------------------------------------------------------------------------------

  private static Map<String, JsonNode> readBundle() {
    assertThat(BUNDLE.resolve("metadata.yaml")).as("the bundle sources").exists();
    Map<String, JsonNode> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(BUNDLE)) {
      for (Path p : paths.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        String name = BUNDLE.relativize(p).toString().replace('\\', '/');
        if (!name.startsWith("target/")) {
          files.put(name, YAML.readTree(p.toFile()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static Map<String, JsonNode> assets(String folder) {
    Map<String, JsonNode> assets = new TreeMap<>();
    FILES.forEach((name, yaml) -> {
      if (name.startsWith(folder + "/")) {
        assets.put(name, yaml);
      }
    });
    return assets;
  }

  private static Map<String, JsonNode> databases() {
    return assets("databases");
  }

  private static Map<String, JsonNode> datasets() {
    return assets("datasets");
  }

  private static Map<String, JsonNode> charts() {
    return assets("charts");
  }

  private static Map<String, JsonNode> dashboards() {
    return assets("dashboards");
  }

  private static Map<String, JsonNode> byUuid(Map<String, JsonNode> assets) {
    Map<String, JsonNode> map = new TreeMap<>();
    assets.values().forEach(a -> map.put(a.path("uuid").asText(), a));
    return map;
  }

  private static JsonNode datasetOf(JsonNode chart) {
    return byUuid(datasets()).get(chart.path("dataset_uuid").asText());
  }

  private static List<JsonNode> chartsOf(JsonNode dashboard) {
    Map<String, JsonNode> charts = byUuid(charts());
    return items(dashboard.path("position"), "CHART").stream()
        .map(item -> charts.get(item.path("meta").path("uuid").asText())).toList();
  }

  private static List<JsonNode> items(JsonNode position, String type) {
    List<JsonNode> items = new ArrayList<>();
    position.forEach(item -> {
      if (item.path("type").asText().equals(type)) {
        items.add(item);
      }
    });
    return items;
  }

  /** Whether the dataset's SQL reads the table (database.table). */
  private static boolean reads(JsonNode dataset, String table) {
    return Pattern.compile("\\bFROM\\s+" + Pattern.quote(table) + "\\b", Pattern.CASE_INSENSITIVE)
        .matcher(dataset.path("sql").asText()).find();
  }

  private static Set<String> columnNames(JsonNode dataset) {
    Set<String> names = new TreeSet<>();
    dataset.path("columns").forEach(c -> names.add(c.path("column_name").asText()));
    return names;
  }

  private static Set<String> temporalColumns(JsonNode dataset) {
    Set<String> names = new TreeSet<>();
    dataset.path("columns").forEach(c -> {
      if (c.path("is_dttm").asBoolean()) {
        names.add(c.path("column_name").asText());
      }
    });
    return names;
  }

  private static Set<String> metricNames(JsonNode dataset) {
    Set<String> names = new TreeSet<>();
    dataset.path("metrics").forEach(m -> names.add(m.path("metric_name").asText()));
    return names;
  }

  /** Columns a chart's params name: axes, dimensions, raw columns, orderings and filter subjects. */
  private static Set<String> columnsUsed(JsonNode params) {
    Set<String> columns = new TreeSet<>();
    if (params.hasNonNull("x_axis")) {
      columns.add(params.path("x_axis").asText());
    }
    columns.addAll(texts(params.path("groupby")));
    columns.addAll(texts(params.path("all_columns")));
    params.path("order_by_cols").forEach(o -> columns.add(parse(o.asText()).get(0).asText()));
    params.path("adhoc_filters").forEach(f -> {
      if (f.path("expressionType").asText().equals("SIMPLE")) {
        columns.add(f.path("subject").asText());
      }
    });
    return columns;
  }

  /** Saved metrics a chart's params name (this bundle uses saved metrics only, by name). */
  private static List<String> metricsUsed(JsonNode params) {
    List<String> metrics = new ArrayList<>(texts(params.path("metrics")));
    for (String single : List.of("metric", "timeseries_limit_metric")) {
      if (params.hasNonNull(single)) {
        metrics.add(params.path(single).asText());
      }
    }
    return metrics.stream().distinct().toList();
  }

  /** A string or a list of strings, as Superset's params hold either. */
  private static List<String> texts(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isTextual() || node.isNumber()) {
      return List.of(node.asText());
    }
    List<String> texts = new ArrayList<>();
    node.forEach(n -> {
      assertThat(n.isValueNode()).as("a name, not an ad-hoc definition: " + n).isTrue();
      texts.add(n.asText());
    });
    return texts;
  }

  private static Set<String> names(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode parse(String json) {
    try {
      return YAML.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
