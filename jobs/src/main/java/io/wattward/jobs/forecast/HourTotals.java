package io.wattward.jobs.forecast;

import io.wattward.forecast.stream.NodeHour;
import io.wattward.schema.NodeWindow;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per node and energy type: hourly windows of each sub-item in, the hour's total out when the watermark
 * passes the hour's end (every sub-item's first version of the hour is written by then). A sub-item's window
 * is a whole value each time (the roll-up writes it again, version after version, when late readings
 * correct it): a later version replaces the earlier one in an hour not yet totalled, an earlier one that
 * arrives after it is ignored (versions, not arrival, decide); for an hour already
 * totalled, the difference goes out on {@link #CORRECTIONS} (the quota tracker adds it to the department's
 * use; the forecaster has learned the hour as it was). A sub-item window that reaches this job after its
 * hour was totalled (its partition behind the others, as in a replay of a filled topic) counts the same way,
 * as a correction. Each sub-item's last value is kept {@code keepMs} after the hour's end: as long as the
 * roll-up may correct it, and a margin for partitions that lag behind; a window older than that is taken
 * for a replay and ignored.
 */
public final class HourTotals extends KeyedProcessFunction<String, NodeWindow, NodeHour> {

  /** What a late correction of an hour already totalled changed: consumption and cost are differences. */
  public static final OutputTag<NodeHour> CORRECTIONS = new OutputTag<>("hour-corrections", Types.POJO(NodeHour.class));

  private final long keepMs;
  private transient MapState<Long, NodeHour> hours;
  /** hour start | sub-item -> {consumption, cost, version} of its latest version, while it counts */
  private transient MapState<String, double[]> subItems;

  /** @param keepMs how long after an hour's end a window of it still counts (see the class comment) */
  public HourTotals(long keepMs) {
    this.keepMs = keepMs;
  }

  public static String key(NodeWindow w) {
    return w.getNodeId() + "|" + w.getEnergyType();
  }

  @Override
  public void open(OpenContext openContext) {
    hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("hours", Types.LONG, Types.POJO(NodeHour.class)));
    subItems = getRuntimeContext().getMapState(new MapStateDescriptor<>("sub-items", Types.STRING,
        TypeInformation.of(double[].class)));
  }

  @Override
  public void processElement(NodeWindow w, Context ctx, Collector<NodeHour> out) throws Exception {
    long start = w.getWindowStart().toEpochMilli();
    long end = start + 3_600_000L;
    long watermark = ctx.timerService().currentWatermark();
    if (end + keepMs <= watermark) {
      return; // beyond what the roll-up corrects: a replay of an old window
    }
    String key = start + "|" + w.getSubItem();
    double[] before = subItems.get(key);
    if (before != null && w.getVersion() <= before[2]) {
      return; // the same version again, or an older one reaching us after a newer (another partition)
    }
    double consumption = w.getConsumption() - (before == null ? 0 : before[0]);
    double cost = w.getCost() - (before == null ? 0 : before[1]);
    if (before == null) {
      ctx.timerService().registerEventTimeTimer(end + keepMs); // forget it then
    }
    subItems.put(key, new double[] {w.getConsumption(), w.getCost(), w.getVersion()});
    NodeHour h = hours.get(start);
    if (end <= watermark && h == null) {
      // the hour was totalled already: its correction
      if (consumption != 0 || cost != 0) {
        ctx.output(CORRECTIONS, hour(w, start, consumption, cost));
      }
      return;
    }
    if (h == null) {
      h = hour(w, start, 0, 0);
      ctx.timerService().registerEventTimeTimer(end);
    }
    h.consumption += consumption;
    h.cost += cost;
    hours.put(start, h);
  }

  private static NodeHour hour(NodeWindow w, long start, double consumption, double cost) {
    NodeHour h = new NodeHour();
    h.level = w.getLevel();
    h.nodeId = w.getNodeId();
    h.building = w.getBuilding();
    h.energyType = w.getEnergyType();
    h.unit = w.getUnit();
    h.hourStartMs = start;
    h.consumption = consumption;
    h.cost = cost;
    return h;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<NodeHour> out) throws Exception {
    long start = timestamp - 3_600_000L;
    NodeHour h = hours.get(start);
    if (h != null) {
      hours.remove(start);
      out.collect(h);
    }
    // the sub-items of hours that can no longer be corrected
    long forgetBefore = timestamp - keepMs - 3_600_000L;
    List<String> old = new ArrayList<>();
    for (String key : subItems.keys()) {
      if (Long.parseLong(key.substring(0, key.indexOf('|'))) <= forgetBefore) {
        old.add(key);
      }
    }
    for (String key : old) {
      subItems.remove(key);
    }
  }
}
