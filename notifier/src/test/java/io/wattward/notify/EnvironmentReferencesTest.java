package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${NAME}} in the notification settings, and the acknowledge secret that only the environment gives. */
class EnvironmentReferencesTest {

  static final String SECRET = "an-acknowledge-secret-of-32-characters";

  static final String SETTINGS = """
      receivers:
        - name: engineers
          channels:
            - {type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}"}
            - {type: dingtalk, url: "${DING_URL}", secret: "${DING_SECRET}"}
            - {type: workorder, url: "http://repair.test/api", headers: {Authorization: "Bearer ${REPAIR_TOKEN}"}}
            - {type: email, to: ["${ONCALL_MAIL}", "literal$${NOT_A_REFERENCE}@hospital.test"]}
      routes: [{match: {}, receiver: engineers}]
      smtp: {host: smtp.test, port: 25, from: "wattward@hospital.test", user: "${SMTP_USER}"}
      ack: {listen: "127.0.0.1:18099", baseUrl: "http://127.0.0.1:18099", healthToken: "${HEALTH_TOKEN}"}
      """;

  static final Map<String, String> ENV = Map.of("WECOM_KEY", "k-123", "DING_URL", "https://oapi.test/send?access_token=t",
      "DING_SECRET", "SECd", "REPAIR_TOKEN", "r-456", "ONCALL_MAIL", "oncall@hospital.test", "SMTP_USER", "mailer",
      "HEALTH_TOKEN", "h-789", NotifyConfig.ACK_SECRET_ENV, SECRET);

  @Test
  void referencesAreReplacedFromTheEnvironmentWholeOrInPart() {
    NotifyConfig c = NotifyConfig.parse(SETTINGS, ENV);
    var channels = c.receiver("engineers").channels();
    assertThat(channels.get(0).url()).isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123");
    assertThat(channels.get(1).url()).isEqualTo("https://oapi.test/send?access_token=t");
    assertThat(channels.get(1).secret()).isEqualTo("SECd");
    assertThat(channels.get(2).headers()).containsEntry("Authorization", "Bearer r-456");
    assertThat(channels.get(3).to()).containsExactly("oncall@hospital.test", "literal${NOT_A_REFERENCE}@hospital.test");
    assertThat(c.smtp().user()).isEqualTo("mailer");
    assertThat(c.ack().healthToken()).isEqualTo("h-789");
    assertThat(c.ack().secret()).isEqualTo(SECRET);
    assertThat(c.ack().toString()).as("no secret in a log line").doesNotContain(SECRET, "h-789");
  }

  @Test
  void anUnsetVariableIsNamedWithItsSetting() {
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.remove("REPAIR_TOKEN");
    env.put("SMTP_USER", "");
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS, env)).hasMessageContainingAll(
        "receivers[engineers].channels[2].headers.Authorization: environment variable REPAIR_TOKEN is not set",
        "smtp.user: environment variable SMTP_USER is not set (empty)");
  }

  @Test
  void somethingThatIsNotAReferenceIsNamed() {
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS.replace("${WECOM_KEY}", "${WECOM-KEY}"), ENV))
        .hasMessageContaining("receivers[engineers].channels[0].url: '${WECOM-KEY}' is not an environment reference");
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS.replace("${WECOM_KEY}", "${WECOM_KEY"), ENV))
        .hasMessageContaining("receivers[engineers].channels[0].url: '${WECOM_KEY' is not an environment reference");
  }

  @Test
  void acknowledgementsNeedTheSecretFromTheEnvironmentAndNeverFromTheFile() {
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.remove(NotifyConfig.ACK_SECRET_ENV);
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS, env))
        .hasMessageContaining("ack: acknowledge links are signed with the environment variable WATTWARD_ACK_SECRET,"
            + " which is not set");
    env.put(NotifyConfig.ACK_SECRET_ENV, "short");
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS, env))
        .hasMessageContaining("WATTWARD_ACK_SECRET is too short to sign with (5 characters, at least 32");
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS.replace("healthToken:", "secret: x, healthToken:"), ENV))
        .hasMessageContaining("ack.secret: the acknowledge secret is not read from this file");
    NotifyConfig noAck = NotifyConfig.parse(SETTINGS.substring(0, SETTINGS.indexOf("ack:")), Map.of("WECOM_KEY", "k",
        "DING_URL", "http://d", "DING_SECRET", "s", "REPAIR_TOKEN", "r", "ONCALL_MAIL", "a@b.test", "SMTP_USER", "u"));
    assertThat(noAck.ack()).as("no acknowledgements, no secret needed").isNull();
  }

  @Test
  void badAcknowledgeSettingsAreNamed() {
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS.replace("healthToken:", "linkValidFor: 0s, healthToken:"),
        ENV)).hasMessageContaining("ack.linkValidFor: must be longer than nothing");
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS.replace("baseUrl: \"http://", "baseUrl: \"ftp://"), ENV))
        .hasMessageContaining("ack.baseUrl: 'ftp://127.0.0.1:18099' is not an http(s) address");
    assertThatThrownBy(() -> NotifyConfig.parse(SETTINGS.replace("healthToken:", "healthTokn:"), ENV))
        .as("an unknown setting, after the references are resolved").hasMessageContaining("\"healthTokn\"");
  }
}
