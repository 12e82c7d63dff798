package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.environment.EnvSample;
import io.wattward.environment.SensorMinute;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.schema.DeadLetter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sensor set's minutes: the mean of each factor over the minute's readings, out when the watermark passes
 * the minute's end plus the allowed lateness (default {@code environment.allowedLatenessMs}, 2 minutes); a
 * reading of a closed minute goes to the late readings, a repeated one to the dead letters. Nothing is kept
 * once the minutes are closed.
 */
class SensorMinutesTest {

  private static final long T0 = Instant.parse("2026-10-05T02:00:00Z").toEpochMilli();
  private static final long SECOND = 1_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final double N = Double.NaN;

  private KeyedOneInputStreamOperatorTestHarness<String, EnvSample, SensorMinute> harness;
  private long offset;

  @BeforeEach
  void open() throws Exception {
    long lateness = WattwardConfig.load(null, Map.of()).environment().allowedLatenessMs();
    assertThat(lateness).isEqualTo(2 * MINUTE);
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new SensorMinutes("rollup", lateness),
        s -> s.sensorId, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /** A reading at T0 + {@code atMs}: temperature, humidity, and the other four factors not reported. */
  private void reading(long atMs, double temperatureC, double humidityPct) throws Exception {
    EnvSample s = new EnvSample();
    s.sensorId = "S1";
    s.eventTimeMs = T0 + atMs;
    s.values = new double[] {temperatureC, humidityPct, N, N, N, N};
    s.sourceTopic = "env-readings";
    s.sourceOffset = offset++;
    s.original = new byte[] {1};
    harness.processElement(new StreamRecord<>(s, s.eventTimeMs));
  }

  private List<String> minutes() {
    return harness.extractOutputValues().stream().map(m -> "minute " + (m.minuteStartMs - T0) / MINUTE + ": "
        + Arrays.toString(m.means) + " of " + m.readings).toList();
  }

  private List<String> reasons(OutputTag<DeadLetter> tag) {
    return harness.getSideOutput(tag) == null ? List.of()
        : harness.getSideOutput(tag).stream().map(r -> r.getValue().getReasonCode() + " offset "
            + r.getValue().getSourceOffset()).toList();
  }

  @Test
  void aMinuteIsTheMeanOfItsReadingsOutTwoMinutesAfterItsEndAndNothingIsLeft() throws Exception {
    reading(10 * SECOND, 20, 40); // offset 0
    reading(40 * SECOND, 22, 50); // offset 1
    reading(40 * SECOND, 22, 50); // offset 2: the same again
    reading(40 * SECOND, 23, 50); // offset 3: the same time, another value
    reading(MINUTE + 30 * SECOND, 30, 60); // offset 4: minute 1
    assertThat(reasons(DeadLetters.TAG)).containsExactly("DUPLICATE offset 2", "CONFLICTING_DUPLICATE offset 3");
    assertThat(harness.numEventTimeTimers()).as("minute 0 closes at 3:00, minute 1 at 4:00").isEqualTo(2);
    harness.processWatermark(T0 + 3 * MINUTE - 1);
    assertThat(minutes()).isEmpty();
    // minute 0: temperature (20 + 22) / 2 = 21, humidity (40 + 50) / 2 = 45, the rest not reported
    harness.processWatermark(T0 + 3 * MINUTE);
    assertThat(minutes()).containsExactly("minute 0: [21.0, 45.0, NaN, NaN, NaN, NaN] of 2");
    // behind the watermark: minute 0 is closed (late), minute 1 is not yet (closes at 4:00)
    reading(50 * SECOND, 25, 55); // offset 5
    reading(MINUTE + 45 * SECOND, 32, 70); // offset 6
    assertThat(reasons(MeterNormalizer.LATE)).containsExactly("LATE offset 5");
    // minute 1: (30 + 32) / 2 = 31, (60 + 70) / 2 = 65
    harness.processWatermark(T0 + 4 * MINUTE);
    assertThat(minutes()).containsExactly("minute 0: [21.0, 45.0, NaN, NaN, NaN, NaN] of 2",
        "minute 1: [31.0, 65.0, NaN, NaN, NaN, NaN] of 2");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aSilentMinuteHasNoSensorMinute() throws Exception {
    reading(10 * SECOND, 20, 40);
    reading(2 * MINUTE + 10 * SECOND, 22, 40); // nothing in minute 1
    harness.processWatermark(T0 + 10 * MINUTE);
    assertThat(minutes()).containsExactly("minute 0: [20.0, 40.0, NaN, NaN, NaN, NaN] of 1",
        "minute 2: [22.0, 40.0, NaN, NaN, NaN, NaN] of 1");
    assertThat(harness.numKeyedStateEntries()).isZero();
  }
}
