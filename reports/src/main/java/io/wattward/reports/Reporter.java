package io.wattward.reports;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a department's monthly report: reads the numbers from ClickHouse, writes into
 * {@code <out>/<department>_<month>/} the HTML with its chart PNGs, the PDF and a PNG of its first
 * page, a CSV per table and the XLSX workbook. Running it again overwrites the same files.
 */
public final class Reporter {

  private final ClickHouseEndpoint endpoint;
  private final Clock clock;
  private final Path cjkFont;

  /** With the system's CJK font (see {@link ReportFonts}), if there is one. */
  public Reporter(ClickHouseEndpoint endpoint, Clock clock) {
    this(endpoint, clock, ReportFonts.find());
  }

  /** @param cjkFont a TrueType font with CJK glyphs for the PDF, or null: then a report with CJK text is refused */
  public Reporter(ClickHouseEndpoint endpoint, Clock clock, Path cjkFont) {
    this.endpoint = endpoint;
    this.clock = clock;
    this.cjkFont = cjkFont;
  }

  public ReportFiles run(String departmentId, YearMonth month, Path out) throws SQLException, IOException {
    DepartmentReport report = DepartmentReport.build(endpoint, departmentId, month,
        LocalDate.ofInstant(clock.instant(), DepartmentReport.HOSPITAL_ZONE));
    return render(report, out.resolve(folderName(departmentId, month)));
  }

  /** Writes all files of a report into {@code folder}. */
  public ReportFiles render(DepartmentReport report, Path folder) throws IOException {
    Files.createDirectories(folder);
    Path html = folder.resolve("report.html");
    Path font = null;
    String text = report.name() + " " + report.departmentId() + " "
        + report.rankingPerBed().stream().map(r -> r.name() + " " + r.departmentId()).toList();
    if (ReportFonts.needsCjk(text)) {
      if (cjkFont == null || !ReportFonts.chartsCanDraw(text)) {
        throw new IOException("the report of " + report.departmentId() + " (" + report.name() + ") has Chinese text, but "
            + "there is no CJK font: install Debian's fonts-droid-fallback (scripts/infra.sh up does)");
      }
      font = cjkFont;
    }
    Map<String, Path> charts = ReportCharts.write(report, folder);
    List<String> chartLinks = charts.values().stream().map(p -> p.getFileName().toString()).toList();
    Files.writeString(html, ReportDocument.html(report, chartLinks, clock.instant()), StandardCharsets.UTF_8);
    Path pdf = folder.resolve("report.pdf");
    ReportDocument.writePdf(html, pdf, font);
    Path page = folder.resolve("report-page1.png");
    int pages = ReportDocument.firstPageToPng(pdf, page, 110);
    List<Path> csv = new ArrayList<>();
    for (ReportTable table : report.tables()) {
      csv.add(TableFiles.writeCsv(table, folder));
    }
    Path xlsx = TableFiles.writeXlsx(report.tables(), folder.resolve("report.xlsx"));
    return new ReportFiles(report, folder, html, pdf, xlsx, csv, List.copyOf(charts.values()), page, pages);
  }

  /** {@code PPH/MAIN/CARDIOLOGY} in 2026-11 goes to {@code PPH_MAIN_CARDIOLOGY_2026-11}. */
  static String folderName(String departmentId, YearMonth month) {
    return departmentId.replaceAll("[^A-Za-z0-9-]", "_") + "_" + month;
  }
}
