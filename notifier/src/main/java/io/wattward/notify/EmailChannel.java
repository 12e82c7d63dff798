package io.wattward.notify;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/** E-mail over SMTP (Jakarta Mail): the title as subject, the plain text as body, to the channel's addresses. */
final class EmailChannel implements Channel {

  private final NotifyConfig.Smtp smtp;
  private final NotifyConfig.Channel c;
  private final MessageText text;
  private final Session session;
  private final String password;

  EmailChannel(NotifyConfig.Smtp smtp, NotifyConfig.Channel c, MessageText text, String password, int timeoutMs) {
    this.smtp = smtp;
    this.c = c;
    this.text = text;
    this.password = password;
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", String.valueOf(smtp.port()));
    p.put("mail.smtp.connectiontimeout", String.valueOf(timeoutMs));
    p.put("mail.smtp.timeout", String.valueOf(timeoutMs));
    p.put("mail.smtp.auth", String.valueOf(smtp.user() != null));
    p.put("mail.smtp.starttls.enable", String.valueOf(Boolean.TRUE.equals(smtp.startTls())));
    this.session = Session.getInstance(p);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public String send(Notification n) throws Exception {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress(smtp.from()));
    for (String to : c.to()) {
      m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
    }
    m.setSubject("[WattWard] " + text.title(n), "UTF-8");
    m.setText(text.plain(n), "UTF-8");
    m.setSentDate(new Date(n.atMs()));
    m.setHeader("X-WattWard-Group", n.groupKey());
    if (smtp.user() != null) {
      Transport.send(m, smtp.user(), password == null ? "" : password);
    } else {
      Transport.send(m);
    }
    return "sent to " + String.join(", ", c.to());
  }
}
