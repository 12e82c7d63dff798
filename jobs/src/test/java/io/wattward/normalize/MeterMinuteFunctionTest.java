package io.wattward.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.ingest.DeadLetters;
import io.wattward.ingest.MeterSample;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.ValueKind;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeterMinuteFunctionTest {

  private static final long M = 60_000;
  private KeyedOneInputStreamOperatorTestHarness<String, MeterSample, MeterMinute> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new MeterMinuteFunction("test"), s -> s.meterId, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static MeterSample register(String meter, long t, long milli) {
    MeterSample s = new MeterSample();
    s.meterId = meter;
    s.eventTimeMs = t;
    s.valueMilli = milli;
    s.kind = ValueKind.REGISTER;
    s.consumedUnit = "kWh";
    s.multiplier = 1.0;
    s.registerCapacityMilli = 100_000_000;
    s.original = new byte[] {1};
    return s;
  }

  private void send(MeterSample s) throws Exception {
    harness.processElement(new StreamRecord<>(s, s.eventTimeMs));
  }

  private List<String> minutes() {
    return harness.extractOutputValues().stream()
        .map(m -> m.meterId + " " + m.minuteStartMs / M + " " + m.consumptionMilli + " " + m.readings).toList();
  }

  private List<String> deadLetterReasons() {
    return harness.getSideOutput(DeadLetters.TAG) == null ? List.of()
        : harness.getSideOutput(DeadLetters.TAG).stream().map(r -> ((DeadLetter) r.getValue()).getReasonCode()).toList();
  }

  @Test
  void readingsAtMinuteBoundariesGiveOneRowPerMinuteOnceTheWatermarkPasses() throws Exception {
    send(register("A", 10 * M, 1_000_000));
    send(register("A", 11 * M, 1_000_250));
    send(register("A", 12 * M, 1_000_750));
    assertThat(minutes()).isEmpty();

    harness.processWatermark(12 * M);

    assertThat(minutes()).containsExactly("A 10 250 1", "A 11 500 1");
  }

  @Test
  void outOfOrderReadingsAreAppliedInEventTimeOrder() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 12 * M, 1_300));
    send(register("A", 11 * M, 1_100));
    harness.processWatermark(12 * M);

    assertThat(minutes()).containsExactly("A 10 100 1", "A 11 200 1");
    assertThat(deadLetterReasons()).isEmpty();
  }

  @Test
  void readingBehindWatermarkButAfterLastAppliedIsAppliedAtOnce() throws Exception {
    send(register("A", 10 * M, 1_000));
    harness.processWatermark(20 * M);
    send(register("A", 11 * M, 1_040));

    assertThat(minutes()).containsExactly("A 10 40 1");
  }

  @Test
  void duplicatesAndLateReadingsAreDeadLetteredAndChangeNothing() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 11 * M, 1_100));
    send(register("A", 11 * M, 1_100)); // duplicate while still queued
    harness.processWatermark(11 * M);
    send(register("A", 11 * M, 1_100)); // duplicate of the applied reading
    send(register("A", 11 * M, 1_999)); // same time, other value
    send(register("A", 10 * M + 30_000, 1_050)); // before the last applied reading
    send(register("A", 12 * M, 1_300));
    harness.processWatermark(12 * M);

    assertThat(minutes()).containsExactly("A 10 100 1", "A 11 200 1");
    assertThat(deadLetterReasons()).containsExactly("DUPLICATE", "DUPLICATE", "CONFLICTING_DUPLICATE", "LATE");
  }

  @Test
  void rolloverInTheStreamCountsTheWrappedConsumption() throws Exception {
    send(register("A", 10 * M, 99_999_800));
    send(register("A", 11 * M, 150));
    harness.processWatermark(11 * M);

    assertThat(minutes()).containsExactly("A 10 350 1");
  }

  @Test
  void resetStartsANewBaselineWithoutInventingConsumption() throws Exception {
    send(register("A", 10 * M, 52_000_000));
    send(register("A", 11 * M, 5));
    send(register("A", 12 * M, 25));
    harness.processWatermark(12 * M);

    assertThat(minutes()).containsExactly("A 10 0 1", "A 11 20 1");
  }

  @Test
  void metersAreIndependent() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("B", 10 * M, 5_000));
    send(register("B", 11 * M, 5_070));
    send(register("A", 11 * M, 1_030));
    harness.processWatermark(11 * M);

    assertThat(minutes()).containsExactlyInAnyOrder("A 10 30 1", "B 10 70 1");
  }

  @Test
  void gapIsSpreadOverTheMinutesItCovers() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 13 * M, 1_300));
    harness.processWatermark(13 * M);

    assertThat(minutes()).containsExactly("A 10 100 1", "A 11 100 1", "A 12 100 1");
  }

  @Test
  void readingsInsideAMinuteAccumulateUntilItEnds() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 10 * M + 30_000, 1_010));
    send(register("A", 11 * M, 1_030));
    harness.processWatermark(10 * M + 30_000);
    assertThat(minutes()).isEmpty();

    harness.processWatermark(11 * M);

    assertThat(minutes()).containsExactly("A 10 30 2");
  }
}
