package io.wattward.jobs.rollup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.normalize.LedgerOutput;
import io.wattward.normalize.LedgerReading;
import io.wattward.normalize.MeterLedger;
import io.wattward.normalize.MeterLedgerState;
import io.wattward.normalize.MeterMinute;
import io.wattward.normalize.MinuteState;
import io.wattward.normalize.RegisterPoint;
import io.wattward.schema.ValueKind;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The normaliser's per-meter state in its compact format: what goes in comes out, an hour of a meter's state
 * takes a fraction of the POJO form's bytes, and a ledger that builds before kept whole (as a POJO, or in this
 * format before the normaliser split it) is taken over (on the heap and on RocksDB) and the meter goes on from it.
 */
class MeterLedgerSerializerTest {

  private static final long M = 60_000;
  private static final long T0 = 1_795_000_000_000L / M * M;

  /** A meter read every minute for an hour, 250 Wh a minute, with a reading ahead of the watermark. */
  private static MeterLedgerState anHourOfAMeter() {
    MeterLedgerState s = new MeterLedgerState();
    for (int i = 0; i < 60; i++) {
      s.applied.add(new RegisterPoint(T0 + i * M, 1_000_000 + 250L * i));
      MinuteState m = new MinuteState(T0 + i * M);
      m.consumptionMilli = 250;
      m.intervals = 1;
      m.version = i % 3 == 0 ? 2 : 1;
      m.writtenConsumptionMilli = 250;
      m.writtenCounted = true;
      m.dirty = i == 59;
      s.minutes.add(m);
    }
    LedgerReading ahead = reading("PPH-IP2-F3-ICU-EL-07", T0 + 61 * M, 1_015_250);
    ahead.sourceTopic = "meter-readings";
    ahead.sourcePartition = 3;
    ahead.sourceOffset = 1_234_567;
    ahead.original = new byte[] {0, 1, 2, -1};
    ahead.factor = 80.0; // a CT ratio
    s.pending.add(ahead);
    s.last = reading("PPH-IP2-F3-ICU-EL-07", T0 + 59 * M, 1_014_750).baseline();
    s.openMinuteMs = MeterLedgerState.NO_MINUTE;
    s.spikes = 1;
    s.nextPruneMs = T0 + 65 * M;
    return s;
  }

  private static LedgerReading reading(String meter, long t, long milli) {
    LedgerReading r = new LedgerReading();
    r.meterId = meter;
    r.eventTimeMs = t;
    r.valueMilli = milli;
    r.kind = ValueKind.REGISTER;
    r.energyType = "ELECTRICITY";
    r.unit = "kWh";
    r.factor = 1.0;
    r.registerCapacityMilli = 100_000_000_000L;
    r.maxMilliPerHour = 60_000;
    r.original = new byte[] {7};
    return r;
  }

