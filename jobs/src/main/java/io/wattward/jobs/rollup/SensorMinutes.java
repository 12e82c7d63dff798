package io.wattward.jobs.rollup;

import io.wattward.environment.EnvSample;
import io.wattward.environment.MinuteMeans;
import io.wattward.environment.SensorMinute;
import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.jobs.common.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per sensor set (keyed by sensor id): readings in, one {@link SensorMinute} per minute out, the mean of
 * each factor over the minute's readings. A minute waits for its readings until the watermark has passed
 * its end plus the allowed lateness; a reading for a minute already closed goes to the late-readings
 * topic ({@link MeterNormalizer#LATE}), a repeated one to the dead letters. A sensor that sends nothing
 * in a minute has no sensor-minute: silence is not averaged away.
 */
public final class SensorMinutes extends KeyedProcessFunction<String, EnvSample, SensorMinute> {

  private static final long MINUTE_MS = 60_000L;

  private final String job;
  private final long allowedLatenessMs;
  private transient MapState<Long, double[]> pending;
  private transient DeadLetters deadLetters;

  public SensorMinutes(String job, long allowedLatenessMs) {
    this.job = job;
    this.allowedLatenessMs = allowedLatenessMs;
  }

  @Override
  public void open(OpenContext openContext) {
    pending = getRuntimeContext().getMapState(
        new MapStateDescriptor<Long, double[]>("pending", Types.LONG,
            org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    deadLetters = new DeadLetters(job, getRuntimeContext(), RejectReason.LATE, RejectReason.DUPLICATE,
        RejectReason.CONFLICTING_DUPLICATE);
  }

  static long minuteStart(long t) {
    return Math.floorDiv(t, MINUTE_MS) * MINUTE_MS;
  }

  @Override
  public void processElement(EnvSample s, Context ctx, Collector<SensorMinute> out) throws Exception {
    long closesAt = minuteStart(s.eventTimeMs) + MINUTE_MS + allowedLatenessMs;
    if (closesAt <= ctx.timerService().currentWatermark()) {
      ctx.output(MeterNormalizer.LATE, reject(s, RejectReason.LATE, "event time " + Instant.ofEpochMilli(s.eventTimeMs)
          + ": its minute was closed at watermark " + Instant.ofEpochMilli(closesAt) + " (environment allowed lateness "
          + allowedLatenessMs / 1000 + " s)"));
      return;
    }
    double[] seen = pending.get(s.eventTimeMs);
    if (seen != null) {
      boolean same = Arrays.equals(seen, s.values);
      ctx.output(DeadLetters.TAG, reject(s, same ? RejectReason.DUPLICATE : RejectReason.CONFLICTING_DUPLICATE,
          (same ? "repeats" : "contradicts") + " the reading of " + Instant.ofEpochMilli(s.eventTimeMs)
              + (same ? "" : ", which was kept")));
      return;
    }
    pending.put(s.eventTimeMs, s.values);
    ctx.timerService().registerEventTimeTimer(closesAt);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<SensorMinute> out) throws Exception {
    long start = timestamp - allowedLatenessMs - MINUTE_MS;
    List<Long> times = new ArrayList<>();
    List<double[]> readings = new ArrayList<>();
    for (Map.Entry<Long, double[]> e : pending.entries()) {
      if (e.getKey() >= start && e.getKey() < start + MINUTE_MS) {
        times.add(e.getKey());
        readings.add(e.getValue());
      }
    }
    for (Long t : times) {
      pending.remove(t);
    }
    if (!readings.isEmpty()) {
      out.collect(MinuteMeans.of(ctx.getCurrentKey(), start, readings));
    }
  }

  private io.wattward.schema.DeadLetter reject(EnvSample s, RejectReason reason, String detail) {
    return deadLetters.of(s.sourceTopic, s.sourcePartition, s.sourceOffset, s.sensorId.getBytes(StandardCharsets.UTF_8),
        s.original, new Rejection(reason, detail));
  }
}
