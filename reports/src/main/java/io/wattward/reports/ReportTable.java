package io.wattward.reports;

import java.util.List;

/**
 * One table of a report as it is written to CSV, XLSX and HTML: a file-safe name, a title, column
 * names and rows of cells (String, Double or Long; null for "not applicable").
 */
public record ReportTable(String name, String title, List<String> columns, List<List<Object>> rows) {

  public ReportTable {
    rows.forEach(r -> {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("table " + name + ": row " + r + " does not match columns " + columns);
      }
    });
  }
}
