package fr.goodair.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Rows as a plain-text table, columns padded to their widest value, for people reading a terminal. */
final class TextTable {

  private TextTable() {}

  static String render(String[] columns, List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(columns);
    for (Row row : rows) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        Object value = row.get(i);
        line[i] = value == null ? "NULL" : value.toString();
      }
      cells.add(line);
    }
    int[] widths = new int[columns.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      String[] line = cells.get(r);
      for (int i = 0; i < line.length; i++) {
        out.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", line[i]));
      }
      out.append(System.lineSeparator());
      if (r == 0) {
        for (int i = 0; i < widths.length; i++) {
          out.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.append(System.lineSeparator());
      }
    }
    out.append(rows.size()).append(rows.size() == 1 ? " row" : " rows").append(System.lineSeparator());
    return out.toString();
  }
}
