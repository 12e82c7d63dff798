package io.wattward.jobs.rollup;

import io.wattward.environment.EnvAccumulator;
import io.wattward.environment.EnvAggregate;
import io.wattward.environment.EnvContribution;
import io.wattward.rollup.WindowLifecycle.Firing;
import io.wattward.rollup.WindowLifecycle.Written;
import io.wattward.rollup.WindowLifecycle;
import io.wattward.rollup.WindowSize;
import io.wattward.topology.EnvFactor;
import java.time.ZoneId;
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
 * Per node (keyed by {@link EnvContribution#key}): sensor-minutes in, environment windows of 1 minute,
 * 15 minutes, 1 hour and 1 local day out, each written once when the watermark passes its end plus the
 * allowed lateness (when every sensor-minute of it has arrived: sensor-minutes are emitted at the same
 * watermark, ahead of it). A minute is out of range for a factor when any of the node's sensor sets
 * was; the longer windows count those minutes. The lifecycle is {@link WindowLifecycle}'s
 * ({@link Firing#ONCE_COMPLETE}), the arithmetic {@link EnvAccumulator}'s. Once every window of a node
 * is written, nothing of the node is kept. Minute rows are the main output, the longer windows' rows a side
 * output per size ({@link #output}), as the node windows' are.
 */
public final class EnvWindows extends KeyedProcessFunction<String, EnvContribution, EnvAggregate> {

  private static final int FACTORS = EnvFactor.values().length;
  private static final WindowOutputs<EnvAggregate> OUTPUTS =
      new WindowOutputs<>("env-windows-", Types.POJO(EnvAggregate.class));

  /** Where the rows of windows of {@code size} go: a side output of a longer size (null for minutes: the main output). */
  public static OutputTag<EnvAggregate> output(WindowSize size) {
    return OUTPUTS.tag(size);
  }

  private final String zoneId;
  private final long allowedLatenessMs;
  private transient WindowLifecycle<EnvContribution, EnvAccumulator> lifecycle;
  private transient KeyedWindowStore<EnvAccumulator> windows;
  private transient ValueState<EnvContribution> node;
  private transient Counter tooLate;

  public EnvWindows(String zoneId, long allowedLatenessMs) {
    this.zoneId = zoneId;
    this.allowedLatenessMs = allowedLatenessMs;
  }

  @Override
  public void open(OpenContext openContext) {
    lifecycle = new WindowLifecycle<>(ZoneId.of(zoneId), allowedLatenessMs, Firing.ONCE_COMPLETE, Map.of(),
        () -> EnvAccumulator.empty(FACTORS));
    windows = new KeyedWindowStore<>(getRuntimeContext(), "env-windows", "env-rewrite",
        Types.POJO(EnvAccumulator.class));
    node = getRuntimeContext().getState(new ValueStateDescriptor<>("env-node", Types.POJO(EnvContribution.class)));
    tooLate = getRuntimeContext().getMetricGroup().counter("envSensorMinutesAfterWindowWritten");
  }

  @Override
  public void processElement(EnvContribution c, Context ctx, Collector<EnvAggregate> out) throws Exception {
    node.update(describe(c));
    int dropped = lifecycle.contribute(c.minuteStartMs, c, ctx.timerService().currentWatermark(), windows,
        ctx.timerService()::registerEventTimeTimer);
    tooLate.inc(dropped);
    if (dropped == WindowSize.values().length && windows.isEmpty()) {
      node.clear(); // too late for every window: nothing to describe
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnvAggregate> out) throws Exception {
    EnvContribution n = node.value();
    for (Written<EnvAccumulator> w : lifecycle.fire(timestamp, windows)) {
      OUTPUTS.emit(w.size(), w.window().toAggregate(n, w.size(), w.startMs()), out, ctx);
    }
    if (windows.emptiedByForgetting()) {
      node.clear();
    }
  }

  /** The node as its rows describe it: the contribution without its minute's values. */
  private static EnvContribution describe(EnvContribution c) {
    EnvContribution n = new EnvContribution();
    n.level = c.level;
    n.nodeId = c.nodeId;
    n.building = c.building;
    n.roomType = c.roomType;
    n.sensorsExpected = c.sensorsExpected;
    return n;
  }
}
