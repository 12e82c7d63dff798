package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.Tariff;
import io.wattward.config.WattwardConfig;
import io.wattward.rollup.EnergyAccumulator;
import io.wattward.rollup.EnergyDelta;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.NodeContribution;
import io.wattward.rollup.WindowLifecycle;
import io.wattward.rollup.WindowLifecycle.Firing;
import io.wattward.rollup.WindowSize;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The node windows' state as builds before kept it (a map state entry per window, "windows" and "rewrite") is taken
 * over when its key is next touched: the windows go on being written, with their versions, and the old entries go.
 */
class NodeWindowStateTest {

  private static final long H01 = Instant.parse("2026-11-19T01:00:00Z").toEpochMilli();
  private static final long M = 60_000;

  /** The node windows of the builds before: the same lifecycle over a map state entry per window. */
  static final class MapStateNodeWindows extends KeyedProcessFunction<String, NodeContribution, NodeAggregate> {
    private transient WindowLifecycle<EnergyDelta, EnergyAccumulator> lifecycle;
    private transient KeyedWindowStore<EnergyAccumulator> windows;
    private transient ValueState<NodeContribution> node;

    @Override
    public void open(OpenContext openContext) {
      lifecycle = new WindowLifecycle<>(ZoneId.of("Asia/Shanghai"), 3_600_000, Firing.AT_END_THEN_CORRECTIONS,
          Map.of(WindowSize.QUARTER_HOUR, WindowSize.DAY), EnergyAccumulator::new);
      windows = new KeyedWindowStore<>(getRuntimeContext(), "windows", "rewrite", Types.POJO(EnergyAccumulator.class));
      node = getRuntimeContext().getState(new ValueStateDescriptor<>("node", Types.POJO(NodeContribution.class)));
    }

    @Override
    public void processElement(NodeContribution c, Context ctx, Collector<NodeAggregate> out) throws Exception {
      lifecycle.contribute(c.minuteStartMs, EnergyDelta.of(c, 1.0), ctx.timerService().currentWatermark(), windows,
          ctx.timerService()::registerEventTimeTimer);
      node.update(c);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<NodeAggregate> out) throws Exception {
      for (WindowLifecycle.Written<EnergyAccumulator> w : lifecycle.fire(timestamp, windows)) {
        if (w.size() == WindowSize.MINUTE) {
          out.collect(w.window().toAggregate(node.value(), w.size(), w.startMs(), w.endMs(), w.version(), 0, 0, 0));
        }
      }
    }
  }

  private static NodeContribution contribution(long minute, long milli) {
    return NodeWindowsTest.contribution(minute, milli, 1);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, NodeContribution, NodeAggregate> harness(
      OneInputStreamOperator<NodeContribution, NodeAggregate> operator, String backend) throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, (NodeContribution c) -> c.key, Types.STRING);
    StateBackend b = backend.equals("rocksdb") ? new EmbeddedRocksDBStateBackend() : new HashMapStateBackend();
    h.setStateBackend(b);
    return h;
  }

  private static List<String> minuteRows(KeyedOneInputStreamOperatorTestHarness<String, ?, NodeAggregate> h) {
    return h.extractOutputValues().stream()
        .map(a -> (a.windowStartMs - H01) / M + " " + a.consumptionMilli + " v" + a.version).toList();
  }

  private static long keysWith(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, String state) {
    try (Stream<Object> keys = h.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"heap", "rocksdb"})
  void windowsKeptAnEntryEachByBuildsBeforeAreTakenOver(String backend) throws Exception {
    OperatorSubtaskState snapshot;
    try (var old = harness(new KeyedProcessOperator<>(new MapStateNodeWindows()), backend)) {
      old.open();
      // 09:00 1,000 Wh, 09:01 2,000; the watermark at 09:02 writes both; then 500 more for 09:00, a correction
      old.processElement(new StreamRecord<>(contribution(H01, 1_000), H01));
      old.processElement(new StreamRecord<>(contribution(H01 + M, 2_000), H01 + M));
      old.processWatermark(H01 + 2 * M);
      old.processElement(new StreamRecord<>(contribution(H01, 500), H01));
      assertThat(minuteRows(old)).containsExactly("0 1000 v1", "1 2000 v1");
      assertThat(keysWith(old, "windows")).isEqualTo(1);
      assertThat(keysWith(old, "rewrite")).as("09:00 marked to be written again").isEqualTo(1);
      snapshot = old.snapshot(1, 1);
    }
    WattwardConfig.Rollup r = WattwardConfig.load(null, Map.of()).rollup();
    try (var now = harness(new NodeWindowsOperator(new NodeWindows("Asia/Shanghai", 3_600_000, Tariff.of(r),
        r.tceKgPerUnit(), r.co2KgPerUnit())), backend)) {
      now.initializeState(snapshot);
      now.open();
      // the correction is written at the next watermark as version 2; the quarter-hour 09:00 holds all three
      now.processWatermark(H01 + 15 * M);
      assertThat(minuteRows(now)).containsExactly("0 1500 v2");
      List<NodeAggregate> quarters = now.getSideOutput(NodeWindows.output(WindowSize.QUARTER_HOUR)).stream()
          .map(StreamRecord::getValue).toList();
      assertThat(quarters).extracting(a -> a.consumptionMilli + " v" + a.version).containsExactly("3500 v1");
      assertThat(keysWith(now, "windows")).isZero();
      assertThat(keysWith(now, "rewrite")).isZero();
      assertThat(keysWith(now, "energy-windows")).isEqualTo(1);
      // and it goes on: 09:16 is written on its own
      now.processElement(new StreamRecord<>(contribution(H01 + 16 * M, 700), H01 + 16 * M));
      now.processWatermark(H01 + 17 * M);
      assertThat(minuteRows(now)).containsExactly("0 1500 v2", "16 700 v1");
    }
  }
}
