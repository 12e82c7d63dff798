package io.wattward.reports;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.i18n.Language;
import io.wattward.i18n.Phrases;
import io.wattward.i18n.Terms;
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

/**
 * Runs a department's monthly report: reads the numbers from ClickHouse, writes into
 * {@code <out>/<department>_<month>/} the HTML with its chart PNGs, the PDF and a PNG of its first
 * page, a CSV per table and the XLSX workbook. Running it again overwrites the same files.
 */
public final class Reporter {

  private final ClickHouseEndpoint endpoint;
  private final Clock clock;
  private final Path cjkFont;
  private final Language language;

  /** In Chinese, the hospital's language (as {@code reports.language} is by default), with the system's CJK font. */
  public Reporter(ClickHouseEndpoint endpoint, Clock clock) {
    this(endpoint, clock, Language.ZH_CN);
  }

  /** With the system's CJK font (see {@link ReportFonts}), if there is one. */
  public Reporter(ClickHouseEndpoint endpoint, Clock clock, Language language) {
    this(endpoint, clock, ReportFonts.find(), language);
  }

  /**
   * @param cjkFont a TrueType font with CJK glyphs for the PDF, or null: then a report with CJK text (every
   *     Chinese one) is refused
   */
  public Reporter(ClickHouseEndpoint endpoint, Clock clock, Path cjkFont, Language language) {
    this.endpoint = endpoint;
    this.clock = clock;
    this.cjkFont = cjkFont;
    this.language = language;
  }

  public ReportFiles run(String departmentId, YearMonth month, Path out) throws SQLException, IOException {
    DepartmentReport report = DepartmentReport.build(endpoint, departmentId, month,
        LocalDate.ofInstant(clock.instant(), DepartmentReport.HOSPITAL_ZONE));
    return render(report, out.resolve(folderName(departmentId, month)));
  }

  /** Writes all files of a report into {@code folder}. */
  public ReportFiles render(DepartmentReport report, Path folder) throws IOException {
    Files.createDirectories(folder);
    Terms terms = Terms.of(language);
    Phrases text = ReportText.of(language);
    Path html = folder.resolve("report.html");
    List<Path> charts = List.copyOf(ReportCharts.write(report, folder, terms, text).values());
    String page = ReportDocument.html(report, charts.stream().map(p -> p.getFileName().toString()).toList(),
        clock.instant(), terms, text);
    Path font = null;
    if (ReportFonts.needsCjk(page)) {
      String chartText = report.name() + " " + ReportCharts.words(report, terms, text) + " "
          + report.rankingPerBed().stream().map(r -> r.name() + " " + r.departmentId()).toList();
      if (cjkFont == null || !ReportFonts.chartsCanDraw(chartText)) {
        throw new IOException("the report of " + report.departmentId() + " (" + report.name() + ") has Chinese text, but "
            + "there is no CJK font: install Debian's fonts-droid-fallback (scripts/infra.sh up does)");
      }
      font = cjkFont;
    }
    Files.writeString(html, page, StandardCharsets.UTF_8);
    Path pdf = folder.resolve("report.pdf");
    ReportDocument.writePdf(html, pdf, font);
    Path png = folder.resolve("report-page1.png");
    int pages = ReportDocument.firstPageToPng(pdf, png, 110);
    List<Path> csv = new ArrayList<>();
    for (ReportTable table : report.tables()) {
      csv.add(TableFiles.writeCsv(table, folder));
    }
    Path xlsx = TableFiles.writeXlsx(report.tables(terms, text), folder.resolve("report.xlsx"));
    return new ReportFiles(report, language, folder, html, pdf, xlsx, csv, charts, png, pages);
  }

  /** {@code PPH/MAIN/CARDIOLOGY} in 2026-11 goes to {@code PPH_MAIN_CARDIOLOGY_2026-11}. */
  static String folderName(String departmentId, YearMonth month) {
    return departmentId.replaceAll("[^A-Za-z0-9-]", "_") + "_" + month;
  }
}
