package io.wattward.jobs.rollup;

import io.wattward.config.Tariff;
import io.wattward.rollup.EnergyAccumulator;
import io.wattward.rollup.EnergyDelta;
import io.wattward.rollup.EnergyWindows;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.NodeContribution;
import io.wattward.rollup.WindowLifecycle.Firing;
import io.wattward.rollup.WindowLifecycle.Written;
import io.wattward.rollup.WindowLifecycle;
import io.wattward.rollup.WindowSize;
import io.wattward.schema.EnergyType;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per node, energy type and sub-item (keyed by {@link NodeContribution#key}): contributions in,
 * windows of 1 minute, 15 minutes, 1 hour and 1 local day out.
 *
 * <p>A window is written when the watermark passes its end, and written again, with a higher version,
 * whenever a correction changes it within the allowed lateness; then it is forgotten (quarter-hours
 * are kept until their day is forgotten, because a day's peak demand is the highest of its
 * quarter-hours). The lifecycle is {@link WindowLifecycle}'s, the arithmetic {@link EnergyAccumulator}'s;
 * coverage, tce, CO2 and cost are derived when a row is written. Once every window of a key is
 * forgotten, nothing of the key is kept.
 *
 * <p>Minute rows are the main output; the rows of the longer windows go to a side output per size
 * ({@link #output}, {@link WindowOutputs}).
 */
public final class NodeWindows extends KeyedProcessFunction<String, NodeContribution, NodeAggregate> {

  private static final WindowOutputs<NodeAggregate> OUTPUTS =
      new WindowOutputs<>("node-windows-", Types.POJO(NodeAggregate.class));

  /** Where the rows of windows of {@code size} go: a side output of a longer size (null for minutes: the main output). */
  public static OutputTag<NodeAggregate> output(WindowSize size) {
    return OUTPUTS.tag(size);
  }

  /** Descriptions kept on the heap at most; beyond, the eldest are read from the state again. */
  static final int MAX_DESCRIBED = 200_000;

  private final String zoneId;
  private final long allowedLatenessMs;
  private final Tariff tariff;
  private final Map<String, Double> tceKgPerUnit;
  private final Map<String, Double> co2KgPerUnit;

  private transient WindowLifecycle<EnergyDelta, EnergyAccumulator> lifecycle;
  private transient NodeWindowState windows;
  private transient ValueState<NodeContribution> node;
  // the nodes' descriptions of the state "node", also on the heap: read at every firing otherwise (a RocksDB get)
  private transient Map<String, NodeContribution> described;
  private transient Counter tooLate;
  // contributions come minute by minute: the prices of the last minute seen, reused
  private transient long memoMinute;
  private transient Map<String, Double> memoPrice;

  public NodeWindows(String zoneId, long allowedLatenessMs, Tariff tariff, Map<String, Double> tceKgPerUnit,
      Map<String, Double> co2KgPerUnit) {
    this.zoneId = zoneId;
    this.allowedLatenessMs = allowedLatenessMs;
    this.tariff = tariff;
    this.tceKgPerUnit = Map.copyOf(tceKgPerUnit);
    this.co2KgPerUnit = Map.copyOf(co2KgPerUnit);
  }

  @Override
  public void open(OpenContext openContext) {
    lifecycle = new WindowLifecycle<>(ZoneId.of(zoneId), allowedLatenessMs, Firing.AT_END_THEN_CORRECTIONS,
        Map.of(WindowSize.QUARTER_HOUR, WindowSize.DAY), EnergyAccumulator::new);
    windows = new NodeWindowState(getRuntimeContext());
    node = getRuntimeContext().getState(new ValueStateDescriptor<>("node", Types.POJO(NodeContribution.class)));
    tooLate = getRuntimeContext().getMetricGroup().counter("contributionsAfterWindowForgotten");
    memoMinute = Long.MIN_VALUE;
    memoPrice = new HashMap<>();
    described = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, NodeContribution> eldest) {
        return size() > MAX_DESCRIBED;
      }
    };
  }

  @Override
  public void processElement(NodeContribution c, Context ctx, Collector<NodeAggregate> out) throws Exception {
    EnergyDelta delta = EnergyDelta.of(c, price(c.energyType, c.minuteStartMs));
    EnergyWindows open = windows.load();
    int dropped = lifecycle.contribute(c.minuteStartMs, delta, ctx.timerService().currentWatermark(), open,
        ctx.timerService()::registerEventTimeTimer);
    windows.save(open);
    // the node is described once its first window opens (with a day window): not looked up per contribution
    if (lifecycle.openedDay() && description(ctx.getCurrentKey()) == null) {
      node.update(c);
      described.put(ctx.getCurrentKey(), c);
    }
    tooLate.inc(dropped);
    if (dropped == WindowSize.values().length && open.isEmpty()) {
      forget(ctx.getCurrentKey()); // too late for every window: nothing to describe
    }
  }

  private NodeContribution description(String key) throws IOException {
    NodeContribution n = described.get(key);
    if (n == null) {
      n = node.value();
      if (n != null) {
        described.put(key, n);
      }
    }
    return n;
  }

  private void forget(String key) {
    node.clear();
    described.remove(key);
  }

  private double price(String energyType, long minuteStartMs) {
    if (minuteStartMs != memoMinute) {
      memoPrice.clear();
      memoMinute = minuteStartMs;
    }
    return memoPrice.computeIfAbsent(energyType, type -> tariff.price(type, Instant.ofEpochMilli(minuteStartMs)));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<NodeAggregate> out) throws Exception {
    EnergyWindows open = windows.load();
    if (open.isEmpty()) {
      return; // a timer of windows already forgotten
    }
    NodeContribution n = description(ctx.getCurrentKey());
    for (Written<EnergyAccumulator> w : lifecycle.fire(timestamp, open)) {
      OUTPUTS.emit(w.size(), row(n, w, open), out, ctx);
    }
    windows.save(open);
    if (open.isEmpty()) {
      forget(ctx.getCurrentKey());
    }
  }

  private NodeAggregate row(NodeContribution n, Written<EnergyAccumulator> w, EnergyWindows open) {
    boolean peak = EnergyType.ELECTRICITY.name().equals(n.energyType) && w.size() != WindowSize.MINUTE;
    double peakDemandKw = peak
        ? EnergyAccumulator.peakDemandKw(lifecycle.within(WindowSize.QUARTER_HOUR, w.startMs(), w.endMs(), open))
        : 0;
    return w.window().toAggregate(n, w.size(), w.startMs(), w.endMs(), w.version(), peakDemandKw,
        tceKgPerUnit.getOrDefault(n.energyType, 0.0), co2KgPerUnit.getOrDefault(n.energyType, 0.0));
  }
}
