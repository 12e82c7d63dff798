package io.wattward.reports;

import io.wattward.connectors.mail.SmtpClient;
import io.wattward.i18n.Phrases;
import io.wattward.i18n.Terms;
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
 * an e-mail ({@link SmtpClient}) with a short plain-text summary and the PDF and XLSX attached, in the
 * report's language.
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
    Terms terms = Terms.of(files.language());
    Phrases text = ReportText.of(files.language());
    String base = files.folder().getFileName().toString();
    SmtpClient client = new SmtpClient(smtp.host(), smtp.port(), smtp.from(), smtp.user(), smtp.password(),
        smtp.startTls(), TIMEOUT);
    client.send(SmtpClient.Mail.text(recipients, text.get("email.subject", report.name(), terms.month(report.month())),
            summary(report, terms, text))
        .attach(files.pdf(), base + ".pdf", "application/pdf")
        .attach(files.xlsx(), base + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
  }

  static String summary(DepartmentReport report, Terms terms, Phrases text) {
    StringBuilder s = new StringBuilder();
    s.append(text.get("email.intro", report.name(), report.departmentId(), terms.month(report.month()))).append("\n\n");
    for (DepartmentReport.EnergyLine l : report.energy()) {
      s.append(text.get("email.line", terms.energyType(l.energyType()), amount(l.consumption()), terms.unit(l.unit())));
      if (l.usedPct() != null) {
        s.append(text.get("email.quota", amount(l.usedPct()), amount(l.projectedPct())));
      }
      s.append('\n');
    }
    s.append('\n').append(text.get("email.totals", amount(report.totalCostCny()), terms.currency(),
        amount(report.totalCo2Kg()), String.valueOf(report.anomalies().size()))).append('\n');
    s.append('\n').append(text.get("email.attached")).append('\n');
    return s.toString();
  }

  private static String amount(double value) {
    return String.format(Locale.ROOT, "%,.2f", value);
  }
}
