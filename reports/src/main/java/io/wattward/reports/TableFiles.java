package io.wattward.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The report's tables for further work: one CSV per table (machine-friendly column names and codes,
 * plain numbers, a dot as decimal separator, empty for "not applicable") and one XLSX workbook with a
 * sheet per table (sheet names and headings in the report's language).
 */
final class TableFiles {

  private TableFiles() {}

  static Path writeCsv(ReportTable table, Path dir) throws IOException {
    Path file = dir.resolve(table.name() + ".csv");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
         CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder()
             .setHeader(table.columns().toArray(String[]::new)).setRecordSeparator("\n").build())) {
      for (List<Object> row : table.rows()) {
        csv.printRecord(row.stream().map(c -> c == null ? "" : c).toList());
      }
    }
    return file;
  }

  static Path writeXlsx(List<ReportTable> tables, Path file) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
      CellStyle header = book.createCellStyle();
      Font bold = book.createFont();
      bold.setBold(true);
      header.setFont(bold);
      for (ReportTable table : tables) {
        Sheet sheet = book.createSheet(table.sheet());
        Row head = sheet.createRow(0);
        for (int c = 0; c < table.columns().size(); c++) {
          Cell cell = head.createCell(c);
          cell.setCellValue(table.headings().get(c));
          cell.setCellStyle(header);
        }
        for (int r = 0; r < table.rows().size(); r++) {
          Row row = sheet.createRow(r + 1);
          List<Object> values = table.rows().get(r);
          for (int c = 0; c < values.size(); c++) {
            Object v = values.get(c);
            if (v instanceof Number n) {
              row.createCell(c).setCellValue(n.doubleValue());
            } else if (v != null) {
              row.createCell(c).setCellValue(v.toString());
            }
          }
        }
        for (int c = 0; c < table.columns().size(); c++) {
          sheet.setColumnWidth(c, Math.max(10, displayWidth(table.headings().get(c)) + 2) * 256);
        }
        sheet.createFreezePane(0, 1);
      }
      book.write(out);
    }
    return file;
  }

  /** Characters wide, counting a CJK character as two (as spreadsheets draw them). */
  private static int displayWidth(String heading) {
    return heading.codePoints().map(c -> c >= 0x2E80 ? 2 : 1).sum();
  }
}
