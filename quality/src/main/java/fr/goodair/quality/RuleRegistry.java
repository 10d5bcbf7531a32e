package fr.goodair.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * The quality rules of every table, read from one YAML file per table: {@code rules/<table>.yaml} on the classpath
 * ({@link #load()}) or in a folder ({@link #load(Path)}, to try rules without rebuilding). Example:
 *
 * <pre>{@code
 * table: silver.weather_observation
 * rules:
 *   - name: humidity_range
 *     kind: range
 *     level: warning
 *     description: Relative humidity is a percentage.
 *     column: humidity_pct
 *     min: 0
 *     max: 100
 * }</pre>
 *
 * <p>Loading validates everything it can without data: kinds, levels, required and unknown parameters, bounds, and
 * the syntax of every SQL fragment (parsed by Spark's SQL parser, no session needed). A bad file fails the load with
 * an {@link InvalidRuleException} whose one-line message names the file and the rule; nothing half-valid is used.
 */
public final class RuleRegistry {

  /** Classpath folder of the registry files. */
  public static final String RESOURCE_FOLDER = "rules";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*");
  private static final Set<String> COMMON = Set.of("name", "kind", "level", "description");
  private static final Map<Rule.Kind, Set<String>> PARAMETERS = Map.of(
      Rule.Kind.NOT_NULL, Set.of("column"),
      Rule.Kind.RANGE, Set.of("column", "min", "max", "where"),
      Rule.Kind.ALLOWED_VALUES, Set.of("column", "values"),
      Rule.Kind.EXPRESSION, Set.of("expression", "detail"),
      Rule.Kind.COMPLETE, Set.of("column", "min"),
      Rule.Kind.UNIQUE, Set.of("columns"),
      Rule.Kind.MAX_REJECTED_SHARE, Set.of("max"),
      Rule.Kind.ROW_COUNT_ANOMALY, Set.of("column", "history_days", "lag_hours", "tolerance"),
      Rule.Kind.FRESHNESS, Set.of("column", "group_by", "max_age_hours"),
      Rule.Kind.ERROR_RATE, Set.of("column", "group_by", "window_hours", "max", "failed_when"));

  private final Map<String, TableRules> tables;

  private RuleRegistry(Map<String, TableRules> tables) {
    this.tables = Collections.unmodifiableMap(new TreeMap<>(tables));
  }

  /** The registry shipped with the code: every {@code rules/*.yaml} resource. */
  public static RuleRegistry load() {
    return load(RuleRegistry.class.getClassLoader());
  }

  /** Every {@code rules/*.yaml} resource of {@code loader}, from a folder or from a jar. */
  static RuleRegistry load(ClassLoader loader) {
    URL folder = loader.getResource(RESOURCE_FOLDER);
    if (folder == null) {
      throw new InvalidRuleException("no '" + RESOURCE_FOLDER + "' folder on the classpath: the quality module's "
          + "resources are missing from this build");
    }
    try {
      URI uri = folder.toURI();
      if ("jar".equals(uri.getScheme())) {
        // Inside a jar the folder is listed through the zip file system; it may already be open in this JVM.
        FileSystem zip;
        boolean opened = false;
        try {
          zip = FileSystems.newFileSystem(uri, Map.of());
          opened = true;
        } catch (FileSystemAlreadyExistsException alreadyOpen) {
          zip = FileSystems.getFileSystem(uri);
        }
        try {
          return read(zip.getPath(RESOURCE_FOLDER), "classpath:");
        } finally {
          if (opened) {
            zip.close();
          }
        }
      }
      return read(Path.of(uri), "classpath:");
    } catch (URISyntaxException | IOException e) {
      throw new InvalidRuleException("cannot list the rules on the classpath (" + folder + "): " + e.getMessage(), e);
    }
  }

  /** Every {@code *.yaml} file of {@code dir}, one per table. */
  public static RuleRegistry load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidRuleException(dir + ": not a folder of rule files");
    }
    return read(dir, "");
  }

  private static RuleRegistry read(Path dir, String prefix) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
    } catch (IOException e) {
      throw new InvalidRuleException(dir + ": cannot list rule files: " + e.getMessage(), e);
    }
    Map<String, TableRules> tables = new LinkedHashMap<>();
    for (Path file : files) {
      String source = prefix.isEmpty() ? file.toString() : prefix + RESOURCE_FOLDER + "/" + file.getFileName();
      TableRules rules;
      try (InputStream in = Files.newInputStream(file)) {
        rules = parse(in, source, file.getFileName().toString().replaceFirst("\\.ya?ml$", ""));
      } catch (IOException e) {
        throw new InvalidRuleException(source + ": cannot read: " + e.getMessage(), e);
      }
      TableRules previous = tables.put(rules.table(), rules);
      if (previous != null) {
        throw new InvalidRuleException(source + ": table " + rules.table() + " already declared by "
            + previous.source());
      }
    }
    return new RuleRegistry(tables);
  }

  /**
   * Parses one registry file. {@code fileStem} must be the table's name without its database, so that finding a
   * table's rules never needs a search.
   */
  static TableRules parse(InputStream yaml, String source, String fileStem) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new InvalidRuleException(source + ": not valid YAML: " + firstLine(e.getMessage()), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRuleException(source + ": expected a mapping with 'table' and 'rules'");
    }
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext();) {
      String key = keys.next();
      if (!key.equals("table") && !key.equals("rules")) {
        throw new InvalidRuleException(source + ": unknown key '" + key + "' (expected 'table' and 'rules')");
      }
    }
    JsonNode tableNode = root.get("table");
    if (tableNode == null || !tableNode.isTextual() || !TABLE.matcher(tableNode.asText()).matches()) {
      throw new InvalidRuleException(source + ": 'table' must name the table as database.table, e.g. "
          + "silver." + fileStem);
    }
    String table = tableNode.asText();
    if (!table.substring(table.indexOf('.') + 1).equals(fileStem)) {
      throw new InvalidRuleException(source + ": declares table " + table + " but the file must then be named "
          + table.substring(table.indexOf('.') + 1) + ".yaml");
    }
    JsonNode rulesNode = root.get("rules");
    if (rulesNode == null || !rulesNode.isArray() || rulesNode.isEmpty()) {
      throw new InvalidRuleException(source + ": 'rules' must be a non-empty list");
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int index = 0;
    for (JsonNode node : rulesNode) {
      index++;
      Rule rule = new RuleReader(source, index, node).read();
      if (!names.add(rule.name())) {
        throw new InvalidRuleException(source + ": rule '" + rule.name() + "' is declared twice");
      }
      rules.add(rule);
    }
    return new TableRules(table, source, rules);
  }

  /** Qualified names of the tables that have rules. */
  public Set<String> tables() {
    return tables.keySet();
  }

  public Optional<TableRules> find(String table) {
    return Optional.ofNullable(tables.get(table));
  }

  /** The rules of {@code table}; fails with the list of known tables when it has none. */
  public TableRules rules(String table) {
    TableRules rules = tables.get(table);
    if (rules == null) {
      throw new IllegalArgumentException("no quality rules for table " + table + " (rules exist for "
          + String.join(", ", tables.keySet()) + ")");
    }
    return rules;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
  }

  /** Reads and validates one rule; every complaint names the file and the rule. */
  private static final class RuleReader {
    private final String source;
    private final JsonNode node;
    private String where;

    RuleReader(String source, int index, JsonNode node) {
      this.source = source;
      this.node = node;
      this.where = "rule #" + index;
    }

    Rule read() {
      if (!node.isObject()) {
        throw fail("expected a mapping with name, kind, level, description and the kind's parameters");
      }
      String name = requiredText("name");
      if (!NAME.matcher(name).matches()) {
        throw fail("name '" + name + "' must be snake_case ([a-z][a-z0-9_]*): quarantine rows and metrics carry it");
      }
      where = "rule '" + name + "'";
      String kindText = requiredText("kind");
      Rule.Kind kind = Rule.Kind.fromYaml(kindText).orElseThrow(
          () -> fail("unknown kind '" + kindText + "' (expected one of " + Rule.Kind.allYaml() + ")"));
      for (Iterator<String> keys = node.fieldNames(); keys.hasNext();) {
        String key = keys.next();
        if (!COMMON.contains(key) && !PARAMETERS.get(kind).contains(key)) {
          throw fail("unknown parameter '" + key + "' for kind " + kind.yaml() + " (allowed: "
              + String.join(", ", new TreeSet<>(PARAMETERS.get(kind))) + ")");
        }
      }
      Level level = level(kind);
      String description = requiredText("description");
      return switch (kind) {
        case NOT_NULL -> new Rule.NotNull(name, level, description, requiredText("column"));
        case RANGE -> range(name, level, description);
        case ALLOWED_VALUES -> new Rule.AllowedValues(name, level, description, requiredText("column"), values());
        case EXPRESSION -> new Rule.Expression(name, level, description, sql("expression", true).orElseThrow(),
            sql("detail", false));
        case COMPLETE -> new Rule.Complete(name, level, description, requiredText("column"),
            share("min", 1.0));
        case UNIQUE -> new Rule.Unique(name, level, description, textList("columns", true));
        case MAX_REJECTED_SHARE -> new Rule.MaxRejectedShare(name, level, description, share("max", null));
        case ROW_COUNT_ANOMALY -> new Rule.RowCountAnomaly(name, level, description, requiredText("column"),
            (int) positive("history_days", 14.0), (int) nonNegative("lag_hours", 1.0), share("tolerance", 0.1));
        case FRESHNESS -> new Rule.Freshness(name, level, description, requiredText("column"),
            textList("group_by", false), positive("max_age_hours", 3.0));
        case ERROR_RATE -> new Rule.ErrorRate(name, level, description, requiredText("column"),
            textList("group_by", false), positive("window_hours", 24.0), share("max", null),
            sql("failed_when", false).orElse("outcome <> 'ok'"));
      };
    }

    private Rule range(String name, Level level, String description) {
      Double min = number("min", null);
      Double max = number("max", null);
      if (min == null && max == null) {
        throw fail("a range needs 'min', 'max' or both");
      }
      if (min != null && max != null && min > max) {
        throw fail("min " + Rule.number(min) + " is above max " + Rule.number(max));
      }
      return new Rule.Range(name, level, description, requiredText("column"), min, max, sql("where", false));
    }

    private Level level(Rule.Kind kind) {
      JsonNode value = node.get("level");
      if (value == null) {
        // Holding a batch back is the point of these two: a duplicate key would break the MERGE, a mass rejection
        // means the upstream format changed.
        return kind == Rule.Kind.UNIQUE || kind == Rule.Kind.MAX_REJECTED_SHARE ? Level.ERROR : Level.WARNING;
      }
      return switch (value.asText()) {
        case "error" -> Level.ERROR;
        case "warning" -> Level.WARNING;
        default -> throw fail("level '" + value.asText() + "' must be error or warning");
      };
    }

    private String requiredText(String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        throw fail("missing parameter '" + key + "'");
      }
      if (!value.isValueNode() || value.asText().isBlank()) {
        throw fail("'" + key + "' must be a non-empty text");
      }
      return value.asText().strip();
    }

    private Optional<String> sql(String key, boolean required) {
      if (!node.has(key) && !required) {
        return Optional.empty();
      }
      String text = requiredText(key);
      try {
        CatalystSqlParser$.MODULE$.parseExpression(text);
      } catch (Exception e) { // ParseException is checked in Java's eyes but undeclared by Scala
        throw fail("'" + key + "' is not a Spark SQL expression: " + firstLine(e.getMessage()));
      }
      return Optional.of(text);
    }

    private Double number(String key, Double fallback) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return fallback;
      }
      if (!value.isNumber()) {
        throw fail("'" + key + "' must be a number, not '" + value.asText() + "'");
      }
      return value.asDouble();
    }

    private double share(String key, Double fallback) {
      Double value = number(key, fallback);
      if (value == null) {
        throw fail("missing parameter '" + key + "'");
      }
      if (value < 0 || value > 1) {
        throw fail("'" + key + "' is a share between 0 and 1, not " + Rule.number(value));
      }
      return value;
    }

    private double positive(String key, double fallback) {
      double value = number(key, fallback);
      if (value <= 0) {
        throw fail("'" + key + "' must be positive, not " + Rule.number(value));
      }
      return value;
    }

    private double nonNegative(String key, double fallback) {
      double value = number(key, fallback);
      if (value < 0) {
        throw fail("'" + key + "' must not be negative, not " + Rule.number(value));
      }
      return value;
    }

    private List<String> textList(String key, boolean required) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        if (required) {
          throw fail("missing parameter '" + key + "'");
        }
        return List.of();
      }
      if (!value.isArray() || (required && value.isEmpty())) {
        throw fail("'" + key + "' must be a list of column names, e.g. [city_id]");
      }
      List<String> items = new ArrayList<>();
      for (JsonNode item : value) {
        if (!item.isTextual() || item.asText().isBlank()) {
          throw fail("'" + key + "' must be a list of column names, e.g. [city_id]");
        }
        items.add(item.asText().strip());
      }
      return items;
    }

    private List<Object> values() {
      JsonNode value = node.get("values");
      if (value == null || value.isNull()) {
        throw fail("missing parameter 'values'");
      }
      if (!value.isArray() || value.isEmpty()) {
        throw fail("'values' must be a non-empty list");
      }
      List<Object> items = new ArrayList<>();
      for (JsonNode item : value) {
        if (item.isNumber()) {
          items.add(item.numberValue());
        } else if (item.isTextual()) {
          items.add(item.asText());
        } else {
          throw fail("'values' may hold texts and numbers only, not " + item);
        }
      }
      return items;
    }

    private InvalidRuleException fail(String problem) {
      return new InvalidRuleException(source + ": " + where + ": " + problem);
    }
  }
}
