package io.wattward.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.i18n.Language;
import io.wattward.schema.Anomaly;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The detail of an anomaly in a message: in Chinese composed from the anomaly's fields, per kind; in
 * English the detector's own text, as before.
 */
class MessageDetailTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final MessageText ZH = new MessageText(ZONE, Language.ZH_CN);
  private static final MessageText EN = new MessageText(ZONE, Language.EN);

  /** An open anomaly of {@code kind} on {@code nodeId} since 2026-11-20 10:00 Beijing time. */
  private static Anomaly.Builder anomaly(String kind, String nodeId) {
    return Anomaly.newBuilder(NotificationEngineTest.anomaly(kind + "|" + nodeId + "|", kind, "OPEN", "WARNING",
        "PPH/MAIN/IP2", 1)).setNodeId(nodeId).setSubject("");
  }

  private static Anomaly jump() {
    return anomaly("JUMP", "PPH/MAIN/CARDIOLOGY").setEnergyType("WATER").setUnit("m3").setExpected(2.0)
        .setActual(2.6).setPeakDeviationPct(30.0).setExcessEnergy(2.4).setExcessCost(9.84)
        .setDetail("2.60 m3 in the hour against 2.00 usual for this hour of the week (+30.0%)").build();
  }

  @Test
  void jumpTellsTheHoursUseAgainstTheUsualForTheHour() {
    assertThat(ZH.detail(jump())).isEqualTo("用量 2.60 m³，负荷模型预计 2.00 m³（+30.0%）");
    assertThat(ZH.line(jump(), false)).isEqualTo("警告 用量突变 PPH/MAIN/CARDIOLOGY，2026年11月20日 10:00 起："
        + "用量 2.60 m³，负荷模型预计 2.00 m³（+30.0%）；超出 2.40 m³，约 9.84 元");
    Anomaly down = Anomaly.newBuilder(jump()).setActual(1.2).setPeakDeviationPct(-40.0).setExcessEnergy(0).build();
    assertThat(ZH.detail(down)).isEqualTo("用量 1.20 m³，负荷模型预计 2.00 m³（-40.0%）");
  }

  @Test
  void nightBaseLoadTellsTheNightsRateAgainstTheMedianOfTheNightsBefore() {
    Anomaly a = anomaly("NIGHT_BASE_LOAD", "PPH/MAIN/OUTPATIENT").setExpected(40.0).setActual(46.8)
        .setPeakDeviationPct(17.0).setExcessEnergy(40.8).setExcessCost(28.56)
        .setDetail("night base load 46.80 kWh/h (01:00-05:00) against 40.00 kWh/h, the median of the 14 nights "
            + "before (+17.0%)").build();
    assertThat(ZH.detail(a)).isEqualTo("夜间基础负荷 46.80 kWh/时，负荷模型预计 40.00 kWh/时（+17.0%）");
    assertThat(ZH.line(a, false)).isEqualTo("警告 夜间基础负荷偏高 PPH/MAIN/OUTPATIENT，2026年11月20日 10:00 起："
        + "夜间基础负荷 46.80 kWh/时，负荷模型预计 40.00 kWh/时（+17.0%）；超出 40.80 kWh，约 28.56 元");
  }

  @Test
  void flatlineSaysTheMeterMayBeStuck() {
    Anomaly constant = anomaly("FLATLINE", "M-0101").setExpected(0.4).setActual(0.5).setPeakDeviationPct(25.0)
        .setDetail("meter stuck since 2026-11-20T02:00:00Z: exactly 0.500 kWh every minute for 180 minutes").build();
    assertThat(ZH.detail(constant)).isEqualTo("读数长时间恒定（可能表计卡滞）");
    Anomaly zero = Anomaly.newBuilder(constant).setActual(0).setPeakDeviationPct(-100.0)
        .setDetail("meter stuck since 2026-11-20T02:00:00Z: no consumption for 180 minutes where about 72.00 kWh "
            + "was usual").build();
    assertThat(ZH.detail(zero)).isEqualTo("长时间无用量，而该时段通常有用量（可能表计卡滞）");
  }

  @Test
  void offlineSaysTheMeterHasNoDataAndTheLineSaysSinceWhen() {
    Anomaly a = anomaly("OFFLINE", "M-0102").setSeverity("CRITICAL")
        .setDetail("no data since 2026-11-20T02:00:00Z (45 minutes by event time)").build();
    assertThat(ZH.detail(a)).isEqualTo("表计无数据，可能离线或通信中断");
    assertThat(ZH.line(a, false)).isEqualTo("严重 表计离线 M-0102，2026年11月20日 10:00 起：表计无数据，可能离线或通信中断");
  }

  @Test
  void environmentNamesTheFactorAndItsValue() {
    Anomaly humidity = anomaly("ENV_OUT_OF_RANGE", "PPH/MAIN/IP2/WARD-3").setSubject("humidityPct").setUnit("pct")
        .setEnergyType("").setExpected(75.0).setActual(75.0)
        .setDetail("humidityPct 75.0 outside the ward range, out for 30 minutes").build();
    assertThat(ZH.detail(humidity)).isEqualTo("湿度 75.0%，超出该房间类型的范围");
    Anomaly temperature = Anomaly.newBuilder(humidity).setSubject("temperatureC").setUnit("c").setExpected(28.5)
        .setActual(28.5).build();
    assertThat(ZH.detail(temperature)).isEqualTo("温度 28.5℃，超出该房间类型的范围");
    Anomaly co2 = Anomaly.newBuilder(humidity).setSubject("co2Ppm").setUnit("ppm").setExpected(1450)
        .setActual(1450).build();
    assertThat(ZH.detail(co2)).isEqualTo("CO₂ 1450.0 ppm，超出该房间类型的范围");
    Anomaly unknown = Anomaly.newBuilder(humidity).setSubject("noiseDb").setUnit("db").build();
    assertThat(ZH.detail(unknown)).as("a factor without a name: the detector's text")
        .isEqualTo("humidityPct 75.0 outside the ward range, out for 30 minutes");
  }

  @Test
  void forecastResidualTellsTheHoursUseAgainstTheForecast() {
    Anomaly a = anomaly("FORECAST_RESIDUAL", "PPH/MAIN").setExpected(100.0).setActual(130.0)
        .setPeakDeviationPct(30.0).setExcessEnergy(12.0).setExcessCost(8.4)
        .setDetail("130.00 kWh in the hour, outside the forecast 100.00 [82.00, 118.00]").build();
    assertThat(ZH.detail(a)).isEqualTo("本小时实际用量 130.00 kWh，预测 100.00 kWh（+30.0%）");
  }

  @Test
  void quotaTellsThePeriodTheQuotaAndTheProjection() {
    Anomaly warning = anomaly("QUOTA", "PPH/MAIN/CARDIOLOGY").setSubject("2026-11").setExpected(30000)
        .setActual(33000).setPeakDeviationPct(10.0).setExcessEnergy(3000).setExcessCost(2100)
        .setDetail("2026-11 ELECTRICITY: 20000.0 kWh used of the 30000.0 quota (66.7 %), 33000.0 projected by the "
            + "period's end (110.0 %)").build();
    assertThat(ZH.detail(warning)).isEqualTo("2026年11月定额 30000.00 kWh，预计期末用量 33000.00 kWh，为定额的 110.0%");
    Anomaly alarm = Anomaly.newBuilder(warning).setSeverity("CRITICAL").setSubject("2026").setExpected(360000)
        .setActual(378000).setPeakDeviationPct(5.0).build();
    assertThat(ZH.detail(alarm))
        .isEqualTo("2026年已用量超过定额 360000.00 kWh，预计期末用量 378000.00 kWh，为定额的 105.0%");
    Anomaly odd = Anomaly.newBuilder(warning).setSubject("winter").build();
    assertThat(ZH.detail(odd)).as("a period it cannot read: the detector's text").isEqualTo(warning.getDetail());
  }

  @Test
  void ruleNamesTheRuleItsValueAndThreshold() {
    Anomaly a = anomaly("RULE:夜间照明", "PPH/MAIN/IP2").setSubject("夜间照明").setExpected(5).setActual(12.5)
        .setPeakDeviationPct(150.0).setDetail("lights on at night").build();
    assertThat(ZH.detail(a)).isEqualTo("规则「夜间照明」触发，值 12.5（阈值 5）");
    Anomaly noThreshold = Anomaly.newBuilder(a).setExpected(0).setPeakDeviationPct(0).build();
    assertThat(ZH.detail(noThreshold)).isEqualTo("规则「夜间照明」触发，值 12.5");
    Anomaly noNumbers = Anomaly.newBuilder(noThreshold).setActual(0).setDetail("走廊夜间照明未关").build();
    assertThat(ZH.detail(noNumbers)).as("a rule selecting no numbers: its own text").isEqualTo("走廊夜间照明未关");
  }

  @Test
  void aKindWithoutAPatternKeepsTheDetectorsText() {
    Anomaly a = anomaly("POWER_FACTOR", "PPH/MAIN").setExpected(0.9).setActual(0.72).setDetail("power factor 0.72")
        .build();
    assertThat(ZH.detail(a)).isEqualTo("power factor 0.72");
    assertThat(ZH.line(a, false)).isEqualTo("警告 POWER_FACTOR PPH/MAIN，2026年11月20日 10:00 起：power factor 0.72");
  }

  @Test
  void noDetailStaysNoDetail() {
    Anomaly a = Anomaly.newBuilder(jump()).setDetail("").build();
    assertThat(ZH.line(a, false)).isEqualTo("警告 用量突变 PPH/MAIN/CARDIOLOGY，2026年11月20日 10:00 起；超出 2.40 m³，约 9.84 元");
  }

  @Test
  void englishKeepsTheDetectorsText() {
    assertThat(EN.line(jump(), false)).isEqualTo("WARNING JUMP PPH/MAIN/CARDIOLOGY since 2026-11-20 10:00: "
        + "2.60 m3 in the hour against 2.00 usual for this hour of the week (+30.0%); excess 2.40 m3, about 9.84 CNY");
    for (Anomaly a : List.of(jump(),
        anomaly("OFFLINE", "M-0102").setDetail("no data since 2026-11-20T02:00:00Z (45 minutes by event time)").build(),
        anomaly("QUOTA", "PPH/MAIN").setSubject("2026-11").setExpected(30000).setActual(33000)
            .setDetail("2026-11 ELECTRICITY: 20000.0 kWh used ...").build(),
        anomaly("RULE:night", "PPH/MAIN").setExpected(5).setActual(12.5).setDetail("lights on at night").build())) {
      assertThat(EN.detail(a)).isEqualTo(a.getDetail());
      assertThat(EN.line(a, false)).contains(": " + a.getDetail());
    }
  }
}
