package io.wattward.reports;

import io.wattward.connectors.mail.SmtpClient;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Delivers a written report: a copy of its folder into a delivery folder (a shared drive, say), and
 * an e-mail ({@link SmtpClient}) with a short plain-text summary and the PDF and XLSX attached.
 */
public final class ReportDelivery {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private ReportDelivery() {}

  /** Copies every file of the report into {@code target/<report folder name>/}; returns that folder. */
  public static Path toFolder(ReportFiles files, Path target) throws IOException {
    Path dir = target.resolve(files.folder().getFileName());
    Files.createDirectories(dir);
    for (Path f : files.all()) {
      Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }
    return dir;
  }

  public static void byEmail(ReportFiles files, SmtpSettings smtp, List<String> recipients)
      throws MessagingException {
    if (recipients.isEmpty()) {
      return;
    }
    DepartmentReport report = files.report();
    String base = files.folder().getFileName().toString();
    SmtpClient client = new SmtpClient(smtp.host(), smtp.port(), smtp.from(), smtp.user(), smtp.password(),
        smtp.startTls(), TIMEOUT);
    client.send(SmtpClient.Mail.text(recipients, "Energy report " + report.name() + " " + report.month(),
            summary(report))
        .attach(files.pdf(), base + ".pdf", "application/pdf")
        .attach(files.xlsx(), base + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
  }

  static String summary(DepartmentReport report) {
    StringBuilder s = new StringBuilder();
    s.append("Energy report of ").append(report.name()).append(" (").append(report.departmentId()).append(") for ")
        .append(report.month()).append(".\n\n");
    for (DepartmentReport.EnergyLine l : report.energy()) {
      s.append(String.format(Locale.ROOT, "%-16s %,14.2f %-4s", l.energyType(), l.consumption(), l.unit()));
      if (l.usedPct() != null) {
        s.append(String.format(Locale.ROOT, "  %.2f %% of quota, projected %.2f %%", l.usedPct(),
            l.projectedPct()));
      }
      s.append('\n');
    }
    s.append(String.format(Locale.ROOT, "%nCost %,.2f CNY, CO2 %,.2f kg, %d anomalies.%n",
        report.totalCostCny(), report.totalCo2Kg(), report.anomalies().size()));
    s.append("\nThe PDF and the tables (XLSX) are attached.\n");
    return s.toString();
  }
}
