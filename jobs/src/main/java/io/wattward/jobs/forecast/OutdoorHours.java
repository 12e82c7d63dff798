package io.wattward.jobs.forecast;

import io.wattward.forecast.stream.OutdoorHour;
import io.wattward.forecast.stream.OutdoorSum;
import io.wattward.schema.EnvMinute;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Per campus: outdoor minutes in, the hour's mean temperature out at the hour's end. */
public final class OutdoorHours extends KeyedProcessFunction<String, EnvMinute, OutdoorHour> {

  private transient MapState<Long, OutdoorSum> sums;

  @Override
  public void open(OpenContext openContext) {
    sums = getRuntimeContext().getMapState(new MapStateDescriptor<>("sums", Types.LONG, Types.POJO(OutdoorSum.class)));
  }

  @Override
  public void processElement(EnvMinute m, Context ctx, Collector<OutdoorHour> out) throws Exception {
    if (m.getTemperatureC() == null) {
      return;
    }
    long hour = Math.floorDiv(m.getMinuteStart().toEpochMilli(), 3_600_000L) * 3_600_000L;
    if (hour + 3_600_000L <= ctx.timerService().currentWatermark()) {
      return;
    }
    OutdoorSum s = sums.get(hour);
    if (s == null) {
      s = new OutdoorSum();
      ctx.timerService().registerEventTimeTimer(hour + 3_600_000L);
    }
    s.add(m.getTemperatureC());
    sums.put(hour, s);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutdoorHour> out) throws Exception {
    long hour = timestamp - 3_600_000L;
    OutdoorSum s = sums.get(hour);
    if (s != null) {
      sums.remove(hour);
      OutdoorHour h = new OutdoorHour();
      h.campusId = ctx.getCurrentKey();
      h.hourStartMs = hour;
      h.temperatureC = s.meanC();
      out.collect(h);
    }
  }
}
