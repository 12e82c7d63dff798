package io.wattward.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one sentence of an anomaly, as the notifier and the cockpit show it. */
class AnomalyDetailTest {

  private static AnomalyDetail.Fields jump() {
    return new AnomalyDetail.Fields("JUMP", "", "WARNING", "m3", 2.0, 2.6, 30.0,
        "2.60 m3 against 2.00 expected by the load model (+30.0%)");
  }

  @Test
  void englishKeepsTheDetectorsSentence() {
    assertThat(new AnomalyDetail(Language.EN).of(jump()))
        .isEqualTo("2.60 m3 against 2.00 expected by the load model (+30.0%)");
  }

  @Test
  void chineseComposesTheSentenceFromTheFields() {
    AnomalyDetail zh = new AnomalyDetail(Language.ZH_CN);
    assertThat(zh.of(jump())).isEqualTo("用量 2.60 m³，负荷模型预计 2.00 m³（+30.0%）");
    assertThat(zh.of(new AnomalyDetail.Fields("QUOTA", "2026-11", "CRITICAL", "kWh", 4000, 5010, 25.3, "over")))
        .isEqualTo("2026年11月已用量超过定额 4000.00 kWh，预计期末用量 5010.00 kWh，为定额的 125.3%");
    // a kind the patterns cannot phrase keeps the detector's text
    assertThat(zh.of(new AnomalyDetail.Fields("SOMETHING_NEW", "", "WARNING", "kWh", 0, 0, 0, "as the detector says")))
        .isEqualTo("as the detector says");
  }
}
