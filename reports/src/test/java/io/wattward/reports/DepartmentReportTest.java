package io.wattward.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.i18n.Language;
import io.wattward.testing.LocalInfra;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.awt.image.BufferedImage;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The report of Cardiology for November 2026 against a real ClickHouse holding a month small enough
 * to check by hand:
 *
 * <ul>
 *   <li>electricity 30 local days x (40 kWh lighting + 60 kWh HVAC) = 3,000 kWh, 0.80 CNY and 0.5 kg
 *       CO2 per kWh: 2,400 CNY, 1,500 kg; a superseded row (999 kWh, lower version) and December 1st
 *       (1,000 kWh, 16:00 UTC of November 30th) must not count;</li>
 *   <li>October 25 days x 100 = 2,500 kWh: month over month +20 %; November 2025 30 x 125 = 3,750 kWh:
 *       year over year -20 %;</li>
 *   <li>quota 3,600 kWh: 83.33 % used; water 15 days x 10 m3 = 150 m3 at 5 CNY, quota 400 m3: 37.5 %.
 *       The report runs on December 1st, so the month is over and projects to its totals. Run on
 *       November 16th (15 days elapsed), electricity takes the tracker's latest projection, 3,000 kWh
 *       (an earlier one said 3,100), and water, without tracker status, 150 / 15 x 30 = 300 m3 = 75 %;</li>
 *   <li>60 beds, 1,500 m2: 50 kWh/bed, 2 kWh/m2; Oncology 3,000 kWh / 40 beds = 75 kWh/bed and
 *       3,000 m2 = 1 kWh/m2, Radiology no beds, 1,500 kWh / 500 m2 = 3 kWh/m2: rank 2 of 2 per bed,
 *       2 of 3 per m2;</li>
 *   <li>business volume 30 days x 50 outpatient visits and 55 bed-days: 2 kWh per visit, 1.82 per
 *       bed-day, 0.1 and 0.09 m3 of water; Oncology 1,000 visits and 1,200 bed-days: 3 and 2.5 kWh, so
 *       rank 2 of 2 for electricity and 1 of 1 for water;</li>
 *   <li>one anomaly in the month (its latest version: 120 kWh, 96 CNY), one the evening before the
 *       month (local time) and one of another department, both left out.</li>
 * </ul>
 *
 * <p>The report is written in English (the tests of its numbers read it), and again in Chinese, the
 * hospital's default, under the department's Chinese name 心内科.
 */
class DepartmentReportTest {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String CARDIOLOGY = "PPH/MAIN/CARDIOLOGY";
  private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
  private static final Path OUT = Paths.get("target", "report-test");

  private static ClickHouseEndpoint endpoint;
  private static ReportFiles files;
  private static ReportFiles chinese;