  private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return out.getCopyOfBuffer();
  }

  @Test
  void whatGoesInComesOutAndTakesAFractionOfThePojoBytes() throws Exception {
    MeterLedgerState s = anHourOfAMeter();
    MeterLedgerState back = MeterLedgerSerializer.INSTANCE.copy(s);
    assertThat(back).usingRecursiveComparison().isEqualTo(s);
    assertThat(back.applied).isNotSameAs(s.applied);
    MeterLedgerState empty = new MeterLedgerState();
    assertThat(MeterLedgerSerializer.INSTANCE.copy(empty)).usingRecursiveComparison().isEqualTo(empty);

    int compact = bytes(MeterLedgerSerializer.INSTANCE, s).length;
    int pojo = bytes(Types.POJO(MeterLedgerState.class).createSerializer(new SerializerConfigImpl()), s).length;
    System.out.printf("an hour of a meter's ledger: %d bytes compact, %d as a POJO%n", compact, pojo);
    // applied: 60 x (3 bytes for the time delta of 60,000 ms, 2 for the value's +250) = 300 bytes; minutes: 60 x
    // (start delta 3 + consumption 2 + intervals 1 + estimated 1 + version 1 + written 2 + flags 1) = 660 bytes;
    // the two readings, with their strings, about 110
    assertThat(compact).isLessThan(1_200);
    assertThat(compact * 3).isLessThan(pojo);
  }

  @Test
  void namesOutsideAsciiComeBackAsTheyWentAndRepeatedOnesAreShared() throws Exception {
    MeterLedgerState s = anHourOfAMeter();
    LedgerReading waiting = s.pending.get(0);
    waiting.meterId = "门诊楼-F3-冷水表-07";
    waiting.unit = "m³";
    waiting.energyType = "WATER";
    MeterLedgerState back = MeterLedgerSerializer.INSTANCE.copy(s);
    assertThat(back).usingRecursiveComparison().isEqualTo(s);
    // the bytes are UTF-8: 21 characters, 15 of them Chinese (3 bytes each), plus the length
    int before = bytes(MeterLedgerSerializer.INSTANCE, anHourOfAMeter()).length;
    int now = bytes(MeterLedgerSerializer.INSTANCE, s).length;
    assertThat(now - before).isEqualTo(("门诊楼-F3-冷水表-07".getBytes(UTF_8).length - "PPH-IP2-F3-ICU-EL-07".length())
        + ("m³".getBytes(UTF_8).length - "kWh".length()) + ("WATER".length() - "ELECTRICITY".length()));
    assertThat(MeterLedgerSerializer.INSTANCE.copy(s).pending.get(0).meterId).isSameAs(back.pending.get(0).meterId);
  }

  /** The normaliser as builds before the split ran: the same ledger, its state one value in the given form. */
  static final class WholeLedger extends KeyedProcessFunction<String, LedgerReading, MeterMinute> {
    private final boolean pojo;
    private transient ValueState<MeterLedgerState> state;
    private transient MeterLedger ledger;

    WholeLedger(boolean pojo) {
      this.pojo = pojo;
    }

    static ValueStateDescriptor<MeterLedgerState> descriptor(boolean pojo) {
      return pojo ? new ValueStateDescriptor<>("meter-ledger", Types.POJO(MeterLedgerState.class))
          : MeterNormalizer.wholeDescriptor();
    }

    @Override
    public void open(OpenContext openContext) {
      state = getRuntimeContext().getState(descriptor(pojo));
      ledger = new MeterLedger(3_600_000, 15 * M, 3);
    }

    @Override
    public void processElement(LedgerReading r, Context ctx, Collector<MeterMinute> out) throws Exception {
      MeterLedgerState s = state.value() == null ? new MeterLedgerState() : state.value();
      emit(ledger.receive(r, ctx.timerService().currentWatermark(), s), ctx, out);
      state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterMinute> out) throws Exception {
      MeterLedgerState s = state.value();
      emit(ledger.advance(timestamp, s), ctx, out);
      state.update(s);
    }

    private static void emit(LedgerOutput o, Context ctx, Collector<MeterMinute> out) {
      o.minutes().forEach(out::collect);
      o.wakeUps().forEach(t -> ctx.timerService().registerEventTimeTimer(t));
    }
  }

  private static StateBackend backend(String name) {
    return name.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
  }

  /**
   * A ledger that builds before kept whole, as a POJO (before the compact format) or in the compact format
   * (before the split), on the heap or on RocksDB: restored as it was, split when its meter is next touched.
   */
  @ParameterizedTest
  @CsvSource({"heap, true", "rocksdb, true", "heap, false", "rocksdb, false"})
  void aLedgerThatBuildsBeforeKeptWholeIsTakenOver(String backend, boolean pojo) throws Exception {
    OperatorSubtaskState snapshot;
    MeterLedgerState before;
    try (KeyedOneInputStreamOperatorTestHarness<String, LedgerReading, MeterMinute> old =
        harness(new WholeLedger(pojo))) {
      old.setStateBackend(backend(backend));
      old.open();
      // 10:00 1,000 Wh, 10:01 1,250, 10:02 1,500, 10:03 1,750; the watermark at 10:02
      for (int i = 0; i < 4; i++) {
        old.processElement(new StreamRecord<>(reading("A", T0 + i * M, 1_000 + 250L * i), T0 + i * M));
      }
      old.processWatermark(T0 + 2 * M);
      assertThat(old.extractOutputValues()).extracting(m -> m.consumptionMilli).containsExactly(250L, 250L);
      before = ledgerOf(old, WholeLedger.descriptor(pojo));
      assertThat(before.pending).hasSize(1); // 10:03, ahead of the watermark
      assertThat(before.applied).extracting(p -> (p.timeMs - T0) / M).containsExactly(0L, 1L, 2L);
      snapshot = old.snapshot(1, 1);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, LedgerReading, MeterMinute> now = restored(snapshot, backend)) {
      assertThat(ledgerOf(now, MeterNormalizer.wholeDescriptor())).usingRecursiveComparison().isEqualTo(before);
      // the meter goes on from the restored ledger: 10:04 at 2,100 Wh, the watermark past it
      now.processElement(new StreamRecord<>(reading("A", T0 + 4 * M, 2_100), T0 + 4 * M));
      assertThat(ledgerOf(now, MeterNormalizer.wholeDescriptor())).isNull();
      now.processWatermark(T0 + 4 * M);
      assertThat(now.extractOutputValues()).extracting(m -> (m.minuteStartMs - T0) / M + " " + m.consumptionMilli)
          .containsExactly("2 250", "3 350");
      MeterLedgerState after = MeterNormalizerTest.ledgerOf(now, "A");
      assertThat(after.applied).extracting(p -> (p.timeMs - T0) / M).containsExactly(0L, 1L, 2L, 3L, 4L);
      assertThat(after.minutes).extracting(m -> (m.minuteStartMs - T0) / M + " v" + m.version)
          .containsExactly("0 v1", "1 v1", "2 v1", "3 v1");
      // 10:05 waits ahead of the watermark; the split parts are checkpointed and restored in turn
      now.processElement(new StreamRecord<>(reading("A", T0 + 5 * M, 2_400), T0 + 5 * M));
      snapshot = now.snapshot(2, 2);
    }
    try (KeyedOneInputStreamOperatorTestHarness<String, LedgerReading, MeterMinute> again =
        restored(snapshot, backend)) {
      again.processWatermark(T0 + 5 * M);
      assertThat(again.extractOutputValues()).extracting(m -> (m.minuteStartMs - T0) / M + " " + m.consumptionMilli)
          .containsExactly("4 300");
      assertThat(MeterNormalizerTest.ledgerOf(again, "A").applied).hasSize(6);
    }
  }

  /** The normaliser of this build, restored from {@code snapshot} on the backend named, open. */
  private static KeyedOneInputStreamOperatorTestHarness<String, LedgerReading, MeterMinute> restored(
      OperatorSubtaskState snapshot, String backend) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, LedgerReading, MeterMinute> h =
        harness(new MeterNormalizer("test", 3_600_000, 15 * M, 3));
    h.setStateBackend(backend(backend));
    h.initializeState(snapshot);
    h.open();
    return h;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, LedgerReading, MeterMinute> harness(
      KeyedProcessFunction<String, LedgerReading, MeterMinute> function) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function), r -> r.meterId,
        Types.STRING);
  }

  private static MeterLedgerState ledgerOf(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> harness,
      ValueStateDescriptor<MeterLedgerState> descriptor) throws Exception {
    harness.getOperator().getKeyedStateBackend().setCurrentKey("A");
    return harness.getOperator().getKeyedStateBackend().getPartitionedState(VoidNamespace.INSTANCE,
        VoidNamespaceSerializer.INSTANCE, descriptor).value();
  }
}
