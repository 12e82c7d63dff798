package io.wattward.anomaly.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wattward.schema.EnvMinute;
import io.wattward.schema.NodeWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class RuleEngineTest {

  /** The example rule of the README, also run end to end by AnomalyJobEndToEndTest. */
  public static final String CHILLER_RULE = """
      rules:
        - name: chiller-hard-in-the-cold
          severity: CRITICAL
          description: a chiller above 300 kW while it is below 10 C outside
          epl: |
            select n.nodeId as nodeId, n.building as building, n.avgKw as value, 300.0 as expected
            from NodeWindow(size='15m', level='device')#lastevent as n,
                 Environment(level='campus')#lastevent as e
            where n.avgKw > 300 and e.temperatureC < 10
      """;

  private static final long T0 = Instant.parse("2026-01-10T02:00:00Z").toEpochMilli();

  public static NodeWindow chiller(long start, double kwhIn15Minutes) {
    return NodeWindow.newBuilder().setSize("15m").setHierarchy("itemized").setLevel("device")
        .setNodeId("PPH/MAIN/IP2/hvac/chiller-plant/CH-1").setBuilding("PPH/MAIN/IP2").setEnergyType("ELECTRICITY")
        .setSubItem("01B00").setUnit("kWh").setWindowStart(Instant.ofEpochMilli(start)).setWindowMinutes(15)
        .setConsumption(kwhIn15Minutes).setMetersExpected(1).setMeterMinutes(15).setCost(0).setVersion(1).build();
  }

  public static EnvMinute outdoor(long minute, double celsius) {
    return EnvMinute.newBuilder().setLevel("campus").setNodeId("PPH/MAIN").setBuilding("").setRoomType("outdoor")
        .setMinuteStart(Instant.ofEpochMilli(minute)).setTemperatureC(celsius).setOutOfRange(List.of()).build();
  }

  @Test
  void aRuleJoinsNodeWindowsWithTheOutdoorTemperature() {
    List<RuleMatch> matches = new ArrayList<>();
    try (RuleEngine engine = new RuleEngine(matches::add)) {
      engine.load(RuleSet.parse(CHILLER_RULE));
      engine.send(new EnvironmentEvent(outdoor(T0, 6.0)), "Environment", T0);
      engine.send(new NodeWindowEvent(chiller(T0, 70)), "NodeWindow", T0 + 15 * 60_000); // 280 kW: below
      engine.send(new NodeWindowEvent(chiller(T0 + 15 * 60_000, 80)), "NodeWindow", T0 + 30 * 60_000); // 320 kW
      engine.send(new EnvironmentEvent(outdoor(T0 + 31 * 60_000, 12.0)), "Environment", T0 + 31 * 60_000); // warm now

      assertThat(matches).hasSize(1);
      RuleMatch m = matches.get(0);
      assertThat(m.rule).isEqualTo("chiller-hard-in-the-cold");
      assertThat(m.severity).isEqualTo("CRITICAL");
      assertThat(m.nodeId).isEqualTo("PPH/MAIN/IP2/hvac/chiller-plant/CH-1");
      assertThat(m.building).isEqualTo("PPH/MAIN/IP2");
      assertThat(m.value).isEqualTo(320.0);
      assertThat(m.expected).isEqualTo(300.0);
      assertThat(m.detail).isEqualTo("a chiller above 300 kW while it is below 10 C outside");
      assertThat(m.timeMs).isEqualTo(T0 + 30 * 60_000);
    }
  }

  @Test
  void aBadRuleIsNamedAndTheRunningRulesStay() {
    List<RuleMatch> matches = new ArrayList<>();
    try (RuleEngine engine = new RuleEngine(matches::add)) {
      engine.load(RuleSet.parse(CHILLER_RULE));
      String broken = CHILLER_RULE.replace("n.avgKw > 300", "n.avgKW > 300");
      assertThatThrownBy(() -> engine.load(RuleSet.parse(broken)))
          .isInstanceOf(RuleException.class)
          .hasMessageContaining("rule 'chiller-hard-in-the-cold' does not compile")
          .hasMessageContaining("avgKW");
      String noNode = CHILLER_RULE.replace("n.nodeId as nodeId", "n.nodeId as node");
      assertThatThrownBy(() -> engine.load(RuleSet.parse(noNode))).hasMessageContaining("must select a property named nodeId");
      assertThatThrownBy(() -> RuleSet.parse("rules:\n  - name: a b\n    epl: select 1 from NodeWindow\n"))
          .hasMessageContaining("rule name 'a b'");
      // the first rule set still runs
      engine.send(new EnvironmentEvent(outdoor(T0, 6.0)), "Environment", T0);
      engine.send(new NodeWindowEvent(chiller(T0, 80)), "NodeWindow", T0 + 15 * 60_000);
      assertThat(matches).hasSize(1);
      assertThat(engine.rules().rules()).hasSize(1);
    }
  }

  @Test
  void timeWindowsFollowEventTime() {
    String rule = """
        rules:
          - name: ward-co2-hour
            epl: |
              select nodeId as nodeId, avg(co2Ppm) as value from Environment(roomType='ward')#time(60 min)
              group by nodeId having avg(co2Ppm) > 1000 and count(*) >= 30
        """;
    List<RuleMatch> matches = new ArrayList<>();
    try (RuleEngine engine = new RuleEngine(matches::add)) {
      engine.load(RuleSet.parse(rule));
      for (int m = 0; m < 40; m++) {
        long t = T0 + m * 60_000L;
        EnvMinute e = EnvMinute.newBuilder(outdoor(t, 20)).setLevel("room").setNodeId("R1").setRoomType("ward")
            .setCo2Ppm(m < 20 ? 900.0 : 1300.0).build();
        engine.send(new EnvironmentEvent(e), "Environment", t);
      }
      // the rule needs 30 minutes in the hour: the 30th (minute 29) averages (20 x 900 + 10 x 1300) / 30 = 1033
      assertThat(matches).isNotEmpty();
      assertThat(matches.get(0).timeMs).isEqualTo(T0 + 29 * 60_000L);
      assertThat(matches.get(0).value).isCloseTo((20 * 900 + 10 * 1300) / 30.0, org.assertj.core.api.Assertions.within(1e-9));
    }
  }
}
