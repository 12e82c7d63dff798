package io.wattward.jobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.schema.Anomaly;
import io.wattward.schema.MeterMinuteRecord;
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
 * The meter detector's state and timers: a meter is offline once the watermark passes 15 minutes after its
 * last minute (default {@code offline.minutes}), critical at 120, and back with its next minute.
 */
class MeterMinuteDetectionTest {

  private static final long T0 = Instant.parse("2026-10-04T16:00:00Z").toEpochMilli(); // midnight in Shanghai
  private static final long MINUTE = 60_000L;

  private KeyedOneInputStreamOperatorTestHarness<String, MeterMinuteRecord, Anomaly> harness;

  @BeforeEach
  void open() throws Exception {
    WattwardConfig.Anomalies settings = WattwardConfig.load(null, Map.of()).anomalies();
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new MeterMinuteDetection("Asia/Shanghai", settings, Map.of("M", "PPH/MAIN/IP1")),
        m -> m.getMeterId(), Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void minute(int n, double kwh) throws Exception {
    harness.processElement(new StreamRecord<>(MeterMinuteRecord.newBuilder().setMeterId("M")
        .setEnergyType("ELECTRICITY").setMinuteStart(Instant.ofEpochMilli(T0 + n * MINUTE)).setConsumption(kwh)
        .setUnit("kWh").setEstimated(false).setVersion(1).build(), T0 + n * MINUTE));
  }

  private List<String> events() {
    return harness.extractOutputValues().stream().map(a -> a.getKind() + " " + a.getStatus() + " "
        + a.getSeverity() + " since minute " + (a.getStartedAt().toEpochMilli() - T0) / MINUTE).toList();
  }

  @Test
  void aSilentMeterIsOfflineThenCriticalThenBackAndOnlyItsDeadlineIsKept() throws Exception {
    for (int n = 0; n < 10; n++) {
      minute(n, 0.30 + 0.01 * (n % 3));
    }
    assertThat(harness.numEventTimeTimers()).as("one deadline per meter, moved by each minute").isEqualTo(1);
    // the last minute (9) ends at minute 10: the deadline is 10 + 15 = 25
    harness.processWatermark(T0 + 24 * MINUTE);
    assertThat(events()).isEmpty();
    harness.processWatermark(T0 + 25 * MINUTE);
    assertThat(events()).containsExactly("OFFLINE OPEN WARNING since minute 10");
    // critical 120 minutes after the silence began: minute 130; nothing more to wait for then
    harness.processWatermark(T0 + 130 * MINUTE);
    assertThat(events()).containsExactly("OFFLINE OPEN WARNING since minute 10",
        "OFFLINE UPDATE CRITICAL since minute 10");
    assertThat(harness.numEventTimeTimers()).isZero();
    // back at minute 140: resolved, and the new deadline is the only timer
    minute(140, 0.31);
    assertThat(events()).last().isEqualTo("OFFLINE RESOLVED CRITICAL since minute 10");
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void aSilenceReadInABurstIsFoundFromTheGapItself() throws Exception {
    // minutes 0-9, then nothing to minute 40, all read before the watermark moves (a catch-up): the deadline at
    // minute 25 is never passed while the meter is silent
    for (int n = 0; n < 10; n++) {
      minute(n, 0.30);
    }
    minute(40, 0.31);
    assertThat(events()).containsExactly("OFFLINE OPEN WARNING since minute 10",
        "OFFLINE RESOLVED WARNING since minute 10");
    harness.processWatermark(T0 + 41 * MINUTE);
    assertThat(events()).as("the deadline of minute 9 is gone with minute 40").hasSize(2);
    // 14 silent minutes (11 to 24) are not offline; a silence of 130 minutes is critical
    minute(42, 0.30);
    minute(57, 0.30);
    assertThat(events()).hasSize(2);
    minute(188, 0.30);
    assertThat(events()).last().isEqualTo("OFFLINE RESOLVED CRITICAL since minute 58");
  }

  @Test
  void theEndOfABoundedInputIsNotSilence() throws Exception {
    minute(0, 0.3);
    harness.processWatermark(Long.MAX_VALUE);
    assertThat(events()).isEmpty();
  }
}
