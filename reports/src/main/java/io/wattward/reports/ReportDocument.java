package io.wattward.reports;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

  /** A table as the template shows it: every cell already formatted. */
  public record TableView(String title, List<String> columns, List<List<String>> rows, List<Integer> textColumns) {}

  static String html(DepartmentReport report, List<String> chartFiles, Instant generated) throws IOException {
    Map<String, Object> context = new HashMap<>();
    context.put("name", report.name());
    context.put("department", report.departmentId());
    context.put("month", report.month().toString());
    context.put("beds", report.beds());
    context.put("area", format(report.areaM2()));
    context.put("generated", generated.truncatedTo(ChronoUnit.SECONDS).toString());
    context.put("figures", figures(report));
    context.put("charts", chartFiles);
    context.put("tables", report.tables().stream().map(ReportDocument::view).toList());
    PebbleTemplate template = PEBBLE.getTemplate("department-report.html");
    Writer out = new StringWriter();
    template.evaluate(out, context);
    return out.toString();
  }

  /** With {@code cjkFont} (a TrueType file, or null), the CSS family {@link ReportFonts#FAMILY} is that font, embedded. */
  static void writePdf(Path html, Path pdf, Path cjkFont) throws IOException {
    try (OutputStream out = Files.newOutputStream(pdf)) {
      PdfRendererBuilder builder = new PdfRendererBuilder();
      builder.useFastMode();
      if (cjkFont != null) {
        builder.useFont(cjkFont.toFile(), ReportFonts.FAMILY);
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

  private static List<Figure> figures(DepartmentReport report) {
    List<Figure> figures = new ArrayList<>();
    DepartmentReport.EnergyLine e = report.line("ELECTRICITY");
    if (e != null) {
      figures.add(new Figure("Electricity", format(e.consumption()) + " kWh"));
      if (e.usedPct() != null) {
        figures.add(new Figure("of quota (projected)", format(e.usedPct()) + " % (" + format(e.projectedPct()) + " %)"));
      }
      figures.add(new Figure("vs last month", pct(e.momPct())));
    }
    figures.add(new Figure("Cost", format(report.totalCostCny()) + " CNY"));
    figures.add(new Figure("CO2", format(report.totalCo2Kg()) + " kg"));
    return figures;
  }

  private static TableView view(ReportTable table) {
    List<Integer> text = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    for (List<Object> row : table.rows()) {
      List<String> cells = new ArrayList<>();
      for (Object cell : row) {
        cells.add(cell == null ? "–" : cell instanceof Number n ? format(n.doubleValue()) : cell.toString());
      }
      rows.add(cells);
    }
    for (int i = 0; i < table.columns().size(); i++) {
      int column = i;
      boolean numeric = !table.rows().isEmpty()
          && table.rows().stream().allMatch(r -> r.get(column) == null || r.get(column) instanceof Number);
      if (!numeric) {
        text.add(i);
      }
    }
    // spaces instead of underscores let a narrow column's heading wrap
    return new TableView(table.title(), table.columns().stream().map(c -> c.replace('_', ' ')).toList(), rows, text);
  }

  private static String pct(Double value) {
    return value == null ? "–" : (value > 0 ? "+" : "") + format(value) + " %";
  }

  static String format(double value) {
    DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return f.format(value);
  }
}
