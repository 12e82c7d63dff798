package io.wattward.reports;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Delivers a written report: a copy of its folder into a delivery folder (a shared drive, say), and
 * an e-mail with a short HTML body and the PDF and XLSX attached.
 */
public final class ReportDelivery {

  private static final int TIMEOUT_MS = 30_000;

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
      throws MessagingException, IOException {
    if (recipients.isEmpty()) {
      return;
    }
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", String.valueOf(smtp.port()));
    p.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT_MS));
    p.put("mail.smtp.timeout", String.valueOf(TIMEOUT_MS));
    p.put("mail.smtp.auth", String.valueOf(smtp.user() != null));
    p.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
    Session session = Session.getInstance(p);
    DepartmentReport report = files.report();

    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(smtp.from()));
    for (String to : recipients) {
      m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    m.setSubject("Energy report " + report.name() + " " + report.month(), "UTF-8");
    MimeBodyPart body = new MimeBodyPart();
    body.setText(summary(report), "UTF-8", "plain");
    MimeMultipart parts = new MimeMultipart();
    parts.addBodyPart(body);
    String base = files.folder().getFileName().toString();
    parts.addBodyPart(attachment(files.pdf(), base + ".pdf", "application/pdf"));
    parts.addBodyPart(attachment(files.xlsx(), base + ".xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    m.setContent(parts);
    if (smtp.user() != null) {
      Transport.send(m, smtp.user(), smtp.password() == null ? "" : smtp.password());
    } else {
      Transport.send(m);
    }
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

  private static MimeBodyPart attachment(Path file, String name, String type) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    FileDataSource source = new FileDataSource(file.toFile()) {
      @Override
      public String getContentType() {
        return type;
      }
    };
    part.setDataHandler(new DataHandler(source));
    part.setFileName(name);
    return part;
  }
}
