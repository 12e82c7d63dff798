package io.wattward.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collections;
import java.util.Locale;
import java.util.Properties;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;

class TermsTest {

  private final Terms zh = Terms.of(Language.ZH_CN);
  private final Terms en = Terms.of(Language.EN);

  @Test
  void chineseHasTheStandardNames() {
    assertThat(zh.energyType("ELECTRICITY")).isEqualTo("电");
    assertThat(zh.energyType("NATURAL_GAS")).isEqualTo("天然气");
    assertThat(zh.energyType("CENTRAL_HEATING")).isEqualTo("集中供热");
    assertThat(zh.subItem("01A00")).isEqualTo("照明插座");
    assertThat(zh.subItem("01B00")).isEqualTo("空调");
    assertThat(zh.anomalyKind("NIGHT_BASE_LOAD")).isEqualTo("夜间基础负荷偏高");
    assertThat(zh.anomalyKind("RULE:chiller-night")).isEqualTo("自定义规则：chiller-night");
    assertThat(zh.severity("CRITICAL")).isEqualTo("严重");
    assertThat(zh.status("RESOLVED")).isEqualTo("已恢复");
    assertThat(zh.unit("m3")).isEqualTo("m³");
    assertThat(zh.unit("t")).isEqualTo("吨");
    assertThat(zh.money(2475)).isEqualTo("2,475 元");
    assertThat(zh.month(YearMonth.of(2026, 11))).isEqualTo("2026年11月");
    assertThat(zh.date(LocalDate.of(2026, 11, 27))).isEqualTo("2026年11月27日");
  }

  @Test
  void englishKeepsTheCodesSettingsAndRoutesName() {
    assertThat(en.energyType("ELECTRICITY")).isEqualTo("ELECTRICITY");
    assertThat(en.anomalyKind("RULE:chiller-night")).isEqualTo("RULE:chiller-night");
    assertThat(en.severity("WARNING")).isEqualTo("WARNING");
    assertThat(en.unit("m3")).isEqualTo("m3");
    assertThat(en.subItem("01C00")).isEqualTo("power");
    assertThat(en.money(2475)).isEqualTo("2,475 CNY");
    assertThat(en.month(YearMonth.of(2026, 11))).isEqualTo("2026-11");
  }

  @Test
  void anUnknownCodeIsShownAsItIs() {
    assertThat(zh.energyType("HYDROGEN")).isEqualTo("HYDROGEN");
    assertThat(zh.unit("L")).isEqualTo("L");
  }

  @Test
  void theJvmsDefaultLocaleDoesNotChooseTheLanguage() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
      assertThat(Terms.of(Language.EN).severity("WARNING")).isEqualTo("WARNING");
      Locale.setDefault(Locale.US);
      assertThat(Terms.of(Language.ZH_CN).severity("WARNING")).isEqualTo("警告");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void everyEnglishTermHasItsChineseWord() throws IOException {
    ResourceBundle english = Language.EN.bundle("wattward/i18n/terms");
    Properties chinese = new Properties();
    try (Reader r = new InputStreamReader(
        TermsTest.class.getResourceAsStream("/wattward/i18n/terms_zh.properties"), StandardCharsets.UTF_8)) {
      chinese.load(r);
    }
    assertThat(chinese.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(Collections.list(english.getKeys()));
  }
}
