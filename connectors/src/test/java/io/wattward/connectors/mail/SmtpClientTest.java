package io.wattward.connectors.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SmtpClientTest {

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withUser("robot@hospital.test", "robot", "s3cret"));

  @TempDir Path dir;

  private SmtpClient client(String user, String password) {
    return new SmtpClient("127.0.0.1", SMTP.getSmtp().getPort(), "wattward@hospital.test", user, password, false,
        Duration.ofSeconds(5));
  }

  @Test
  void aTextMailIsOneUtf8PartWithItsDateAndHeaders() throws Exception {
    Instant at = Instant.parse("2026-11-03T01:02:03Z");
    client(null, null).send(SmtpClient.Mail.text(List.of("a@hospital.test", "b@hospital.test"), "[WattWard] 心内科",
        "line one\nline two").sentAt(at).header("X-WattWard-Group", "engineers|IP2|JUMP"));

    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(2); // one copy per recipient
    MimeMessage m = received[0];
    assertThat(m.getFrom()[0].toString()).isEqualTo("wattward@hospital.test");
    assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("a@hospital.test", "b@hospital.test");
    assertThat(m.getSubject()).isEqualTo("[WattWard] 心内科");
    assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    assertThat(((String) m.getContent()).replace("\r\n", "\n")).isEqualTo("line one\nline two");
    assertThat(m.getSentDate().toInstant()).isEqualTo(at);
    assertThat(m.getHeader("X-WattWard-Group")).containsExactly("engineers|IP2|JUMP");
  }

  @Test
  void attachmentsKeepTheirNamesAndTypesAfterTheText() throws Exception {
    Path pdf = Files.write(dir.resolve("report.pdf"), new byte[] {'%', 'P', 'D', 'F', 1, 2, 3});
    Path notes = Files.writeString(dir.resolve("notes.bin"), "a,b\n1,2\n", StandardCharsets.UTF_8);
    client(null, null).send(SmtpClient.Mail.text(List.of("head@hospital.test"), "Energy report", "summary\n")
        .attach(pdf, "CARDIOLOGY_2026-11.pdf", "application/pdf").attach(notes, "tables.csv", "text/csv"));

    MimeMessage m = SMTP.getReceivedMessages()[0];
    Multipart parts = (Multipart) m.getContent();
    assertThat(parts.getCount()).isEqualTo(3);
    assertThat(parts.getBodyPart(0).getFileName()).isNull();
    assertThat(((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n")).isEqualTo("summary\n");
    assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("CARDIOLOGY_2026-11.pdf");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("application/pdf");
    assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(Files.readAllBytes(pdf));
    assertThat(parts.getBodyPart(2).getFileName()).isEqualTo("tables.csv");
    assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/csv");
  }

  @Test
  void aUserLogsInAndAWrongPasswordIsRefused() throws Exception {
    client("robot", "s3cret").send(SmtpClient.Mail.text(List.of("x@hospital.test"), "with login", "hello\n"));
    assertThat(SMTP.getReceivedMessages()).hasSize(1);
    assertThatThrownBy(() -> client("robot", "wrong").send(SmtpClient.Mail.text(List.of("x@hospital.test"),
        "with a wrong login", "hello\n"))).isInstanceOf(AuthenticationFailedException.class);
  }
}
