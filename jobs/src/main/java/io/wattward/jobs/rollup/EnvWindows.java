package io.wattward.jobs.rollup;

import io.wattward.environment.EnvAccumulator;
import io.wattward.environment.EnvAggregate;
import io.wattward.environment.EnvContribution;
import io.wattward.rollup.WindowSize;
import io.wattward.topology.EnvFactor;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per node (keyed by {@link EnvContribution#key}): sensor-minutes in, environment windows of 1 minute,
 * 15 minutes, 1 hour and 1 local day out, each written once when the watermark passes its end plus the
 * allowed lateness (when every sensor-minute of it has arrived: sensor-minutes are emitted at the same
 * watermark, ahead of it). A minute is out of range for a factor when any of the node's sensor sets
 * was; the longer windows count those minutes.
 */
public final class EnvWindows extends KeyedProcessFunction<String, EnvContribution, EnvAggregate> {

  private static final WindowSize[] SIZES = WindowSize.values();
  private static final int FACTORS = EnvFactor.values().length;

  private final String zoneId;
  private final long allowedLatenessMs;
  private transient ZoneId zone;
  private transient MapState<Long, EnvAccumulator> windows;
  private transient ValueState<EnvContribution> node;
  private transient Counter tooLate;

  public EnvWindows(String zoneId, long allowedLatenessMs) {
    this.zoneId = zoneId;
    this.allowedLatenessMs = allowedLatenessMs;
  }

  private static long windowKey(WindowSize size, long startMs) {
    return startMs * 4 + size.ordinal();
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(zoneId);
    windows = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("env-windows", Types.LONG, Types.POJO(EnvAccumulator.class)));
    node = getRuntimeContext().getState(new ValueStateDescriptor<>("env-node", Types.POJO(EnvContribution.class)));
    tooLate = getRuntimeContext().getMetricGroup().counter("envSensorMinutesAfterWindowWritten");
  }

  @Override
  public void processElement(EnvContribution c, Context ctx, Collector<EnvAggregate> out) throws Exception {
    EnvContribution n = new EnvContribution();
    n.level = c.level;
    n.nodeId = c.nodeId;
    n.building = c.building;
    n.roomType = c.roomType;
    n.sensorsExpected = c.sensorsExpected;
    node.update(n);
    long watermark = ctx.timerService().currentWatermark();
    for (WindowSize size : SIZES) {
      long start = size.start(c.minuteStartMs, zone);
      long key = windowKey(size, start);
      EnvAccumulator w = windows.get(key);
      if (w == null) {
        long closesAt = size.end(start, zone) + allowedLatenessMs;
        if (closesAt <= watermark) {
          tooLate.inc();
          continue;
        }
        w = EnvAccumulator.empty(FACTORS);
        ctx.timerService().registerEventTimeTimer(closesAt);
      }
      w.add(c.means);
      if (size == WindowSize.MINUTE) {
        w.outMask |= c.outMask;
      }
      windows.put(key, w);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<EnvAggregate> out) throws Exception {
    long end = timestamp - allowedLatenessMs;
    long minute = end - 60_000L;
    EnvAccumulator m = windows.get(windowKey(WindowSize.MINUTE, minute));
    if (m != null) {
      // the minute is complete: count it in every window that holds it, before any of them is written
      for (WindowSize size : SIZES) {
        long key = windowKey(size, size.start(minute, zone));
        EnvAccumulator w = size == WindowSize.MINUTE ? m : windows.get(key);
        if (w != null) {
          w.addMinuteOut(m.outMask);
          if (size != WindowSize.MINUTE) {
            windows.put(key, w);
          }
        }
      }
    }
    for (WindowSize size : SIZES) {
      long start = size.start(end - 1, zone);
      if (size.end(start, zone) != end) {
        continue;
      }
      long key = windowKey(size, start);
      EnvAccumulator w = size == WindowSize.MINUTE ? m : windows.get(key);
      windows.remove(key);
      if (w != null) {
        out.collect(aggregate(size, start, w));
      }
    }
  }

  private EnvAggregate aggregate(WindowSize size, long start, EnvAccumulator w) throws Exception {
    EnvContribution n = node.value();
    EnvAggregate a = new EnvAggregate();
    a.size = size;
    a.level = n.level;
    a.nodeId = n.nodeId;
    a.building = n.building;
    a.roomType = n.roomType;
    a.sensorsExpected = n.sensorsExpected;
    a.windowStartMs = start;
    a.sensorMinutes = w.sensorMinutes;
    a.avg = new double[FACTORS];
    a.min = new double[FACTORS];
    a.max = new double[FACTORS];
    for (int i = 0; i < FACTORS; i++) {
      boolean any = w.count[i] > 0;
      a.avg[i] = any ? w.sum[i] / w.count[i] : Double.NaN;
      a.min[i] = any ? w.min[i] : Double.NaN;
      a.max[i] = any ? w.max[i] : Double.NaN;
    }
    a.minutesOut = w.minutesOut;
    a.minutesOutAny = w.minutesOutAny;
    return a;
  }
}
