package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.jobs.common.TopologyState;
import io.wattward.normalize.LedgerReading;
import io.wattward.schema.EnergyType;
import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterReading;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.QualityFlag;
import io.wattward.schema.SpatialPath;
import io.wattward.schema.ValueKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decoding and validation against the topology the job started with and the registrations broadcast
 * since: a good reading goes out in milli-units with where it came from; every bad one goes to the dead
 * letters with its reason and offset, and none throws.
 */
class DecodeAndValidateTest {

  private static final String TOPIC = "meter-readings";
  /** now, to the minute, a minute ago: validation compares event time with the wall clock */
  private static final Instant NOW = Instant.ofEpochMilli(Math.floorDiv(System.currentTimeMillis(), 60_000L) * 60_000L - 60_000L);

  private BroadcastOperatorTestHarness<RawRecord, MeterRegistration, LedgerReading> harness;
  private long offset;

  static MeterRegistration registration(String meterId) {
    return MeterRegistration.newBuilder().setMeterId(meterId).setPointKind("floor")
        .setEnergyType(EnergyType.ELECTRICITY).setCategoryCode("01000")
        .setSpatial(new SpatialPath("PPH", "MAIN", "IP1", null, null, null)).setItemized(new ItemizedPath(null, null, null))
        .setValueKind(ValueKind.REGISTER).setUnit("kWh").setMultiplier(1.0).setRegisterCapacity(null)
        .setEffectiveFrom(Instant.parse("2020-01-01T00:00:00Z")).setAccounting(true).build();
  }

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
        new DecodeAndValidate("rollup", List.of(registration("EL-1")), 3_600_000L), TopologyState.DESCRIPTOR);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void send(byte[] value) throws Exception {
    harness.processElement(new RawRecord(TOPIC, 0, offset++, NOW.toEpochMilli(), "k".getBytes(StandardCharsets.UTF_8),
        value), NOW.toEpochMilli());
  }

  private static byte[] reading(String meterId, Instant t, double kwh) {
    return AvroMessages.encode(MeterReading.getEncoder(),
        new MeterReading(meterId, t, kwh, ValueKind.REGISTER, "kWh", QualityFlag.GOOD));
  }

  private List<String> deadLetters() {
    var side = harness.getSideOutput(DeadLetters.TAG);
    return side == null ? List.of() : side.stream().map(r -> r.getValue())
        .map(d -> "offset " + d.getSourceOffset() + " " + d.getReasonCode()).toList();
  }

  @Test
  void aGoodReadingGoesOutInMilliUnitsWithItsSource() throws Exception {
    send(reading("EL-1", NOW, 1234.567));
    assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
      assertThat(s.meterId).isEqualTo("EL-1");
      assertThat(s.valueMilli).isEqualTo(1_234_567L);
      assertThat(s.sourceTopic).isEqualTo(TOPIC);
      assertThat(s.sourceOffset).isZero();
      assertThat(s.original).isEqualTo(reading("EL-1", NOW, 1234.567));
    });
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void badRecordsAreDeadLetteredWithTheirReasonAndNoneThrows() throws Exception {
    send("not avro".getBytes(StandardCharsets.UTF_8)); // 0
    send(null); // 1: a tombstone
    send(reading("EL-9", NOW, 1)); // 2: not registered
    send(reading("EL-1", NOW, -5)); // 3
    send(reading("EL-1", NOW.plusSeconds(2 * 3600), 1)); // 4: two hours ahead, more than the 1 h allowed
    send(reading("EL-1", NOW, Double.NaN)); // 5
    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters()).containsExactly("offset 0 UNDECODABLE", "offset 1 UNDECODABLE", "offset 2 UNKNOWN_METER",
        "offset 3 NEGATIVE", "offset 4 FAR_FUTURE", "offset 5 NOT_FINITE");
    assertThat(harness.getSideOutput(DeadLetters.TAG).peek().getValue().getReason()).contains("not a MeterReading");
  }

  @Test
  void aMeterBroadcastWhileRunningIsValidFromThenOn() throws Exception {
    send(reading("EL-2", NOW, 10)); // 0: unknown yet
    harness.processBroadcastElement(registration("EL-2"), NOW.toEpochMilli());
    send(reading("EL-2", NOW, 10)); // 1
    assertThat(deadLetters()).containsExactly("offset 0 UNKNOWN_METER");
    assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> assertThat(s.meterId).isEqualTo("EL-2"));
  }
}
