package io.wattward.reports;

import io.wattward.i18n.Phrases;
import io.wattward.i18n.Terms;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The report's charts as PNG files (JFreeChart, headless): trend, quota use, ranking. */
final class ReportCharts {

  static final int WIDTH = 900;
  static final int HEIGHT = 320;

  private ReportCharts() {}

  /** Writes the charts into {@code dir}; file names by chart key, in the order the report shows them. */
  static Map<String, Path> write(DepartmentReport report, Path dir, Terms terms, Phrases text) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("trend", save(trend(report, terms, text), dir.resolve("chart-trend.png")));
    files.put("quota", save(quota(report, terms, text), dir.resolve("chart-quota.png")));
    files.put("ranking", save(ranking(report, terms, text), dir.resolve("chart-ranking.png")));
    return files;
  }

  private static JFreeChart trend(DepartmentReport report, Terms terms, Phrases text) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    String type = report.line("ELECTRICITY") != null ? "ELECTRICITY"
        : report.energy().isEmpty() ? "ELECTRICITY" : report.energy().get(0).energyType();
    DepartmentReport.EnergyLine line = report.line(type);
    String unit = line == null ? "" : line.unit();
    for (DepartmentReport.DailyAmount d : report.daily()) {
      if (d.energyType().equals(type)) {
        data.addValue(d.amount(), type, String.valueOf(d.day().getDayOfMonth()));
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(
        text.get("chart.trend", terms.energyType(type), terms.month(report.month())), text.get("chart.day"),
        terms.unit(unit), data,
        PlotOrientation.VERTICAL, false, false, false);
    style(chart);
    return chart;
  }

  private static JFreeChart quota(DepartmentReport report, Terms terms, Phrases text) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (DepartmentReport.EnergyLine l : report.energy()) {
      if (l.usedPct() != null) {
        data.addValue(l.usedPct(), text.get("chart.used"), terms.energyType(l.energyType()));
        data.addValue(l.projectedPct(), text.get("chart.projected"), terms.energyType(l.energyType()));
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(text.get("chart.quota", terms.month(report.month())),
        text.get("chart.energyType"), text.get("chart.quotaAxis"), data, PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    ValueMarker full = new ValueMarker(100);
    full.setPaint(new Color(0xB00020));
    full.setStroke(new BasicStroke(1.5f));
    chart.getCategoryPlot().addRangeMarker(full);
    double highest = report.energy().stream().filter(l -> l.projectedPct() != null)
        .mapToDouble(l -> Math.max(l.usedPct(), l.projectedPct())).max().orElse(0);
    chart.getCategoryPlot().getRangeAxis().setRange(0, Math.max(110, highest * 1.1));
    return chart;
  }

  private static JFreeChart ranking(DepartmentReport report, Terms terms, Phrases text) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    String self = null;
    for (DepartmentReport.RankedDepartment r : report.rankingPerBed()) {
      String label = r.name().isEmpty() ? r.departmentId() : r.name();
      data.addValue(r.kwhPerBed(), text.get("chart.perBed"), label);
      if (r.departmentId().equals(report.departmentId())) {
        self = label;
      }
    }
    JFreeChart chart = ChartFactory.createBarChart(text.get("chart.ranking", terms.month(report.month())),
        null, text.get("chart.perBed"), data, PlotOrientation.VERTICAL, false, false, false);
    String highlighted = self;
    // one series, the reported department's bar in another colour
    chart.getCategoryPlot().setRenderer(new BarRenderer() {
      @Override
      public Paint getItemPaint(int row, int column) {
        return data.getColumnKey(column).equals(highlighted) ? new Color(0xE39B2D) : new Color(0x8EA9C9);
      }
    });
    style(chart);
    chart.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    return chart;
  }

  /** The words the charts draw besides department names, for checking that their font has the glyphs. */
  static String words(DepartmentReport report, Terms terms, Phrases text) {
    String month = terms.month(report.month());
    return String.join(" ", text.get("chart.trend", terms.energyType("ELECTRICITY"), month), text.get("chart.day"),
        text.get("chart.quota", month), text.get("chart.energyType"), text.get("chart.quotaAxis"),
        text.get("chart.used"), text.get("chart.projected"), text.get("chart.ranking", month), text.get("chart.perBed"),
        String.join(" ", report.energy().stream().map(l -> terms.energyType(l.energyType()) + terms.unit(l.unit()))
            .toList()));
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xCCCCCC));
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setSeriesPaint(0, new Color(0x2F6DB5));
    renderer.setSeriesPaint(1, new Color(0xE39B2D));
    renderer.setMaximumBarWidth(0.12);
  }

  private static Path save(JFreeChart chart, Path file) throws IOException {
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    return file;
  }
}
