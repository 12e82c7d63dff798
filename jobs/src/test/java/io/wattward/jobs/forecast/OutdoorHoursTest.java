package io.wattward.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.forecast.stream.OutdoorHour;
import io.wattward.schema.EnvMinute;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A campus's outdoor hours: the mean temperature of the hour's minutes, out when the watermark passes the
 * hour's end; a minute without a temperature or of an hour already out is ignored. Nothing is kept after.
 */
class OutdoorHoursTest {

  private static final long H10 = Instant.parse("2026-10-05T02:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;

  private KeyedOneInputStreamOperatorTestHarness<String, EnvMinute, OutdoorHour> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new OutdoorHours(), m -> m.getNodeId(),
        Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void minute(long start, Double temperatureC) throws Exception {
    harness.processElement(new StreamRecord<>(EnvMinute.newBuilder().setLevel("campus").setNodeId("PPH/MAIN")
        .setBuilding("").setRoomType("").setMinuteStart(Instant.ofEpochMilli(start)).setTemperatureC(temperatureC)
        .setOutOfRange(List.of()).build(), start));
  }

  private List<String> hours() {
    return harness.extractOutputValues().stream()
        .map(h -> h.campusId + " hour " + (h.hourStartMs - H10) / HOUR + ": " + h.temperatureC + " C").toList();
  }

  @Test
  void anHoursMeanGoesOutWhenTheWatermarkPassesItsEndAndNothingIsLeftAfter() throws Exception {
    minute(H10, 20.0);
    minute(H10 + 30 * MINUTE, 22.0);
    minute(H10 + 45 * MINUTE, null); // no temperature: not a minute of the mean
    minute(H10 + 59 * MINUTE, 24.0);
    minute(H10 + HOUR, 30.0);
    assertThat(harness.numEventTimeTimers()).isEqualTo(2);
    // 10:00: (20 + 22 + 24) / 3 = 22
    harness.processWatermark(H10 + HOUR);
    assertThat(hours()).containsExactly("PPH/MAIN hour 0: 22.0 C");
    minute(H10 + 10 * MINUTE, 40.0); // 10:00 is out already
    harness.processWatermark(H10 + 2 * HOUR);
    assertThat(hours()).containsExactly("PPH/MAIN hour 0: 22.0 C", "PPH/MAIN hour 1: 30.0 C");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }
}
