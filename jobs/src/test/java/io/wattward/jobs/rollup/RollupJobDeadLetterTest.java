package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.EnergyType;
import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterReading;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.QualityFlag;
import io.wattward.schema.SpatialPath;
import io.wattward.schema.ValueKind;
import io.wattward.simulator.KafkaPublisher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.junit.jupiter.api.Test;

/**
 * Bad input through the real path: each bad record lands on the dead-letter topic with its reason
 * and original bytes, the job keeps running, and every valid reading still counts.
 */
class RollupJobDeadLetterTest {

  static final Instant T0 = Instant.parse("2026-11-20T02:00:00Z");

  /** A lighting register meter on floor F01 of building IP1. */
  static MeterRegistration meter(String id) {
    return MeterRegistration.newBuilder().setMeterId(id).setPointKind("floor")
        .setEnergyType(EnergyType.ELECTRICITY).setCategoryCode("01000").setSubItemCode("01A00")
        .setSpatial(new SpatialPath("PPH", "MAIN", "IP1", "F01", null, null))
        .setItemized(new ItemizedPath("lighting-sockets", null, null))
        .setValueKind(ValueKind.REGISTER).setUnit("kWh").setMultiplier(1.0).setRegisterCapacity(1e8)
        .setEffectiveFrom(Instant.parse("2020-01-01T00:00:00Z")).build();
  }

  /** A register reading {@code minute} minutes after T0, encoded as on the topic. */
  static byte[] reading(String meter, int minute, double kwh) {
    return AvroMessages.encode(MeterReading.getEncoder(),
        new MeterReading(meter, T0.plusSeconds(60L * minute), kwh, ValueKind.REGISTER, "kWh", QualityFlag.GOOD));
  }

  @Test
  void badRecordsGoToDeadLettersWithReasonAndValidOnesAllCount() throws Exception {
    PipelineFixture fx = new PipelineFixture("e2e_dlq");
    String topic = fx.config.kafka().topics().meterReadings();
    byte[] garbage = "{\"meterId\": \"A\", \"value\": 1}".getBytes(StandardCharsets.UTF_8);
    try (KafkaPublisher p = fx.publisher()) {
      // meter A: 100.000, 100.250, 100.750, 101.000 kWh at minutes 0..3 -> 0.250, 0.500, 0.250
      p.send(topic, "A", reading("A", 0, 100.000));
      p.send(topic, "A", reading("A", 1, 100.250));
      p.send(topic, "A", garbage);                                   // UNDECODABLE
      p.send(topic, "A", null);                                      // UNDECODABLE (no value)
      p.send(topic, "A", reading("A", 1, 100.250));                  // DUPLICATE
      p.send(topic, "A", reading("A", 2, Double.NaN));               // NOT_FINITE
      p.send(topic, "A", reading("A", 2, 100.750));
      p.send(topic, "A", reading("A", 2, -3.0));                     // NEGATIVE
      p.send(topic, "A", reading("A", 3, 101.000));
      p.send(topic, "GHOST", reading("GHOST", 1, 5.0));              // UNKNOWN_METER
      p.send(topic, "A", reading("A", 60 * 24 * 365 * 74, 102.0));   // FAR_FUTURE (year 2100)
      // meter B: 7.000 -> 7.100 -> 7.300
      p.send(topic, "B", reading("B", 0, 7.000));
      p.send(topic, "B", reading("B", 1, 7.100));
      p.send(topic, "B", reading("B", 2, 7.300));
    }

    JobExecutionResult result = fx.runRollup(List.of(meter("A"), meter("B")));

    long m0 = T0.toEpochMilli();
    assertThat(fx.meterMinutes()).isEqualTo(Map.of(
        "A", Map.of(m0, 250L, m0 + 60_000, 500L, m0 + 120_000, 250L),
        "B", Map.of(m0, 100L, m0 + 60_000, 200L)));

    List<DeadLetter> dead = fx.deadLetters();
    assertThat(dead.stream().collect(Collectors.groupingBy(DeadLetter::getReasonCode, Collectors.counting())))
        .isEqualTo(Map.of("UNDECODABLE", 2L, "DUPLICATE", 1L, "NOT_FINITE", 1L, "NEGATIVE", 1L,
            "UNKNOWN_METER", 1L, "FAR_FUTURE", 1L));
    DeadLetter undecodable = dead.stream()
        .filter(d -> d.getReasonCode().equals("UNDECODABLE") && d.getOriginalValue() != null).findFirst().orElseThrow();
    assertThat(bytes(undecodable.getOriginalValue())).isEqualTo(garbage);
    assertThat(undecodable.getSourceTopic()).isEqualTo(topic);
    assertThat(undecodable.getReason()).startsWith("not a MeterReading");
    DeadLetter ghost = dead.stream().filter(d -> d.getReasonCode().equals("UNKNOWN_METER")).findFirst().orElseThrow();
    assertThat(ghost.getReason()).isEqualTo("meter GHOST is not in the registry");
    assertThat(MeterReading.getDecoder().decode(ghost.getOriginalValue()).getValue()).isEqualTo(5.0);

    assertThat((Long) result.getAccumulatorResult("deadLetters.UNDECODABLE")).isEqualTo(2L);
    assertThat((Long) result.getAccumulatorResult("deadLetters.DUPLICATE")).isEqualTo(1L);
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
