package io.wattward.jobs.rollup;


import io.wattward.jobs.common.DeadLetters;
import io.wattward.normalize.HistoryChunk;
import io.wattward.normalize.LedgerReading;
import io.wattward.normalize.MeterLedgerState;
import io.wattward.normalize.MeterMinute;
import io.wattward.normalize.SplitLedger;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.ValueKind;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class MeterNormalizerTest {

  private static final long M = 60_000;
  private KeyedOneInputStreamOperatorTestHarness<String, LedgerReading, MeterMinute> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        // allowed lateness 1 h, gaps from 15 min, 3 spikes in a row make a new baseline
        new MeterNormalizer("test", 3_600_000, 15 * M, 3), s -> s.meterId, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static LedgerReading register(String meter, long t, long milli) {
    LedgerReading s = new LedgerReading();
    s.meterId = meter;
    s.eventTimeMs = t;
    s.valueMilli = milli;
    s.kind = ValueKind.REGISTER;
    s.energyType = "ELECTRICITY";
    s.unit = "kWh";
    s.factor = 1.0;
    s.registerCapacityMilli = 100_000_000;
    s.maxMilliPerHour = 60_000; // 60 kWh per hour: 1 kWh per minute
    s.original = new byte[] {1};
    return s;
  }

  private void send(LedgerReading s) throws Exception {
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

  private List<String> lateReasons() {
    return harness.getSideOutput(MeterNormalizer.LATE) == null ? List.of()
        : harness.getSideOutput(MeterNormalizer.LATE).stream().map(r -> ((DeadLetter) r.getValue()).getReasonCode()).toList();
  }

  private List<String> events() {
    return harness.getSideOutput(MeterNormalizer.EVENTS) == null ? List.of()
        : harness.getSideOutput(MeterNormalizer.EVENTS).stream()
            .map(r -> r.getValue().kind + " " + r.getValue().eventTimeMs / M).toList();
  }

  /** meter minute consumption readings version previous */
  private List<String> versions() {
    return harness.extractOutputValues().stream()
        .map(m -> m.minuteStartMs / M + " " + m.consumptionMilli + " v" + m.version + " was " + m.previousConsumptionMilli)
        .toList();
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
    send(register("A", 12 * M, 1_300));
    harness.processWatermark(12 * M);

    assertThat(minutes()).containsExactly("A 10 100 1", "A 11 200 1");
    assertThat(deadLetterReasons()).containsExactly("DUPLICATE", "DUPLICATE", "CONFLICTING_DUPLICATE");
  }

  @Test
  void rolloverInTheStreamCountsTheWrappedConsumptionAndIsAnEvent() throws Exception {
    send(register("A", 10 * M, 99_999_800));
    send(register("A", 11 * M, 150));
    harness.processWatermark(11 * M);

    assertThat(minutes()).containsExactly("A 10 350 1");
    assertThat(events()).containsExactly("ROLLOVER 11");
  }

  @Test
  void lateReadingWithinLatenessCorrectsTheMinutesItSplits() throws Exception {
    // 10:00 1000, (10:01 missing), 10:02 1300: 300 spread as 150 + 150
    send(register("A", 10 * M, 1_000));
    send(register("A", 12 * M, 1_300));
    harness.processWatermark(30 * M);
    // the 10:01 reading arrives 28 minutes late: 1100, so the minutes were really 100 and 200
    send(register("A", 11 * M, 1_100));

    assertThat(versions()).containsExactly("10 150 v1 was 0", "11 150 v1 was 0", "10 100 v2 was 150", "11 200 v2 was 150");
    assertThat(lateReasons()).isEmpty();
  }

  @Test
  void readingLaterThanTheAllowedLatenessGoesToTheLateTopic() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 12 * M, 1_300));
    harness.processWatermark(80 * M);
    send(register("A", 11 * M, 1_100));

    assertThat(versions()).containsExactly("10 150 v1 was 0", "11 150 v1 was 0");
    assertThat(lateReasons()).containsExactly("LATE");
  }

  @Test
  void lateReadingThatDoesNotFitBetweenItsNeighboursIsRejected() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 12 * M, 1_300));
    harness.processWatermark(12 * M);
    send(register("A", 11 * M, 1_500)); // above the later reading: a register cannot have gone down

    assertThat(versions()).containsExactly("10 150 v1 was 0", "11 150 v1 was 0");
    assertThat(deadLetterReasons()).containsExactly("OUT_OF_SEQUENCE");
  }

  @Test
  void spikeIsRejectedAndTheBaselineKept() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 11 * M, 9_000)); // 8 kWh in a minute: over the plausible 1 kWh/min
    send(register("A", 12 * M, 1_500));
    harness.processWatermark(12 * M);

    // the spike is dropped; 10:00 -> 10:02 is 500, spread over two minutes
    assertThat(minutes()).containsExactly("A 10 250 1", "A 11 250 1");
    assertThat(deadLetterReasons()).containsExactly("SPIKE");
    assertThat(events()).containsExactly("SPIKE 11");
  }

  @Test
  void levelThatStaysHighIsAReplacedMeterWithANewBaseline() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 11 * M, 50_000));
    send(register("A", 12 * M, 50_400));
    send(register("A", 13 * M, 50_900)); // third reading in a row above the old baseline's plausible range
    send(register("A", 14 * M, 51_200));
    harness.processWatermark(14 * M);

    // 10:00-10:03 unknown (new baseline at 10:03, counted zero), then 300 in minute 13
    assertThat(minutes()).containsExactly("A 10 0 1", "A 11 0 1", "A 12 0 1", "A 13 300 1");
    assertThat(deadLetterReasons()).containsExactly("SPIKE", "SPIKE");
    assertThat(events()).containsExactly("SPIKE 11", "SPIKE 12", "REPLACEMENT 13");
  }

  @Test
  void longGapIsAnEventAndItsMinutesAreEstimated() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 30 * M, 3_000)); // 20 minutes without a reading
    harness.processWatermark(30 * M);

    assertThat(harness.extractOutputValues()).hasSize(20).allSatisfy(m -> {
      assertThat(m.consumptionMilli).isEqualTo(100);
      assertThat(m.estimated).isTrue();
    });
    assertThat(events()).containsExactly("GAP 30");
  }

  @Test
  void resetStartsANewBaselineWithoutInventingConsumption() throws Exception {
    send(register("A", 10 * M, 52_000_000));
    send(register("A", 11 * M, 5));
    send(register("A", 12 * M, 25));
    harness.processWatermark(12 * M);

    assertThat(minutes()).containsExactly("A 10 0 1", "A 11 20 1");
    assertThat(events()).containsExactly("RESET 11");
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
  void onceTheWatermarkIsPastEverythingOnlyEachMetersLastReadingIsKeptAndNoTimerIsLeft() throws Exception {
    send(register("A", 10 * M, 1_000));
    send(register("A", 11 * M, 1_100));
    send(register("A", 13 * M, 1_300)); // ahead of the watermark: waits with a timer
    send(register("B", 10 * M, 5_000));
    send(register("B", 10 * M + 30_000, 5_050)); // inside a minute: B's minute 10 stays open
    harness.processWatermark(12 * M);
    send(register("A", 10 * M + 30_000, 1_040)); // late, within the allowed lateness: corrects minute 10
    assertThat(harness.numEventTimeTimers()).isPositive();

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(minutes()).containsExactly("A 10 100 1", "A 10 100 2", "A 11 100 1", "A 12 100 1");
    assertThat(harness.numEventTimeTimers()).isZero();
    // per meter its "now" value and its history, nothing else
    assertThat(harness.numKeyedStateEntries()).isEqualTo(4);
    MeterLedgerState a = ledgerOf("A");
    assertThat(a.applied).extracting(p -> p.timeMs).containsExactly(13 * M);
    assertThat(a.minutes).isEmpty();
    assertThat(a.pending).isEmpty();
    MeterLedgerState b = ledgerOf("B");
    assertThat(b.applied).extracting(p -> p.timeMs).containsExactly(10 * M + 30_000);
    assertThat(b.minutes).extracting(m -> m.minuteStartMs).containsExactly(10 * M); // its open minute
  }

  /** The meter's ledger, its two parts joined. */
  private MeterLedgerState ledgerOf(String meter) throws Exception {
    return ledgerOf(harness, meter);
  }

  static MeterLedgerState ledgerOf(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness, String meter)
      throws Exception {
    KeyedStateBackend<Object> state = harness.getOperator().getKeyedStateBackend();
    state.setCurrentKey(meter);
    MeterLedgerState now = state.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
        MeterNormalizer.nowDescriptor()).value();
    Iterable<HistoryChunk> history = state.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
        MeterNormalizer.historyDescriptor()).get();
    return now == null ? null : SplitLedger.join(MeterLedgerSerializer.INSTANCE.copy(now), history);
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
