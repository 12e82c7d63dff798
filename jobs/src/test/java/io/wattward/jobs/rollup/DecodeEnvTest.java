package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.environment.EnvSample;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.schema.EnvReading;
import io.wattward.topology.SensorInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Environment readings decoded and validated against the sensor registry: a good one goes out with one value
 * per factor (NaN where not reported) and its source; a bad one to the dead letters with its reason.
 */
class DecodeEnvTest {

  private static final Instant NOW = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - 60_000L);

  private OneInputStreamOperatorTestHarness<RawRecord, EnvSample> harness;
  private long offset;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forProcessFunction(new DecodeEnv("rollup", List.of(
        new SensorInfo("S1", "PPH", "MAIN", "IP2", "F05", "OPERATING-THEATRE", "IP2-F05-R501", "operating-room")),
        3_600_000L));
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void send(byte[] value) throws Exception {
    harness.processElement(new RawRecord("env-readings", 0, offset++, NOW.toEpochMilli(), null, value),
        NOW.toEpochMilli());
  }

  private static byte[] reading(String sensorId, Double temperatureC, Double humidityPct) {
    return AvroMessages.encode(EnvReading.getEncoder(), EnvReading.newBuilder().setSensorId(sensorId).setEventTime(NOW)
        .setTemperatureC(temperatureC).setHumidityPct(humidityPct).build());
  }

  private List<String> deadLetters() {
    var side = harness.getSideOutput(DeadLetters.TAG);
    return side == null ? List.of() : side.stream().map(r -> r.getValue())
        .map(d -> "offset " + d.getSourceOffset() + " " + d.getReasonCode()).toList();
  }

  @Test
  void aGoodReadingGoesOutWithAValuePerFactor() throws Exception {
    send(reading("S1", 21.5, 45.0));
    assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
      assertThat(s.sensorId).isEqualTo("S1");
      assertThat(s.eventTimeMs).isEqualTo(NOW.toEpochMilli());
      assertThat(Arrays.toString(s.values)).isEqualTo("[21.5, 45.0, NaN, NaN, NaN, NaN]");
      assertThat(s.sourceTopic).isEqualTo("env-readings");
    });
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void badReadingsAreDeadLetteredWithTheirReason() throws Exception {
    send(new byte[] {1, 2, 3}); // 0
    send(null); // 1
    send(reading("S9", 21.5, 45.0)); // 2: not in the registry
    send(reading("S1", null, null)); // 3: no factor at all
    send(reading("S1", 21.5, 150.0)); // 4: humidity above 100 %
    send(reading("S1", Double.NaN, 45.0)); // 5
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters()).containsExactly("offset 0 UNDECODABLE", "offset 1 UNDECODABLE", "offset 2 UNKNOWN_SENSOR",
        "offset 3 EMPTY_READING", "offset 4 IMPLAUSIBLE", "offset 5 NOT_FINITE");
  }
}