  @BeforeAll
  static void fillAndRun() throws Exception {
    endpoint = LocalInfra.get().newDatabase("reports");
    List<String> energy = new ArrayList<>();
    for (int day = 1; day <= 30; day++) {
      LocalDate d = LocalDate.of(2026, 11, day);
      energy.add(energyRow(CARDIOLOGY, "ELECTRICITY", "01A00", d, 40, "kWh", 32, 20, 4.92, 2));
      energy.add(energyRow(CARDIOLOGY, "ELECTRICITY", "01B00", d, 60, "kWh", 48, 30, 7.38, 1));
    }
    energy.add(energyRow(CARDIOLOGY, "ELECTRICITY", "01A00", LocalDate.of(2026, 11, 1), 999, "kWh", 999, 999, 99, 1));
    energy.add(energyRow(CARDIOLOGY, "ELECTRICITY", "01A00", LocalDate.of(2026, 12, 1), 1000, "kWh", 800, 500, 123, 1));
    for (int day = 1; day <= 25; day++) {
      energy.add(energyRow(CARDIOLOGY, "ELECTRICITY", "01A00", LocalDate.of(2026, 10, day), 100, "kWh", 80, 50, 12.3, 1));
    }
    for (int day = 1; day <= 30; day++) {
      energy.add(energyRow(CARDIOLOGY, "ELECTRICITY", "01A00", LocalDate.of(2025, 11, day), 125, "kWh", 100, 62.5, 15, 1));
    }
    for (int day = 1; day <= 15; day++) {
      energy.add(energyRow(CARDIOLOGY, "WATER", "", LocalDate.of(2026, 11, day), 10, "m3", 5, 0, 0, 1));
    }
    energy.add(energyRow("PPH/MAIN/ONCOLOGY", "ELECTRICITY", "01A00", LocalDate.of(2026, 11, 10), 3000, "kWh", 2400, 1500, 369, 1));
    energy.add(energyRow("PPH/MAIN/RADIOLOGY", "ELECTRICITY", "01A00", LocalDate.of(2026, 11, 10), 1500, "kWh", 1200, 750, 184.5, 1));

    execute("INSERT INTO node_energy_1d (hierarchy, node_level, node_id, building, energy_type, sub_item_code,"
        + " window_start, consumption, unit, peak_demand_kw, meters_expected, meter_minutes, coverage_pct, tce_kg,"
        + " co2_kg, cost_cny, version) VALUES " + String.join(", ", energy));
    execute("INSERT INTO node_info (node_level, node_id, name, beds, area_m2, people, version) VALUES"
        + " ('department', 'PPH/MAIN/CARDIOLOGY', 'Cardiology', 60, 1500, 0, 1),"
        + " ('department', 'PPH/MAIN/ONCOLOGY', 'Oncology', 40, 3000, 0, 1),"
        + " ('department', 'PPH/MAIN/RADIOLOGY', 'Radiology', 0, 500, 0, 1)");
    execute("INSERT INTO kpi_quotas (department_id, energy_type, period, quota, unit, basis, per_basis, version) VALUES"
        + " ('PPH/MAIN/CARDIOLOGY', 'ELECTRICITY', '2026-11', 1000, 'kWh', 'total', 1000, 0),"
        + " ('PPH/MAIN/CARDIOLOGY', 'ELECTRICITY', '2026-11', 3600, 'kWh', 'total', 3600, 1),"
        + " ('PPH/MAIN/CARDIOLOGY', 'ELECTRICITY', '2026', 40000, 'kWh', 'total', 40000, 1),"
        + " ('PPH/MAIN/CARDIOLOGY', 'WATER', '2026-11', 400, 'm3', 'total', 400, 1)");
    execute("INSERT INTO kpi_status (department_id, energy_type, period, as_of, to_date, projected, quota, unit,"
        + " used_pct, projected_pct, status) VALUES"
        + " ('PPH/MAIN/CARDIOLOGY', 'ELECTRICITY', '2026-11', '2026-11-20 00:00:00', 2000, 3100, 3600, 'kWh', 55.56, 86.11, 'WARNING'),"
        + " ('PPH/MAIN/CARDIOLOGY', 'ELECTRICITY', '2026-11', '2026-11-30 15:00:00', 3000, 3000, 3600, 'kWh', 83.33, 83.33, 'OK')");
    execute("INSERT INTO anomalies (anomaly_id, kind, status, severity, node_level, node_id, building, energy_type,"
        + " subject, started_at, updated_at, ended_at, expected, actual, peak_deviation_pct, excess_energy, unit,"
        + " excess_cost_cny, detail, version) VALUES"
        + " ('a1', 'BASE_LOAD', 'OPEN', 'WARNING', 'department', 'PPH/MAIN/CARDIOLOGY', '', 'ELECTRICITY', 'night base load',"
        + "  '2026-11-12 18:00:00', '2026-11-12 20:00:00', NULL, 2, 4, 100, 80, 'kWh', 64, 'night base load high', 1),"
        + " ('a1', 'BASE_LOAD', 'RESOLVED', 'WARNING', 'department', 'PPH/MAIN/CARDIOLOGY', '', 'ELECTRICITY', 'night base load',"
        + "  '2026-11-12 18:00:00', '2026-11-13 02:00:00', '2026-11-13 02:00:00', 2, 4, 100, 120, 'kWh', 96, 'night base load high', 2),"
        + " ('a2', 'SPIKE', 'RESOLVED', 'CRITICAL', 'department', 'PPH/MAIN/CARDIOLOGY', '', 'ELECTRICITY', 'spike',"
        + "  '2026-10-31 15:00:00', '2026-10-31 15:30:00', '2026-10-31 15:30:00', 2, 9, 350, 5, 'kWh', 4, 'October', 1),"
        + " ('a3', 'SPIKE', 'RESOLVED', 'CRITICAL', 'department', 'PPH/MAIN/ONCOLOGY', '', 'ELECTRICITY', 'spike',"
        + "  '2026-11-05 03:00:00', '2026-11-05 04:00:00', '2026-11-05 04:00:00', 2, 9, 350, 5, 'kWh', 4, 'other department', 1)");

    List<String> volume = new ArrayList<>();
    for (int day = 1; day <= 30; day++) {
      volume.add(String.format("('%s', '2026-11-%02d', 50, 55, '2026-10-31 00:00:00', 'test', 1)", CARDIOLOGY, day));
    }
    volume.add("('PPH/MAIN/ONCOLOGY', '2026-11-10', 1000, 1200, '2026-10-31 00:00:00', 'test', 1)");
    volume.add("('PPH/MAIN/CARDIOLOGY', '2026-12-01', 999, 999, '2026-10-31 00:00:00', 'test', 1)");
    execute("INSERT INTO business_volume (node_id, day, outpatient_visits, inpatient_bed_days, published_at, source,"
        + " version) VALUES " + String.join(", ", volume));

    Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    files = new Reporter(endpoint, clock, Language.EN).run(CARDIOLOGY, NOVEMBER, OUT);
    // the same numbers under the department's Chinese name, in the hospital's default language
    DepartmentReport r = files.report();
    chinese = new Reporter(endpoint, clock, Language.ZH_CN).render(new DepartmentReport(r.departmentId(), "心内科",
        r.month(), r.beds(), r.areaM2(), r.energy(), r.daily(), r.intensity(), r.rankingPerBed(), r.anomalies()),
        OUT.resolve("zh-CN"));
  }

