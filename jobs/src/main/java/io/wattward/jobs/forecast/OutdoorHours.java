package io.wattward.jobs.forecast;

import io.wattward.forecast.stream.OutdoorHour;
import io.wattward.schema.EnvMinute;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Per campus: outdoor minutes in, the hour's mean temperature out at the hour's end. */
public final class OutdoorHours extends KeyedProcessFunction<String, EnvMinute, OutdoorHour> {

  private transient MapState<Long, double[]> sums;

  @Override
  public void open(OpenContext openContext) {
    sums = getRuntimeContext().getMapState(new MapStateDescriptor<Long, double[]>("sums", Types.LONG,
        org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
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
    double[] s = sums.get(hour);
    if (s == null) {
      s = new double[2];
      ctx.timerService().registerEventTimeTimer(hour + 3_600_000L);
    }
    s[0] += m.getTemperatureC();
    s[1]++;
    sums.put(hour, s);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<OutdoorHour> out) throws Exception {
    long hour = timestamp - 3_600_000L;
    double[] s = sums.get(hour);
    if (s != null) {
      sums.remove(hour);
      OutdoorHour h = new OutdoorHour();
      h.campusId = ctx.getCurrentKey();
      h.hourStartMs = hour;
      h.temperatureC = s[0] / s[1];
      out.collect(h);
    }
  }
}
