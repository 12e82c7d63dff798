package io.wattward.notify;

import io.wattward.connectors.mail.SmtpClient;
import java.time.Duration;
import java.time.Instant;

/** E-mail over SMTP ({@link SmtpClient}): the title as subject, the plain text as body, to the channel's addresses. */
final class EmailChannel implements Channel {

  private final NotifyConfig.Channel c;
  private final MessageText text;
  private final SmtpClient smtp;

  EmailChannel(NotifyConfig.Smtp smtp, NotifyConfig.Channel c, MessageText text, String password, Duration timeout) {
    this.c = c;
    this.text = text;
    this.smtp = new SmtpClient(smtp.host(), smtp.port(), smtp.from(), smtp.user(), password,
        Boolean.TRUE.equals(smtp.startTls()), timeout);
  }

  @Override
  public String name() {
    return "email";
  }

  @Override
  public String send(Notification n) throws Exception {
    smtp.send(SmtpClient.Mail.text(c.to(), text.subject(n), text.plain(n))
        .sentAt(Instant.ofEpochMilli(n.atMs())).header("X-WattWard-Group", n.groupKey()));
    return "sent to " + String.join(", ", c.to());
  }
}