  /** A department's row of a local day: the window starts at 16:00 UTC of the day before. */
  private static String energyRow(String node, String type, String subItem, LocalDate localDay, double consumption,
      String unit, double cost, double co2, double tce, int version) {
    return String.format(java.util.Locale.ROOT,
        "('spatial', 'department', '%s', '', '%s', '%s', '%s 16:00:00', %s, '%s', 0, 1, 1440, 100, %s, %s, %s, %d)",
        node, type, subItem, localDay.minusDays(1), consumption, unit, tce, co2, cost, version);
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = endpoint.open(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static Map<String, CSVRecord> csvBy(String table, String keyColumn) throws IOException {
    try (Reader r = Files.newBufferedReader(files.folder().resolve(table + ".csv"), StandardCharsets.UTF_8)) {
      Map<String, CSVRecord> rows = new HashMap<>();
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        rows.put(rec.get(keyColumn), rec);
      }
      return rows;
    }
  }

  private static double num(CSVRecord rec, String column) {
    return Double.parseDouble(rec.get(column));
  }

  @Test
  void consumptionCsvMatchesTheHandComputedMonth() throws IOException {
    Map<String, CSVRecord> rows = csvBy("consumption", "energy_type");
    assertThat(rows).containsOnlyKeys("ELECTRICITY", "WATER");

    CSVRecord e = rows.get("ELECTRICITY");
    assertThat(e.get("unit")).isEqualTo("kWh");
    assertThat(num(e, "consumption")).isEqualTo(3000.0);
    assertThat(num(e, "quota")).isEqualTo(3600.0);
    assertThat(num(e, "used_pct")).isEqualTo(83.33);
    assertThat(num(e, "projected")).isEqualTo(3000.0);
    assertThat(num(e, "projected_pct")).isEqualTo(83.33);
    assertThat(e.get("status")).isEqualTo("OK");
    assertThat(num(e, "previous_month")).isEqualTo(2500.0);
    assertThat(num(e, "mom_pct")).isEqualTo(20.0);
    assertThat(num(e, "last_year")).isEqualTo(3750.0);
    assertThat(num(e, "yoy_pct")).isEqualTo(-20.0);
    assertThat(num(e, "cost_cny")).isEqualTo(2400.0);
    assertThat(num(e, "co2_kg")).isEqualTo(1500.0);
    assertThat(num(e, "tce_kg")).isEqualTo(369.0);

    CSVRecord w = rows.get("WATER");
    assertThat(num(w, "consumption")).isEqualTo(150.0);
    assertThat(num(w, "used_pct")).isEqualTo(37.5);
    assertThat(num(w, "projected")).as("a finished month projects to its total").isEqualTo(150.0);
    assertThat(num(w, "projected_pct")).isEqualTo(37.5);
    assertThat(w.get("status")).isEmpty();
    assertThat(w.get("mom_pct")).as("no water in October: no month-over-month change").isEmpty();
    assertThat(num(w, "cost_cny")).isEqualTo(75.0);

    assertThat(files.report().totalCostCny()).isEqualTo(2475.0);
    assertThat(files.report().totalCo2Kg()).isEqualTo(1500.0);
  }

  @Test
  void inARunningMonthTheProjectionIsTheTrackersLatestOrTheDailyAverageCarriedOver() throws Exception {
    DepartmentReport midMonth = DepartmentReport.build(endpoint, CARDIOLOGY, NOVEMBER, LocalDate.of(2026, 11, 16));
    assertThat(midMonth.line("ELECTRICITY").projected()).isEqualTo(3000.0);
    assertThat(midMonth.line("ELECTRICITY").status()).isEqualTo("OK");
    assertThat(midMonth.line("WATER").projected()).isEqualTo(300.0);
    assertThat(midMonth.line("WATER").projectedPct()).isEqualTo(75.0);
  }

  @Test
  void intensityCsvDividesByBedsAndAreaAndRanksAmongDepartments() throws IOException {
    Map<String, CSVRecord> rows = csvBy("intensity", "metric");
    CSVRecord perBed = rows.get("electricity per bed");
    assertThat(num(perBed, "value")).isEqualTo(50.0);
    assertThat(perBed.get("rank")).isEqualTo("2");
    assertThat(perBed.get("of")).isEqualTo("2");
    CSVRecord perM2 = rows.get("electricity per m2");
    assertThat(num(perM2, "value")).isEqualTo(2.0);
    assertThat(perM2.get("rank")).isEqualTo("2");
    assertThat(perM2.get("of")).isEqualTo("3");
    // 30 days x 50 visits and 55 bed-days: 3,000 kWh / 1,500 = 2 kWh per visit (Oncology 3,000 / 1,000 = 3),
    // / 1,650 = 1.82 per bed-day (Oncology 2.5); water 150 m3 / 1,500 = 0.1, / 1,650 = 0.09, no one else
    assertThat(num(rows.get("electricity per outpatient visit"), "value")).isEqualTo(2.0);
    assertThat(rows.get("electricity per outpatient visit").get("unit")).isEqualTo("kWh/visit");
    assertThat(rows.get("electricity per outpatient visit").get("rank")).isEqualTo("2");
    assertThat(rows.get("electricity per outpatient visit").get("of")).isEqualTo("2");
    assertThat(num(rows.get("electricity per inpatient bed-day"), "value")).isEqualTo(1.82);
    assertThat(rows.get("electricity per inpatient bed-day").get("rank")).isEqualTo("2");
    assertThat(num(rows.get("water per outpatient visit"), "value")).isEqualTo(0.1);
    assertThat(rows.get("water per outpatient visit").get("of")).isEqualTo("1");
    assertThat(num(rows.get("water per inpatient bed-day"), "value")).isEqualTo(0.09);
    assertThat(rows).hasSize(6);
  }

  @Test
  void dailyCsvHasEveryLocalDayOfTheMonthOnly() throws IOException {
    List<CSVRecord> electricity = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(files.folder().resolve("daily.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
        if (rec.get("energy_type").equals("ELECTRICITY")) {
          electricity.add(rec);
        }
      }
    }
    assertThat(electricity).hasSize(30);
    assertThat(electricity.get(0).get("day")).isEqualTo("2026-11-01");
    assertThat(electricity.get(29).get("day")).isEqualTo("2026-11-30");
    assertThat(electricity).allSatisfy(rec -> assertThat(num(rec, "consumption")).isEqualTo(100.0));
  }

  @Test
  void anomaliesCsvHoldsTheLatestVersionOfTheMonthsAnomaliesOfTheDepartment() throws IOException {
    Map<String, CSVRecord> rows = csvBy("anomalies", "kind");
    assertThat(rows).containsOnlyKeys("BASE_LOAD");
    CSVRecord a = rows.get("BASE_LOAD");
    assertThat(a.get("started")).isEqualTo("2026-11-13 02:00:00"); // local time
    assertThat(a.get("ended")).isEqualTo("2026-11-13 10:00:00");
    assertThat(num(a, "excess")).isEqualTo(120.0);
    assertThat(num(a, "excess_cost_cny")).isEqualTo(96.0);
  }

  @Test
  void xlsxHasASheetPerTableWithTheSameNumbers() throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook(new FileInputStream(files.xlsx().toFile()))) {
      assertThat(book.getNumberOfSheets()).isEqualTo(4);
      Sheet consumption = book.getSheet("consumption");
      Row header = consumption.getRow(0);
      Row electricity = consumption.getRow(1);
      assertThat(electricity.getCell(0).getStringCellValue()).isEqualTo("ELECTRICITY");
      assertThat(header.getCell(2).getStringCellValue()).isEqualTo("consumption");
      assertThat(electricity.getCell(2).getNumericCellValue()).isEqualTo(3000.0);
      assertThat(header.getCell(9).getStringCellValue()).isEqualTo("mom_pct");
      assertThat(electricity.getCell(9).getNumericCellValue()).isEqualTo(20.0);
      assertThat(book.getSheet("daily").getLastRowNum()).isEqualTo(30 + 15);
    }
  }

  @Test
  void htmlShowsItsChartsAndTheChartsAreValidImages() throws IOException {
    String html = Files.readString(files.html());
    assertThat(files.charts()).hasSize(3);
    for (Path chart : files.charts()) {
      assertThat(html).contains("src=\"" + chart.getFileName() + "\"");
      BufferedImage image = ImageIO.read(chart.toFile());
      assertThat(image).as(chart + " is a PNG").isNotNull();
      assertThat(image.getWidth()).isEqualTo(ReportCharts.WIDTH);
      assertThat(image.getHeight()).isEqualTo(ReportCharts.HEIGHT);
    }
    assertThat(html).contains("Cardiology: energy report 2026-11", "3,000 kWh", "2,475 CNY", "+20 %");
  }

  @Test
  void pdfHasPagesAndItsFirstPageRendersToAnImage() throws IOException {
    assertThat(Files.size(files.pdf())).isGreaterThan(10_000); // with its three chart images
    assertThat(files.pdfPages()).isGreaterThanOrEqualTo(1);
    BufferedImage page = ImageIO.read(files.firstPagePng().toFile());
    assertThat(page).isNotNull();
    assertThat(page.getHeight()).isGreaterThan(page.getWidth()); // A4 portrait
  }

  @Test
  void aChineseDepartmentNameIsWrittenWithTheCjkFontOrRefusedWithoutOne() throws Exception {
    // Neurology under its Chinese name, no beds or area (so the other reports' rankings stay as they are)
    execute("INSERT INTO node_info (node_level, node_id, name, beds, area_m2, people, version) VALUES"
        + " ('department', 'PPH/MAIN/NEUROLOGY', '神经内科', 0, 0, 0, 1)");
    execute("INSERT INTO node_energy_1d (hierarchy, node_level, node_id, building, energy_type, sub_item_code,"
        + " window_start, consumption, unit, peak_demand_kw, meters_expected, meter_minutes, coverage_pct, tce_kg,"
        + " co2_kg, cost_cny, version) VALUES "
        + energyRow("PPH/MAIN/NEUROLOGY", "ELECTRICITY", "01A00", LocalDate.of(2026, 11, 3), 700, "kWh", 560, 350, 86, 1));
    Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    Path font = ReportFonts.find();
    assertThat(font).as("a CJK font (scripts/infra.sh up installs fonts-droid-fallback)").isNotNull();
    assertThat(ReportFonts.chartsCanDraw("神经内科 Oncology 2026-11")).as("the charts' sans-serif finds it").isTrue();

    ReportFiles neurology = new Reporter(endpoint, clock, font, Language.EN).run("PPH/MAIN/NEUROLOGY", NOVEMBER, OUT);

    try (org.apache.pdfbox.pdmodel.PDDocument pdf = org.apache.pdfbox.pdmodel.PDDocument.load(neurology.pdf().toFile())) {
      String text = new org.apache.pdfbox.text.PDFTextStripper().getText(pdf);
      assertThat(text).contains("神经内科").contains("700");
      List<String> fonts = new ArrayList<>();
      for (var page : pdf.getPages()) {
        for (var name : page.getResources().getFontNames()) {
          fonts.add(page.getResources().getFont(name).getName());
        }
      }
      assertThat(fonts).as("the CJK font is embedded").anyMatch(f -> f.contains("Droid") || f.contains("Noto")
          || f.contains("WenQuanYi") || f.contains("Micro"));
    }
    assertThatThrownBy(() -> new Reporter(endpoint, clock, null, Language.EN).run("PPH/MAIN/NEUROLOGY", NOVEMBER,
        OUT.resolve("no-font"))).hasMessageContaining("神经内科").hasMessageContaining("no CJK font")
        .hasMessageContaining("fonts-droid-fallback");
  }

  @Test
  void emailArrivesWithThePdfAndXlsxAttached() throws Exception {
    SmtpSettings smtp = new SmtpSettings("127.0.0.1", SMTP.getSmtp().getPort(), "reports@hospital.test", null, null,
        false);
    ReportDelivery.byEmail(files, smtp, List.of("head.cardiology@hospital.test"));

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("Energy report Cardiology 2026-11");
    Multipart parts = (Multipart) received[0].getContent();
    List<String> attachments = new ArrayList<>();
    String body = null;
    for (int i = 0; i < parts.getCount(); i++) {
      Part p = parts.getBodyPart(i);
      if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || p.getFileName() != null) {
        attachments.add(p.getFileName() + " " + p.getContentType().split(";")[0]);
        if (p.getFileName().endsWith(".pdf")) {
          assertThat(p.getInputStream().readAllBytes()).hasSize((int) Files.size(files.pdf()));
        }
      } else {
        body = (String) p.getContent();
      }
    }
    assertThat(attachments).containsExactlyInAnyOrder(
        "PPH_MAIN_CARDIOLOGY_2026-11.pdf application/pdf",
        "PPH_MAIN_CARDIOLOGY_2026-11.xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assertThat(body).contains("3,000.00 kWh", "83.33 % of quota", "Cost 2,475.00 CNY", "1 anomalies");
  }

  @Test
  void chinesePdfReadsInChineseWithTheSameNumbers() throws IOException {
    try (PDDocument pdf = PDDocument.load(chinese.pdf().toFile())) {
      // Droid Sans Fallback maps 年 to the same glyph as its compatibility twin U+F98E, which the PDF's
      // text layer then names; NFC folds it back (canonical equivalence: both are 年 to a reader)
      String text = Normalizer.normalize(new PDFTextStripper().getText(pdf), Normalizer.Form.NFC);
      assertThat(text).contains("心内科 2026年11月 能耗月报", "床位 60 张", "建筑面积 1,500 m²", "生成于 2026年12月1日 08:00");
      // the figures: 3,000 kWh, 83.33 % of the 3,600 kWh quota, +20 % on October's 2,500, 2,475 CNY, 1,500 kg CO2
      assertThat(text).contains("用电量", "3,000 kWh", "83.33%（83.33%）", "环比上月", "+20%", "2,475 元", "1,500 kgCO₂");
      assertThat(text).contains("分能源用量与定额", "能源类型", "电", "水", "m³", "正常", "每床电耗", "kWh/床",
          "逐日用量", "2026年11月1日", "本月异常", "警告");
      assertThat(text).doesNotContain("ELECTRICITY", "energy report");
    }
  }

  @Test
  void chineseWorkbookHasChineseSheetsAndHeadingsWhileTheCsvStaysMachineFriendly() throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook(new FileInputStream(chinese.xlsx().toFile()))) {
      assertThat(List.of(book.getSheetName(0), book.getSheetName(1), book.getSheetName(2), book.getSheetName(3)))
          .containsExactly("分能源用量", "能耗强度与排名", "逐日用量", "异常");
      Row header = book.getSheet("分能源用量").getRow(0);
      Row electricity = book.getSheet("分能源用量").getRow(1);
      assertThat(header.getCell(0).getStringCellValue()).isEqualTo("能源类型");
      assertThat(header.getCell(2).getStringCellValue()).isEqualTo("用量");
      assertThat(header.getCell(9).getStringCellValue()).isEqualTo("环比（%）");
      assertThat(electricity.getCell(0).getStringCellValue()).isEqualTo("电");
      assertThat(electricity.getCell(2).getNumericCellValue()).isEqualTo(3000.0);
      assertThat(electricity.getCell(9).getNumericCellValue()).isEqualTo(20.0);
    }
    for (String table : List.of("consumption", "intensity", "daily", "anomalies")) {
      assertThat(Files.readString(chinese.folder().resolve(table + ".csv")))
          .as(table + ".csv is the same in both languages")
          .isEqualTo(Files.readString(files.folder().resolve(table + ".csv")));
    }
    assertThat(Files.readAllLines(chinese.folder().resolve("consumption.csv")).get(0)).isEqualTo(
        "energy_type,unit,consumption,quota,used_pct,projected,projected_pct,status,previous_month,mom_pct,"
            + "last_year,yoy_pct,cost_cny,co2_kg,tce_kg");
  }

  @Test
  void chineseEmailHasAChineseSubjectAndSummary() throws Exception {
    SmtpSettings smtp = new SmtpSettings("127.0.0.1", SMTP.getSmtp().getPort(), "reports@hospital.test", null, null,
        false);
    ReportDelivery.byEmail(chinese, smtp, List.of("head.cardiology@hospital.test"));

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("心内科 2026年11月 能耗月报");
    Multipart parts = (Multipart) received[0].getContent();
    String body = null;
    for (int i = 0; i < parts.getCount(); i++) {
      Part p = parts.getBodyPart(i);
      if (p.getFileName() == null) {
        body = (String) p.getContent();
      }
    }
    assertThat(body).contains("心内科（PPH/MAIN/CARDIOLOGY）2026年11月能耗月报。",
        "电：3,000.00 kWh，已用定额 83.33%，预计月末 83.33%", "水：150.00 m³，已用定额 37.50%",
        "费用 2,475.00 元，碳排放 1,500.00 kgCO₂，异常 1 次。", "附件为 PDF 报告和数据表（XLSX）。");
  }

  @Test
  void folderDeliveryCopiesEveryFile() throws IOException {
    Path shared = OUT.resolve("shared-drive");
    Path copied = ReportDelivery.toFolder(files, shared);
    assertThat(copied).isEqualTo(shared.resolve("PPH_MAIN_CARDIOLOGY_2026-11"));
    for (Path f : files.all()) {
      assertThat(copied.resolve(f.getFileName())).exists().hasSameBinaryContentAs(f);
    }
  }
}
