package io.wattward.reports;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.wattward.i18n.Language;
import io.wattward.i18n.Phrases;
import io.wattward.i18n.Terms;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * The human-readable report: HTML from a Pebble template with the chart PNGs next to it (relative
 * links, so the folder can be moved or zipped), and a PDF rendered from that same HTML by
 * openhtmltopdf.
 */
final class ReportDocument {

  private static final PebbleEngine PEBBLE = new PebbleEngine.Builder()
      .loader(classpathLoader())
      .strictVariables(true)
      .build();

  // openhtmltopdf logs every stage at INFO through java.util.logging; PDFBox warns that the PDF's
  // standard fonts are drawn with a metric-compatible substitute when rendering the preview PNG.
  // Held in a field: java.util.logging keeps loggers only weakly.
  private static final java.util.logging.Logger PDFBOX_FONTS =
      java.util.logging.Logger.getLogger("org.apache.pdfbox.pdmodel.font");

  static {
    XRLog.setLoggingEnabled(false);
    PDFBOX_FONTS.setLevel(java.util.logging.Level.SEVERE);
  }

  private ReportDocument() {}

  private static ClasspathLoader classpathLoader() {
    ClasspathLoader loader = new ClasspathLoader(ReportDocument.class.getClassLoader());
    loader.setPrefix("wattward/reports/templates");
    return loader;
  }

  /** A figure at the head of the report. */
  public record Figure(String label, String value) {}

  /** A cell as the template shows it: its text and CSS classes (text alignment, a quota status's colour). */
  public record CellView(String text, String css) {}

  /** A table as the template shows it: every cell already formatted. */
  public record TableView(String title, List<String> columns, List<Integer> textColumns, List<List<CellView>> rows) {}

  static String html(DepartmentReport report, List<String> chartFiles, Instant generated, Terms terms, Phrases text)
      throws IOException {
    String month = terms.month(report.month());
    Map<String, Object> context = new HashMap<>();
    context.put("lang", terms.language().tag());
    context.put("title", text.get("report.title", report.name(), month));
    context.put("heading", text.get("report.heading", report.name(), month));
    context.put("subline", text.get("report.subline", report.departmentId(), String.valueOf(report.beds()),
        terms.number(report.areaM2()), generated(generated, terms)));
    context.put("none", text.get("report.none"));
    context.put("figures", figures(report, terms, text));
    context.put("charts", chartFiles);
    List<ReportTable> raw = report.tables();
    List<ReportTable> shown = report.tables(terms, text);
    List<TableView> tables = new ArrayList<>();
    for (int i = 0; i < shown.size(); i++) {
      tables.add(view(raw.get(i), shown.get(i), terms));
    }
    context.put("tables", tables);
    PebbleTemplate template = PEBBLE.getTemplate("department-report.html");
    Writer out = new StringWriter();
    template.evaluate(out, context);
    return out.toString();
  }

  /** English keeps the UTC instant it always showed; Chinese readers get their local date and time. */
  private static String generated(Instant at, Terms terms) {
    if (terms.language() == Language.EN) {
      return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
    LocalDateTime local = LocalDateTime.ofInstant(at, DepartmentReport.HOSPITAL_ZONE);
    return terms.date(local.toLocalDate()) + " " + local.toLocalTime().truncatedTo(ChronoUnit.MINUTES);
  }

  /**
   * With {@code cjkFont} (a TrueType file, or null), the CSS family {@link ReportFonts#FAMILY} is that font,
   * embedded; so is {@link ReportFonts#SYMBOLS_FAMILY} where the system has it.
   */
  static void writePdf(Path html, Path pdf, Path cjkFont) throws IOException {
    try (OutputStream out = Files.newOutputStream(pdf)) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      if (cjkFont != null) {
        builder.useFont(cjkFont.toFile(), ReportFonts.FAMILY);
      }
      if (Files.isRegularFile(ReportFonts.SYMBOLS)) {
        builder.useFont(ReportFonts.SYMBOLS.toFile(), ReportFonts.SYMBOLS_FAMILY);
      }
      builder.withHtmlContent(Files.readString(html, StandardCharsets.UTF_8), html.getParent().toUri().toString());
      builder.toStream(out);
      builder.run();
    }
  }

  /** Renders the PDF's first page to a PNG (for people to look at, in tests and docs); returns its page count. */
  static int firstPageToPng(Path pdf, Path png, float dpi) throws IOException {
    try (PDDocument doc = PDDocument.load(pdf.toFile())) {
      BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, dpi, ImageType.RGB);
      ImageIO.write(image, "png", png.toFile());
      return doc.getNumberOfPages();
    }
  }

  private static List<Figure> figures(DepartmentReport report, Terms terms, Phrases text) {
    List<Figure> figures = new ArrayList<>();
    DepartmentReport.EnergyLine e = report.line("ELECTRICITY");
    if (e != null) {
      figures.add(new Figure(text.get("figure.electricity"), terms.number(e.consumption()) + " kWh"));
      if (e.usedPct() != null) {
        figures.add(new Figure(text.get("figure.quota"),
            text.get("figure.quotaValue", terms.number(e.usedPct()), terms.number(e.projectedPct()))));
      }
      figures.add(new Figure(text.get("figure.mom"), e.momPct() == null ? "–"
          : text.get("figure.pct", (e.momPct() > 0 ? "+" : "") + terms.number(e.momPct()))));
    }
    figures.add(new Figure(text.get("figure.cost"), terms.money(report.totalCostCny())));
    figures.add(new Figure(text.get("figure.co2"), text.get("figure.co2Value", terms.number(report.totalCo2Kg()))));
    return figures;
  }

  /**
   * The table people read ({@code shown}); which columns are text and which cells carry a quota status's
   * colour is judged on the same table in codes ({@code raw}), whatever the language.
   */
  private static TableView view(ReportTable raw, ReportTable shown, Terms terms) {
    List<Integer> text = new ArrayList<>();
    for (int i = 0; i < raw.columns().size(); i++) {
      int column = i;
      boolean numeric = !raw.rows().isEmpty()
          && raw.rows().stream().allMatch(r -> r.get(column) == null || r.get(column) instanceof Number);
      if (!numeric) {
        text.add(i);
      }
    }
    List<List<CellView>> rows = new ArrayList<>();
    for (int r = 0; r < shown.rows().size(); r++) {
      List<CellView> cells = new ArrayList<>();
      for (int c = 0; c < shown.columns().size(); c++) {
        Object cell = shown.rows().get(r).get(c);
        Object code = raw.rows().get(r).get(c);
        String css = (text.contains(c) ? "text" : "")
            + ("ALARM".equals(code) || "WARNING".equals(code) ? " " + code : "");
        cells.add(new CellView(cell == null ? "–" : cell instanceof Number n ? terms.number(n.doubleValue())
            : cell.toString(), css.strip()));
      }
      rows.add(cells);
    }
    // spaces instead of underscores let a narrow column's heading wrap
    return new TableView(shown.title(), shown.headings().stream().map(h -> h.replace('_', ' ')).toList(), text, rows);
  }

}
