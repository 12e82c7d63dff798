package io.wattward.jobs.rollup;

import io.wattward.schema.EnergyType;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.NodeContribution;
import io.wattward.rollup.WindowAccumulator;
import io.wattward.rollup.WindowSize;
import io.wattward.config.Tariff;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per node, energy type and sub-item (keyed by {@link NodeContribution#key}): contributions in,
 * windows of 1 minute, 15 minutes, 1 hour and 1 local day out.
 *
 * <p>A window is written when the watermark passes its end, and written again, with a higher version,
 * whenever a correction changes it within the allowed lateness; then it is forgotten (quarter-hours
 * are kept until their day is forgotten, because a day's peak demand is the highest of its
 * quarter-hours). Coverage, tce, CO2 and cost are derived when a row is written.
 */
public final class NodeWindows extends KeyedProcessFunction<String, NodeContribution, NodeAggregate> {

  private static final WindowSize[] SIZES = WindowSize.values();

  private final String zoneId;
  private final long allowedLatenessMs;
  private final Tariff tariff;
  private final Map<String, Double> tceKgPerUnit;
  private final Map<String, Double> co2KgPerUnit;

  private transient ZoneId zone;
  private transient MapState<Long, WindowAccumulator> windows;
  private transient MapState<Long, Boolean> rewrite;
  private transient ValueState<NodeContribution> node;
  private transient org.apache.flink.metrics.Counter tooLate;
  // contributions come minute by minute: the window bounds of the last minute seen, reused
  private transient long memoMinute = Long.MIN_VALUE;
  private transient long[] memoStart;
  private transient long[] memoEnd;
  private transient Map<String, Double> memoPrice;

  public NodeWindows(String zoneId, long allowedLatenessMs, Tariff tariff, Map<String, Double> tceKgPerUnit,
      Map<String, Double> co2KgPerUnit) {
    this.zoneId = zoneId;
    this.allowedLatenessMs = allowedLatenessMs;
    this.tariff = tariff;
    this.tceKgPerUnit = Map.copyOf(tceKgPerUnit);
    this.co2KgPerUnit = Map.copyOf(co2KgPerUnit);
  }

  /** State key of a window: its start (a whole minute, so the two low bits are free) and its size. */
  static long windowKey(WindowSize size, long startMs) {
    return startMs * 4 + size.ordinal();
  }

  @Override
  public void open(OpenContext openContext) {
    zone = ZoneId.of(zoneId);
    windows = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("windows", Types.LONG, Types.POJO(WindowAccumulator.class)));
    rewrite = getRuntimeContext().getMapState(new MapStateDescriptor<>("rewrite", Types.LONG, Types.BOOLEAN));
    node = getRuntimeContext().getState(new ValueStateDescriptor<>("node", Types.POJO(NodeContribution.class)));
    tooLate = getRuntimeContext().getMetricGroup().counter("contributionsAfterWindowForgotten");
    memoStart = new long[SIZES.length];
    memoEnd = new long[SIZES.length];
    memoPrice = new java.util.HashMap<>();
  }

  private void bounds(long minuteMs) {
    if (minuteMs != memoMinute) {
      for (WindowSize size : SIZES) {
        memoStart[size.ordinal()] = size.start(minuteMs, zone);
        memoEnd[size.ordinal()] = size.end(memoStart[size.ordinal()], zone);
      }
      memoPrice.clear();
      memoMinute = minuteMs;
    }
  }

  @Override
  public void processElement(NodeContribution c, Context ctx, Collector<NodeAggregate> out) throws Exception {
    if (node.value() == null) {
      node.update(c);
    }
    long watermark = ctx.timerService().currentWatermark();
    bounds(c.minuteStartMs);
    double price = memoPrice.computeIfAbsent(c.energyType,
        type -> tariff.price(type, java.time.Instant.ofEpochMilli(c.minuteStartMs)));
    double costDelta = c.deltaMilli / 1000.0 * price;
    for (WindowSize size : SIZES) {
      long start = memoStart[size.ordinal()];
      long end = memoEnd[size.ordinal()];
      long key = windowKey(size, start);
      WindowAccumulator w = windows.get(key);
      if (w == null) {
        if (forgetAt(size, start) <= watermark) {
          // the window was written and forgotten; a difference alone must not overwrite its row
          tooLate.inc();
          continue;
        }
        w = new WindowAccumulator();
        ctx.timerService().registerEventTimeTimer(end);
        ctx.timerService().registerEventTimeTimer(forgetAt(size, start));
      }
      w.consumptionMilli += c.deltaMilli;
      w.meterMinutes += c.deltaMeterMinutes;
      w.metersExpected = Math.max(w.metersExpected, c.metersExpected);
      w.cost += costDelta;
      windows.put(key, w);
      if (end <= watermark) {
        // already written, or due: write it (again) at the next watermark
        rewrite.put(key, true);
        ctx.timerService().registerEventTimeTimer(watermark + 1);
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<NodeAggregate> out) throws Exception {
    for (WindowSize size : SIZES) {
      long start = size.start(timestamp - 1, zone);
      if (size.end(start, zone) == timestamp) {
        write(size, start, out);
      }
    }
    List<Long> due = new ArrayList<>();
    for (Long key : rewrite.keys()) {
      WindowSize size = SIZES[(int) (key & 3)];
      long start = key >> 2;
      if (size.end(start, zone) <= timestamp) {
        due.add(key);
      }
    }
    for (Long key : due) {
      write(SIZES[(int) (key & 3)], key >> 2, out);
    }
    forgetWindowsDueAt(timestamp);
  }

  private long forgetAt(WindowSize size, long start) {
    // quarter-hours live as long as their day: the day's peak demand is computed from them
    if (size == WindowSize.QUARTER_HOUR) {
      long day = WindowSize.DAY.start(start, zone);
      return WindowSize.DAY.end(day, zone) + allowedLatenessMs;
    }
    return size.end(start, zone) + allowedLatenessMs;
  }

  private void forgetWindowsDueAt(long timestamp) throws Exception {
    long closedAt = timestamp - allowedLatenessMs;
    for (WindowSize size : new WindowSize[] {WindowSize.MINUTE, WindowSize.HOUR, WindowSize.DAY}) {
      long start = size.start(closedAt - 1, zone);
      if (size.end(start, zone) != closedAt) {
        continue;
      }
      windows.remove(windowKey(size, start));
      rewrite.remove(windowKey(size, start));
      if (size == WindowSize.DAY) {
        for (long q = start; q < closedAt; q += 15 * 60_000L) {
          windows.remove(windowKey(WindowSize.QUARTER_HOUR, q));
          rewrite.remove(windowKey(WindowSize.QUARTER_HOUR, q));
        }
      }
    }
  }

  private void write(WindowSize size, long start, Collector<NodeAggregate> out) throws Exception {
    long key = windowKey(size, start);
    rewrite.remove(key);
    WindowAccumulator w = windows.get(key);
    if (w == null) {
      return;
    }
    NodeContribution n = node.value();
    long end = size.end(start, zone);
    NodeAggregate a = new NodeAggregate();
    a.size = size;
    a.hierarchy = n.hierarchy;
    a.level = n.level;
    a.nodeId = n.nodeId;
    a.building = n.building;
    a.energyType = n.energyType;
    a.subItem = n.subItem;
    a.unit = n.unit;
    a.windowStartMs = start;
    a.consumptionMilli = w.consumptionMilli;
    a.metersExpected = w.metersExpected;
    a.meterMinutes = w.meterMinutes;
    long minutes = (end - start) / 60_000L;
    a.coveragePct = w.metersExpected == 0 ? 0 : 100.0 * w.meterMinutes / (w.metersExpected * (double) minutes);
    double units = w.consumptionMilli / 1000.0;
    a.tceKg = units * tceKgPerUnit.getOrDefault(n.energyType, 0.0);
    a.co2Kg = units * co2KgPerUnit.getOrDefault(n.energyType, 0.0);
    a.cost = Math.round(w.cost * 10_000) / 10_000.0;
    a.peakDemandKw = EnergyType.ELECTRICITY.name().equals(n.energyType) && size != WindowSize.MINUTE ? peakDemandKw(start, end) : 0;
    w.version++;
    a.version = w.version;
    windows.put(key, w);
    out.collect(a);
  }

  /** Highest quarter-hour average demand in [start, end): a quarter's kWh times four. */
  private double peakDemandKw(long start, long end) throws Exception {
    long peakMilli = 0;
    for (long q = start; q < end; q += 15 * 60_000L) {
      WindowAccumulator w = windows.get(windowKey(WindowSize.QUARTER_HOUR, q));
      if (w != null) {
        peakMilli = Math.max(peakMilli, w.consumptionMilli);
      }
    }
    return peakMilli * 4 / 1000.0;
  }
}
