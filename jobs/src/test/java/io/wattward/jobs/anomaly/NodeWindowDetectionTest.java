package io.wattward.jobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.schema.Anomaly;
import io.wattward.schema.NodeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hourly-window detector's state: JUMP (defaults: 20 % and at least 5 kWh above the usual hour for
 * two hours in a row, or 50 % at once) and NIGHT_BASE_LOAD (defaults: the mean of 00:00-05:00 local 15 %
 * and 2 kWh/h above the median of the nights before, judged from 7 nights on). It keeps no timers; it keeps
 * its learned baselines for good (one hour-of-week baseline per key, and the nights for the night levels).
 */
class NodeWindowDetectionTest {

  private static final long MONDAY = Instant.parse("2026-10-04T16:00:00Z").toEpochMilli(); // 5 Oct 00:00 Shanghai
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private NodeWindowDetection detection;
  private KeyedOneInputStreamOperatorTestHarness<String, NodeWindow, Anomaly> harness;

  @BeforeEach
  void open() throws Exception {
    detection = new NodeWindowDetection("Asia/Shanghai", WattwardConfig.load(null, Map.of()).anomalies());
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(detection, NodeWindowDetection::key, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static NodeWindow window(String level, long start, double kwh, long version) {
    return NodeWindow.newBuilder().setSize("1h").setHierarchy("SPACE").setLevel(level).setNodeId("PPH/MAIN/N")
        .setBuilding("PPH/MAIN").setEnergyType("ELECTRICITY").setSubItem("").setUnit("kWh")
        .setWindowStart(Instant.ofEpochMilli(start)).setWindowMinutes(60).setConsumption(kwh).setMetersExpected(1)
        .setMeterMinutes(60).setCost(0).setVersion(version).build();
  }

  private void hour(String level, long start, double kwh) throws Exception {
    harness.processElement(new StreamRecord<>(window(level, start, kwh, 1), start));
  }

  private List<String> events() {
    return harness.extractOutputValues().stream().map(a -> a.getKind() + " " + a.getStatus() + " " + a.getSeverity()
        + " since " + at(a.getStartedAt()) + (a.getEndedAt() == null ? "" : " ended " + at(a.getEndedAt()))
        + " excess " + a.getExcessEnergy()).toList();
  }

  /** day d (0 = Monday), hour h local. */
  private static String at(Instant t) {
    long ms = t.toEpochMilli() - MONDAY;
    return "d" + ms / DAY + " " + (ms % DAY) / HOUR + ":00";
  }

  @Test
  void aJumpOpensOnTheSecondHourAboveThresholdAndResolvesWhenBack() throws Exception {
    // Monday to Wednesday 10:00-13:00: 100 kWh an hour. After three working days the working-day 10:00,
    // 11:00 and 12:00 are known (100), the hours of the week not yet (one week < minWeeks 2): no verdict.
    for (int d = 0; d < 3; d++) {
      for (int h = 10; h <= 12; h++) {
        hour("device", MONDAY + d * DAY + h * HOUR, 100);
      }
    }
    assertThat(events()).isEmpty();
    // Thursday 10:00 130 (+30 %, 30 kWh >= 5): one hour high, not confirmed yet
    hour("device", MONDAY + 3 * DAY + 10 * HOUR, 130);
    assertThat(events()).isEmpty();
    // 11:00 130: confirmed, a WARNING since 10:00 carrying both hours' excess, 30 + 30 = 60 kWh
    hour("device", MONDAY + 3 * DAY + 11 * HOUR, 130);
    assertThat(events()).containsExactly("JUMP OPEN WARNING since d3 10:00 excess 60.0");
    // 12:00 100: the usual hour resolves it at its start
    hour("device", MONDAY + 3 * DAY + 12 * HOUR, 100);
    assertThat(events()).containsExactly("JUMP OPEN WARNING since d3 10:00 excess 60.0",
        "JUMP RESOLVED WARNING since d3 10:00 ended d3 12:00 excess 60.0");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).as("the device's hour-of-week baseline, kept for good").isEqualTo(1);
  }

  @Test
  void aCriticalJumpOpensOnItsFirstHour() throws Exception {
    for (int d = 0; d < 3; d++) {
      hour("device", MONDAY + d * DAY + 10 * HOUR, 100);
    }
    // 160 against 100: +60 % >= 50 %, critical at once, excess 60 kWh
    hour("device", MONDAY + 3 * DAY + 10 * HOUR, 160);
    assertThat(events()).containsExactly("JUMP OPEN CRITICAL since d3 10:00 excess 60.0");
    assertThat(harness.numKeyedStateEntries()).as("the baseline and the open jump").isEqualTo(2);
  }

  @Test
  void aHighNightOpensANightBaseLoadAtItsEndAndAUsualNightResolvesIt() throws Exception {
    // seven nights at 10 kWh an hour from 00:00 to 05:00: the baseline's median is 10 kWh/h
    for (int d = 0; d < 7; d++) {
      for (int h = 0; h < 5; h++) {
        hour("floor", MONDAY + d * DAY + h * HOUR, 10);
      }
    }
    assertThat(events()).isEmpty();
    // the eighth night at 12.5: +2.5 kWh/h (>= 2), +25 % (>= 15, < 30: a warning), judged at its end, 05:00;
    // excess 2.5 x 5 hours = 12.5 kWh. (JUMP also judges these hours: 2.5 kWh above 10 is under its 5 kWh.)
    for (int h = 0; h < 5; h++) {
      hour("floor", MONDAY + 7 * DAY + h * HOUR, 12.5);
    }
    assertThat(events()).containsExactly("NIGHT_BASE_LOAD OPEN WARNING since d7 5:00 excess 12.5");
    // the ninth at 10: the median of (10 x 7, 12.5) is 10, the night is usual, resolved at its end
    for (int h = 0; h < 5; h++) {
      hour("floor", MONDAY + 8 * DAY + h * HOUR, 10);
    }
    assertThat(events()).last().isEqualTo("NIGHT_BASE_LOAD RESOLVED WARNING since d7 5:00 ended d8 5:00 excess 12.5");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).as("the floor's hour-of-week baseline and its nights, kept for good")
        .isEqualTo(2);
  }

  @Test
  void onlyTheFirstVersionOfAnHourlyWindowAtADetectedLevelIsJudged() {
    long start = MONDAY + 10 * HOUR;
    assertThat(detection.wanted(window("device", start, 100, 1))).isTrue();
    assertThat(detection.wanted(window("device", start, 100, 2))).as("a late correction").isFalse();
    NodeWindow quarter = window("device", start, 25, 1);
    quarter.setSize("15m");
    assertThat(detection.wanted(quarter)).isFalse();
    assertThat(detection.wanted(window("room", start, 100, 1))).as("rooms: neither JUMP nor NIGHT_BASE_LOAD").isFalse();
    assertThat(detection.wanted(window("floor", start, 100, 1))).isTrue();
  }
}
