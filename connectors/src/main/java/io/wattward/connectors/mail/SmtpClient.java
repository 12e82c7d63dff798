package io.wattward.connectors.mail;

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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The mail server WattWard sends through (Jakarta Mail over SMTP), for the notifier's messages and the
 * monthly reports: one sender address, login only when a user is set, STARTTLS when asked for, and the
 * same time limit for connecting and for every read. A mail is UTF-8 plain text; with attachments it is a
 * multipart of that text and the files.
 */
public final class SmtpClient {

  /** A file sent along, under the name and the content type the recipient sees. */
  public record Attachment(Path file, String name, String contentType) {}

  /** One mail: recipients, subject, text; optionally the time it stands for, extra headers and files. */
  public record Mail(List<String> to, String subject, String text, Instant sentAt, Map<String, String> headers,
      List<Attachment> attachments) {

    public Mail {
      to = List.copyOf(to);
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      attachments = List.copyOf(attachments);
    }

    public static Mail text(List<String> to, String subject, String text) {
      return new Mail(to, subject, text, null, Map.of(), List.of());
    }

    /** The Date header; without it the mail carries none of its own. */
    public Mail sentAt(Instant at) {
      return new Mail(to, subject, text, at, headers, attachments);
    }

    public Mail header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Mail(to, subject, text, sentAt, more, attachments);
    }

    public Mail attach(Path file, String name, String contentType) {
      List<Attachment> more = new ArrayList<>(attachments);
      more.add(new Attachment(file, name, contentType));
      return new Mail(to, subject, text, sentAt, headers, more);
    }
  }

  private final Session session;
  private final String from;
  private final String user;
  private final String password;

  /**
   * @param user the login, or null to send without one
   * @param password the login's password (from the environment, never a file); null is sent as empty
   */
  public SmtpClient(String host, int port, String from, String user, String password, boolean startTls,
      Duration timeout) {
    Properties p = new Properties();
    p.put("mail.smtp.host", host);
    p.put("mail.smtp.port", String.valueOf(port));
    p.put("mail.smtp.connectiontimeout", String.valueOf(timeout.toMillis()));
    p.put("mail.smtp.timeout", String.valueOf(timeout.toMillis()));
    p.put("mail.smtp.auth", String.valueOf(user != null));
    p.put("mail.smtp.starttls.enable", String.valueOf(startTls));
    this.session = Session.getInstance(p);
    this.from = from;
    this.user = user;
    this.password = password;
  }

  public void send(Mail mail) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(from));
    for (String to : mail.to()) {
      m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    m.setSubject(mail.subject(), "UTF-8");
    if (mail.attachments().isEmpty()) {
      m.setText(mail.text(), "UTF-8");
    } else {
      MimeMultipart parts = new MimeMultipart();
      MimeBodyPart body = new MimeBodyPart();
      body.setText(mail.text(), "UTF-8", "plain");
      parts.addBodyPart(body);
      for (Attachment a : mail.attachments()) {
        parts.addBodyPart(part(a));
      }
      m.setContent(parts);
    }
    if (mail.sentAt() != null) {
      m.setSentDate(Date.from(mail.sentAt()));
    }
    for (Map.Entry<String, String> h : mail.headers().entrySet()) {
      m.setHeader(h.getKey(), h.getValue());
    }
    if (user != null) {
      Transport.send(m, user, password == null ? "" : password);
    } else {
      Transport.send(m);
    }
  }

  private static MimeBodyPart part(Attachment a) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    // the type as given, not guessed from the file name by the activation framework
    FileDataSource source = new FileDataSource(a.file().toFile()) {
      @Override
      public String getContentType() {
        return a.contentType();
      }
    };
    part.setDataHandler(new DataHandler(source));
    part.setFileName(a.name());
    return part;
  }
}
