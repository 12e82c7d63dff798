package io.wattward.jobs.forecast;

import io.wattward.forecast.stream.NodeHour;
import io.wattward.schema.NodeWindow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per node and energy type: hourly windows of each sub-item in, the hour's total out when the
 * watermark passes the hour's end (every sub-item's window of the hour is written by then).
 */
public final class HourTotals extends KeyedProcessFunction<String, NodeWindow, NodeHour> {

  private transient MapState<Long, NodeHour> hours;

  public static String key(NodeWindow w) {
    return w.getNodeId() + "|" + w.getEnergyType();
  }

  @Override
  public void open(OpenContext openContext) {
    hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("hours", Types.LONG, Types.POJO(NodeHour.class)));
  }

  @Override
  public void processElement(NodeWindow w, Context ctx, Collector<NodeHour> out) throws Exception {
    long start = w.getWindowStart().toEpochMilli();
    long end = start + 3_600_000L;
    if (end <= ctx.timerService().currentWatermark()) {
      return; // the hour was totalled already (a late correction of a window)
    }
    NodeHour h = hours.get(start);
    if (h == null) {
      h = new NodeHour();
      h.level = w.getLevel();
      h.nodeId = w.getNodeId();
      h.building = w.getBuilding();
      h.energyType = w.getEnergyType();
      h.unit = w.getUnit();
      h.hourStartMs = start;
      ctx.timerService().registerEventTimeTimer(end);
    }
    h.consumption += w.getConsumption();
    h.cost += w.getCost();
    hours.put(start, h);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<NodeHour> out) throws Exception {
    long start = timestamp - 3_600_000L;
    NodeHour h = hours.get(start);
    if (h != null) {
      hours.remove(start);
      out.collect(h);
    }
  }
}
