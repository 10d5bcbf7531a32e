package fr.goodair.retention;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import fr.goodair.ingestion.config.GoodairConfig;
import fr.goodair.ingestion.config.InvalidConfigException;
import fr.goodair.lake.Lake;
import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The declared retention policy ({@code retention-policy.yaml}, or the file {@code retention.policy-file} names):
 * how long each zone keeps what. Loading validates it against the lake's tables, so a policy that forgets a table,
 * names one that does not exist, or promises time travel its Delta settings cannot keep, is refused with a message
 * naming the file and the entry.
 *
 * @param bronze hot days and archive years of the raw zone
 * @param delta the Delta history every table keeps
 * @param tables row retention of every silver, gold and quality table, by qualified name, in the lake's order
 * @param reports how long an HTML report is kept
 * @param auditDays days of SQL audit log kept
 */
public record RetentionPolicy(Bronze bronze, DeltaHistory delta, Map<String, TableRule> tables, Keep reports,
    int auditDays) {

  /** Config key naming a policy file that replaces the bundled one. */
  public static final String FILE_KEY = "retention.policy-file";
  static final String BUNDLED = "/retention-policy.yaml";

  /** Raw objects kept as written for {@code hotDays}, archives deleted {@code archiveYears} after their ingest date. */
  public record Bronze(int hotDays, int archiveYears) {}

  /**
   * @param timeTravelDays versions of the last this many days stay readable (the promise)
   * @param deletedFileRetentionDays {@code delta.deletedFileRetentionDuration}, and VACUUM's {@code RETAIN}
   * @param logRetentionDays {@code delta.logRetentionDuration}
   */
  public record DeltaHistory(int timeTravelDays, int deletedFileRetentionDays, int logRetentionDays) {

    public static final String DELETED_FILE_RETENTION = "delta.deletedFileRetentionDuration";
    public static final String LOG_RETENTION = "delta.logRetentionDuration";

    /** The table properties every Delta table of the lake carries, in Delta's interval syntax. */
    public Map<String, String> properties() {
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put(DELETED_FILE_RETENTION, "interval " + deletedFileRetentionDays + " days");
      properties.put(LOG_RETENTION, "interval " + logRetentionDays + " days");
      return properties;
    }
  }

  /**
   * Row retention of one table.
   *
   * @param keep how long rows are kept; null for no row expiry
   * @param timeColumn the TIMESTAMP or DATE column a row's age is read from (null without expiry)
   * @param timeIsDate the time column is a DATE (compared with the cutoff's UTC date)
   * @param keepNewest rows holding this column's greatest value are never deleted (null for none)
   */
  public record TableRule(String table, Keep keep, String timeColumn, boolean timeIsDate, String keepNewest) {

    public boolean expires() {
      return keep != null;
    }
  }

  /** A retention period, in calendar units (a year is a calendar year, leap days included). */
  public record Keep(int amount, ChronoUnit unit) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,5})\\s*(day|week|month|year)s?");

    /** Parses {@code 90 days}, {@code 1 year}…; {@code where} names the entry in error messages. */
    static Keep parse(String text, String where) {
      Matcher m = TEXT.matcher(text == null ? "" : text.strip());
      if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
        throw new IllegalArgumentException(where + ": '" + text + "' is not a retention period (e.g. 90 days, "
            + "6 months, 10 years" + (where.endsWith(".keep") ? ", or forever" : "") + ")");
      }
      ChronoUnit unit = switch (m.group(2)) {
        case "day" -> ChronoUnit.DAYS;
        case "week" -> ChronoUnit.WEEKS;
        case "month" -> ChronoUnit.MONTHS;
        default -> ChronoUnit.YEARS;
      };
      return new Keep(Integer.parseInt(m.group(1)), unit);
    }

    /** What is older than this at {@code now} goes: {@code now} minus the period on the UTC calendar. */
    public Instant cutoff(Instant now) {
      return now.atZone(ZoneOffset.UTC).minus(amount, unit).toInstant();
    }

    /** The period in days, for the entries that must be counted in days (Delta intervals, the audit's day files). */
    int days(String where) {
      return switch (unit) {
        case DAYS -> amount;
        case WEEKS -> amount * 7;
        default -> throw new IllegalArgumentException(where + ": give it in days or weeks, not " + this);
      };
    }

    @Override
    public String toString() {
      String name = unit.toString().toLowerCase(java.util.Locale.ROOT);
      return amount + " " + (amount == 1 ? name.substring(0, name.length() - 1) : name);
    }
  }

  /** The policy the configuration names: {@code retention.policy-file}, else the bundled one. */
  public static RetentionPolicy load(GoodairConfig config) {
    return config.value(FILE_KEY).map(Path::of).map(RetentionPolicy::load).orElseGet(RetentionPolicy::bundled);
  }

  public static RetentionPolicy load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new InvalidConfigException(FILE_KEY + ": cannot read the retention policy " + file + ": " + e);
    }
  }

  public static RetentionPolicy bundled() {
    try (InputStream in = RetentionPolicy.class.getResourceAsStream(BUNDLED)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "retention-policy.yaml (bundled)");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the bundled retention policy", e);
    }
  }

  /** Parses and validates a policy against the lake's tables; {@code source} names it in error messages. */
  public static RetentionPolicy parse(String yaml, String source) {
    PolicyFile file;
    try {
      file = new YAMLMapper().readValue(yaml, PolicyFile.class);
    } catch (JsonProcessingException e) {
      String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new InvalidConfigException("retention policy " + source + at + ": " + e.getOriginalMessage()
          .lines().findFirst().orElse("not valid YAML"));
    }
    try {
      return validate(file);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException("retention policy " + source + ": " + e.getMessage());
    }
  }

  private static RetentionPolicy validate(PolicyFile file) {
    if (file == null) {
      throw new IllegalArgumentException("the file is empty");
    }
    BronzeFile bronzeFile = required(file.bronze(), "bronze");
    Keep hot = Keep.parse(bronzeFile.hot(), "bronze.hot");
    Keep archive = Keep.parse(bronzeFile.archive(), "bronze.archive");
    if (archive.unit() != ChronoUnit.YEARS) {
      throw new IllegalArgumentException("bronze.archive: give it in years, not " + archive);
    }
    Bronze bronze = new Bronze(hot.days("bronze.hot"), archive.amount());
    if (bronze.hotDays() >= 365L * bronze.archiveYears()) {
      throw new IllegalArgumentException("bronze.hot (" + hot + ") must be shorter than bronze.archive (" + archive
          + ")");
    }

    DeltaFile deltaFile = required(file.delta(), "delta");
    DeltaHistory delta = new DeltaHistory(
        Keep.parse(deltaFile.timeTravel(), "delta.time-travel").days("delta.time-travel"),
        Keep.parse(deltaFile.deletedFileRetention(), "delta.deleted-file-retention")
            .days("delta.deleted-file-retention"),
        Keep.parse(deltaFile.logRetention(), "delta.log-retention").days("delta.log-retention"));
    if (delta.deletedFileRetentionDays() < delta.timeTravelDays()) {
      throw new IllegalArgumentException("delta.deleted-file-retention (" + delta.deletedFileRetentionDays()
          + " days) is shorter than the time travel promised (delta.time-travel, " + delta.timeTravelDays()
          + " days): VACUUM would delete files of versions still promised");
    }
    if (delta.logRetentionDays() < delta.timeTravelDays()) {
      throw new IllegalArgumentException("delta.log-retention (" + delta.logRetentionDays()
          + " days) is shorter than the time travel promised (delta.time-travel, " + delta.timeTravelDays()
          + " days): the log of versions still promised would be cleaned up");
    }

    Map<String, LakeTable> known = new LinkedHashMap<>();
    Lake.tables(new LakeLayout("s3a://policy")).forEach(t -> known.put(t.name(), t));
    Map<String, TableFile> declared = new LinkedHashMap<>();
    Map<String, Map<String, TableFile>> zones = new LinkedHashMap<>();
    zones.put("silver", file.silver());
    zones.put("gold", file.gold());
    zones.put("quality", file.quality());
    zones.forEach((zone, entries) -> {
      if (entries != null) {
        entries.forEach((name, rule) -> declared.put(zone + "." + name, rule));
      }
    });
    List<String> unknown = declared.keySet().stream().filter(t -> !known.containsKey(t)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown table(s) " + String.join(", ", unknown) + "; the lake's tables are "
          + String.join(", ", known.keySet()));
    }
    List<String> missing = known.keySet().stream().filter(t -> !declared.containsKey(t)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("no rule for " + String.join(", ", missing) + ": every table needs one "
          + "(keep: forever when its rows never expire)");
    }
    Map<String, TableRule> tables = new LinkedHashMap<>();
    for (LakeTable table : known.values()) {
      tables.put(table.name(), rule(table, declared.get(table.name())));
    }

    Keep reports = Keep.parse(required(file.reports(), "reports").keep(), "reports.keep");
    int auditDays = Keep.parse(required(file.audit(), "audit").keep(), "audit.keep").days("audit.keep");
    if (auditDays > 366) {
      throw new IllegalArgumentException("audit.keep (" + auditDays + " days) is longer than the CNIL's 12 months "
          + "for access logs");
    }
    return new RetentionPolicy(bronze, delta, tables, reports, auditDays);
  }

  private static TableRule rule(LakeTable table, TableFile entry) {
    String where = table.name();
    if (entry == null || entry.keep() == null) {
      throw new IllegalArgumentException(where + ": 'keep' is missing (a period, or forever)");
    }
    StructType schema = StructType.fromDDL(table.columns());
    if (entry.keep().strip().equals("forever")) {
      if (entry.timeColumn() != null || entry.keepNewest() != null) {
        throw new IllegalArgumentException(where + ": keep: forever takes no time-column or keep-newest");
      }
      return new TableRule(table.name(), null, null, false, null);
    }
    Keep keep = Keep.parse(entry.keep(), where + ".keep");
    if (entry.timeColumn() == null) {
      throw new IllegalArgumentException(where + ": 'time-column' is missing (the column a row's age is read from)");
    }
    DataType type = column(schema, entry.timeColumn(), where + ".time-column").dataType();
    if (!type.equals(DataTypes.TimestampType) && !type.equals(DataTypes.DateType)) {
      throw new IllegalArgumentException(where + ".time-column: " + entry.timeColumn() + " is a "
          + type.simpleString() + ", not a timestamp or a date");
    }
    if (entry.keepNewest() != null) {
      column(schema, entry.keepNewest(), where + ".keep-newest");
    }
    return new TableRule(table.name(), keep, entry.timeColumn(), type.equals(DataTypes.DateType),
        entry.keepNewest());
  }

  private static StructField column(StructType schema, String name, String where) {
    for (StructField field : schema.fields()) {
      if (field.name().equals(name)) {
        return field;
      }
    }
    throw new IllegalArgumentException(where + ": the table has no column " + name + " (its columns: "
        + String.join(", ", new TreeSet<>(List.of(schema.fieldNames()))) + ")");
  }

  private static <T> T required(T section, String name) {
    if (section == null) {
      throw new IllegalArgumentException("the section '" + name + "' is missing");
    }
    return section;
  }

  /** The tables whose rows expire, in the lake's order. */
  public List<TableRule> expiringTables() {
    return new ArrayList<>(tables.values().stream().filter(TableRule::expires).toList());
  }

  // The file as written; Jackson refuses keys it does not know (a misspelt key is an error, not a silent default).

  record PolicyFile(BronzeFile bronze, DeltaFile delta, Map<String, TableFile> silver, Map<String, TableFile> gold,
      Map<String, TableFile> quality, KeepFile reports, KeepFile audit) {}

  record BronzeFile(String hot, String archive) {}

  record DeltaFile(@JsonProperty("time-travel") String timeTravel,
      @JsonProperty("deleted-file-retention") String deletedFileRetention,
      @JsonProperty("log-retention") String logRetention) {}

  record TableFile(String keep, @JsonProperty("time-column") String timeColumn,
      @JsonProperty("keep-newest") String keepNewest) {}

  record KeepFile(String keep) {}
}
