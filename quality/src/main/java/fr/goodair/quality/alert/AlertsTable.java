package fr.goodair.quality.alert;

import fr.goodair.lake.LakeLayout;
import fr.goodair.lake.LakeTable;
import fr.goodair.quality.Level;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta table {@code quality.alerts}: one row per episode, updated in place by MERGE on {@code alert_id}. It
 * is the alert manager's memory across processes (every CLI call is a new JVM) and the report of what went
 * wrong, when, for how long, and who was told.
 */
public final class AlertsTable {

  /** Catalog name of the table. */
  public static final String NAME = "quality.alerts";

  // No apostrophes in comments: LakeTable.ensure puts this text into SQL as is.
  static final String COLUMNS = String.join(", ",
      "alert_id STRING NOT NULL COMMENT 'random id of the episode'",
      "key STRING NOT NULL COMMENT 'stable identity of the problem, e.g. job/silver'",
      "kind STRING NOT NULL COMMENT 'quality, freshness, error_rate or job_failure'",
      "severity STRING NOT NULL COMMENT 'ERROR or WARNING, latest seen'",
      "summary STRING COMMENT 'one line, latest seen'",
      "detail STRING COMMENT 'a few lines, latest seen'",
      "status STRING NOT NULL COMMENT 'open or recovered'",
      "opened_at TIMESTAMP NOT NULL COMMENT 'first evaluation that saw the problem (UTC)'",
      "last_seen_at TIMESTAMP NOT NULL COMMENT 'last evaluation that still saw it (UTC)'",
      "recovered_at TIMESTAMP COMMENT 'first evaluation that no longer saw it (UTC), null while open'",
      "announced_status STRING COMMENT 'status people were last notified of; differs from status while pending'",
      "last_notified_at TIMESTAMP COMMENT 'last notification attempt (UTC)'",
      "notified_channels ARRAY<STRING> COMMENT 'channels that delivered the last notification'",
      "delivery_status STRING COMMENT 'sent, partial, failed or table_only'",
      "delivery_error STRING COMMENT 'one line per channel that failed'",
      "reopen_count INT NOT NULL COMMENT 'times the problem came back within the cooldown, folded into this row'");

  private static final String SELECT = "SELECT alert_id, `key`, kind, severity, summary, detail, status,"
      + " unix_micros(opened_at), unix_micros(last_seen_at), unix_micros(recovered_at), announced_status,"
      + " unix_micros(last_notified_at), notified_channels, delivery_status, delivery_error, reopen_count FROM "
      + NAME;

  // The MERGE source carries timestamps as epoch microseconds and channels as one string, converted in SQL:
  // plain longs and strings make the rows independent of the session's java8API and array encoder settings.
  private static final StructType UPDATES = new StructType()
      .add("alert_id", DataTypes.StringType, false)
      .add("key", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("severity", DataTypes.StringType, false)
      .add("summary", DataTypes.StringType)
      .add("detail", DataTypes.StringType)
      .add("status", DataTypes.StringType, false)
      .add("opened_us", DataTypes.LongType, false)
      .add("last_seen_us", DataTypes.LongType, false)
      .add("recovered_us", DataTypes.LongType)
      .add("announced_status", DataTypes.StringType)
      .add("notified_us", DataTypes.LongType)
      .add("notified_channels", DataTypes.StringType, false)
      .add("delivery_status", DataTypes.StringType)
      .add("delivery_error", DataTypes.StringType)
      .add("reopen_count", DataTypes.IntegerType, false);

  private final SparkSession spark;

  AlertsTable(SparkSession spark, LakeLayout lake) {
    this.spark = spark;
    definition(lake).ensure(spark);
  }

  /** The table's definition under a lake root, for other tools (reports, SQL server) to register it. */
  public static LakeTable definition(LakeLayout lake) {
    return lake.table(NAME, COLUMNS, "one row per alert episode: what went wrong, when, for how long, who was told");
  }

  /** Open episodes, and episodes recovered at or after {@code since} (candidates for folding). */
  List<AlertEpisode> openOrRecoveredSince(Instant since) {
    return read(" WHERE status = 'open' OR recovered_at >= timestamp_micros(" + micros(since) + ")");
  }

  /** Every episode, oldest first. */
  List<AlertEpisode> all() {
    return read(" ORDER BY opened_at, alert_id");
  }

  /** Inserts new episodes and updates known ones, in one Delta MERGE keyed on {@code alert_id}. */
  void upsert(Collection<AlertEpisode> episodes) {
    if (episodes.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (AlertEpisode e : episodes) {
      rows.add(RowFactory.create(e.alertId(), e.key(), e.kind(), e.severity().name(), e.summary(), e.detail(),
          e.status().label(), micros(e.openedAt()), micros(e.lastSeenAt()), micros(e.recoveredAt()),
          e.announcedStatus() == null ? null : e.announcedStatus().label(), micros(e.lastNotifiedAt()),
          String.join(",", e.notifiedChannels()), e.deliveryStatus(), e.deliveryError(), e.reopenCount()));
    }
    String view = "alert_updates_" + UUID.randomUUID().toString().replace("-", "");
    spark.createDataFrame(rows, UPDATES).createOrReplaceTempView(view);
    try {
      spark.sql("MERGE INTO " + NAME + " AS t USING (SELECT alert_id, `key`, kind, severity, summary, detail,"
          + " status, timestamp_micros(opened_us) AS opened_at, timestamp_micros(last_seen_us) AS last_seen_at,"
          + " timestamp_micros(recovered_us) AS recovered_at, announced_status,"
          + " timestamp_micros(notified_us) AS last_notified_at,"
          + " filter(split(notified_channels, ','), c -> c != '') AS notified_channels,"
          + " delivery_status, delivery_error, reopen_count FROM " + view + ") AS s"
          + " ON t.alert_id = s.alert_id"
          + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  private List<AlertEpisode> read(String rest) {
    List<AlertEpisode> episodes = new ArrayList<>();
    for (Row r : spark.sql(SELECT + rest).collectAsList()) {
      episodes.add(new AlertEpisode(r.getString(0), r.getString(1), r.getString(2), Level.valueOf(r.getString(3)),
          r.getString(4), r.getString(5), AlertStatus.fromLabel(r.getString(6)), instant(r, 7), instant(r, 8),
          instant(r, 9), r.isNullAt(10) ? null : AlertStatus.fromLabel(r.getString(10)), instant(r, 11),
          r.isNullAt(12) ? List.of() : r.getList(12), r.getString(13), r.getString(14), r.getInt(15)));
    }
    return episodes;
  }

  private static Instant instant(Row row, int i) {
    return row.isNullAt(i) ? null : Instant.EPOCH.plus(row.getLong(i), ChronoUnit.MICROS);
  }

  private static Long micros(Instant instant) {
    return instant == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
