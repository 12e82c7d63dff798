package io.wattward.reports;

/**
 * The mail server reports go through. The password is not part of any file: the CLI reads it from
 * {@code WATTWARD_SMTP_PASSWORD}.
 */
public record SmtpSettings(String host, int port, String from, String user, String password, boolean startTls) {

  public SmtpSettings {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("smtp host is not set (--smtp-host)");
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("smtp port out of range: " + port);
    }
    if (from == null || !from.contains("@")) {
      throw new IllegalArgumentException("sender address is not an e-mail address (--from): " + from);
    }
  }
}
