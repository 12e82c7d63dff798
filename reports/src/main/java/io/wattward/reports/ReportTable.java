package io.wattward.reports;

import java.util.List;

/**
 * One table of a report as it is written to CSV, XLSX and HTML: a file-safe name and machine-friendly
 * column names (the CSV's), the sheet name, title and column headings people read (the XLSX's and the
 * HTML's), and rows of cells (String, Double or Long; null for "not applicable").
 */
public record ReportTable(String name, String sheet, String title, List<String> columns, List<String> headings,
    List<List<Object>> rows) {

  public ReportTable {
    if (headings.size() != columns.size()) {
      throw new IllegalArgumentException("table " + name + ": headings " + headings + " do not match columns " + columns);
    }
    rows.forEach(r -> {
      if (r.size() != columns.size()) {
        throw new IllegalArgumentException("table " + name + ": row " + r + " does not match columns " + columns);
      }
    });
  }
}
