package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.i18n.Language;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageLanguageTest {

  private static final String SETTINGS = """
      receivers:
        - name: engineers
          channels: [{type: webhook, url: "http://127.0.0.1:1/hook"}]
      routes:
        - {match: {}, receiver: engineers}
      """;

  @Test
  void messagesAreInChineseUnlessEnglishIsAskedFor() {
    assertThat(NotifyConfig.parse(SETTINGS, Map.of()).messageLanguage()).isEqualTo(Language.ZH_CN);
    assertThat(NotifyConfig.parse("language: en\n" + SETTINGS, Map.of()).messageLanguage()).isEqualTo(Language.EN);
  }

  @Test
  void aLanguageTheNotifierDoesNotWriteStopsItNamingTheSetting() {
    assertThatThrownBy(() -> NotifyConfig.parse("language: fr\n" + SETTINGS, Map.of()))
        .hasMessageContaining("language: 'fr' is not a language WattWard writes in (zh-CN, en)");
  }
}
