package io.wattward.jobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.schema.Anomaly;
import io.wattward.schema.EnvMinute;
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
 * The environment detector's state per room (defaults: out of range for 10 minutes in a row opens a
 * WARNING, 60 makes it CRITICAL, 5 minutes back in range resolve it). A room keeps state only for a factor
 * that is out of range or has not yet been back for 5 minutes; no timers.
 */
class EnvMinuteDetectionTest {

  private static final long T0 = Instant.parse("2026-10-05T02:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;

  private KeyedOneInputStreamOperatorTestHarness<String, EnvMinute, Anomaly> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new EnvMinuteDetection(WattwardConfig.load(null, Map.of()).anomalies().environment()),
        m -> m.getNodeId(), Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /** An operating room's minute: 22 °C (in range) and the given humidity, out of range or not. */
  private void minute(int n, double humidityPct, boolean humidityOut) throws Exception {
    harness.processElement(new StreamRecord<>(EnvMinute.newBuilder().setLevel("room").setNodeId("PPH/MAIN/OR1")
        .setBuilding("PPH/MAIN").setRoomType("OPERATING_ROOM").setMinuteStart(Instant.ofEpochMilli(T0 + n * MINUTE))
        .setTemperatureC(22.0).setHumidityPct(humidityPct)
        .setOutOfRange(humidityOut ? List.of("humidityPct") : List.of()).build(), T0 + n * MINUTE));
  }

  private List<String> events() {
    return harness.extractOutputValues().stream().map(a -> a.getKind() + " " + a.getSubject() + " " + a.getStatus()
        + " " + a.getSeverity() + " since minute " + (a.getStartedAt().toEpochMilli() - T0) / MINUTE
        + (a.getEndedAt() == null ? "" : " ended minute " + (a.getEndedAt().toEpochMilli() - T0) / MINUTE)).toList();
  }

  @Test
  void humidityOutForTenMinutesOpensCriticalAtSixtyAndFiveMinutesBackResolveWithNoStateLeft() throws Exception {
    // minutes 0-59 at 65 % (out): the 10th (minute 9) opens a warning since minute 0, the 60th (minute 59)
    // raises it to critical
    for (int n = 0; n < 60; n++) {
      minute(n, 65, true);
    }
    assertThat(events()).containsExactly("ENV_OUT_OF_RANGE humidityPct OPEN WARNING since minute 0",
        "ENV_OUT_OF_RANGE humidityPct UPDATE CRITICAL since minute 0");
    assertThat(harness.numKeyedStateEntries()).as("the humidity's run and its open anomaly").isEqualTo(2);
    // minutes 60-64 at 55 % (in): the 5th (minute 64) resolves it, ended where the minutes in range began (60)
    for (int n = 60; n < 64; n++) {
      minute(n, 55, false);
    }
    assertThat(events()).hasSize(2);
    minute(64, 55, false);
    assertThat(events()).last()
        .isEqualTo("ENV_OUT_OF_RANGE humidityPct RESOLVED CRITICAL since minute 0 ended minute 60");
    assertThat(harness.numKeyedStateEntries()).as("back to normal: nothing kept for the room").isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aShortExcursionOpensNothingAndItsRunIsDroppedAfterFiveMinutesInRange() throws Exception {
    // minutes 0-8 out: 9 < 10, nothing opens; minutes 9-12 in: 4 < 5, the run is still kept
    for (int n = 0; n < 9; n++) {
      minute(n, 65, true);
    }
    for (int n = 9; n < 13; n++) {
      minute(n, 55, false);
    }
    assertThat(events()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).as("the humidity's run").isEqualTo(1);
    minute(13, 55, false);
    assertThat(events()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aRoomAlwaysInRangeKeepsNoState() throws Exception {
    for (int n = 0; n < 30; n++) {
      minute(n, 50, false);
    }
    assertThat(events()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }
}
