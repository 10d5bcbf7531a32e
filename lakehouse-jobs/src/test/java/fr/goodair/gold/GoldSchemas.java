package fr.goodair.gold;

import fr.goodair.lake.LakeLayout;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** What the transform tests compare a result's columns with: the gold table definitions. */
final class GoldSchemas {

  private GoldSchemas() {}

  /** "name TYPE" of each column of {@code rows}, in order. */
  static List<String> columnsAndTypes(Dataset<Row> rows) {
    return columnsAndTypes(rows.schema());
  }

  /** "name TYPE" of each column of gold table {@code table}, in order. */
  static List<String> columnsAndTypesOf(String table) {
    return columnsAndTypes(StructType.fromDDL(GoldTables.all(new LakeLayout("s3a://unused")).stream()
        .filter(t -> t.name().equals(table)).findFirst().orElseThrow().columns()));
  }

  private static List<String> columnsAndTypes(StructType schema) {
    return Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().sql()).toList();
  }
}
