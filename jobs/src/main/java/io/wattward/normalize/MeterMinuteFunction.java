package io.wattward.normalize;

import io.wattward.ingest.DeadLetters;
import io.wattward.ingest.MeterSample;
import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.normalize.CounterNormalizer.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per meter (keyed by meter id): validated samples in, consumption per minute out.
 *
 * <p>Readings are applied in event-time order: one ahead of the watermark waits in state until the
 * watermark passes it; one behind the watermark but after the meter's last applied reading is applied
 * at once. The consumption between two applied readings ({@link IntervalEnergy}) is spread over the
 * minutes it covers ({@link MinuteSplitter}); a minute is emitted once a reading at or after its end
 * has been applied, so every emitted minute is complete. A reading at or before the last applied one
 * is a duplicate or late and is dead-lettered.
 */
public final class MeterMinuteFunction extends KeyedProcessFunction<String, MeterSample, MeterMinute> {

  private static final Logger LOG = LoggerFactory.getLogger(MeterMinuteFunction.class);

  private final String job;
  private transient MapState<Long, MeterSample> pending;
  private transient ValueState<MeterSample> lastApplied;
  private transient ValueState<MeterMinute> openMinute;
  private transient DeadLetters deadLetters;
  private transient Counter rollovers;
  private transient Counter resets;

  public MeterMinuteFunction(String job) {
    this.job = job;
  }

  @Override
  public void open(OpenContext openContext) {
    pending = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("pending", Types.LONG, Types.POJO(MeterSample.class)));
    lastApplied = getRuntimeContext().getState(
        new ValueStateDescriptor<>("last-applied", Types.POJO(MeterSample.class)));
    openMinute = getRuntimeContext().getState(
        new ValueStateDescriptor<>("open-minute", Types.POJO(MeterMinute.class)));
    deadLetters = new DeadLetters(job, getRuntimeContext(),
        RejectReason.DUPLICATE, RejectReason.CONFLICTING_DUPLICATE, RejectReason.LATE);
    rollovers = getRuntimeContext().getMetricGroup().counter("counterRollovers");
    resets = getRuntimeContext().getMetricGroup().counter("counterResets");
  }

  @Override
  public void processElement(MeterSample sample, Context ctx, Collector<MeterMinute> out) throws Exception {
    long t = sample.eventTimeMs;
    MeterSample last = lastApplied.value();
    if (last != null && t <= last.eventTimeMs) {
      if (t == last.eventTimeMs) {
        rejectRepeat(sample, last, ctx);
      } else {
        ctx.output(DeadLetters.TAG, deadLetters.of(sample, new Rejection(RejectReason.LATE,
            "event time " + Instant.ofEpochMilli(t) + " is before the meter's last applied reading "
                + Instant.ofEpochMilli(last.eventTimeMs))));
      }
      return;
    }
    MeterSample queued = pending.get(t);
    if (queued != null) {
      rejectRepeat(sample, queued, ctx);
      return;
    }
    if (t <= ctx.timerService().currentWatermark()) {
      // every queued reading is ahead of the watermark, so this one is next in event-time order
      apply(sample, out);
      return;
    }
    pending.put(t, sample);
    ctx.timerService().registerEventTimeTimer(t);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterMinute> out) throws Exception {
    List<Long> due = new ArrayList<>();
    for (Long t : pending.keys()) {
      if (t <= timestamp) {
        due.add(t);
      }
    }
    due.sort(null);
    for (Long t : due) {
      apply(pending.get(t), out);
      pending.remove(t);
    }
  }

  private void rejectRepeat(MeterSample sample, MeterSample earlier, Context ctx) {
    boolean same = sample.valueMilli == earlier.valueMilli;
    ctx.output(DeadLetters.TAG, deadLetters.of(sample, new Rejection(
        same ? RejectReason.DUPLICATE : RejectReason.CONFLICTING_DUPLICATE,
        (same ? "repeats" : "contradicts") + " the reading of " + Instant.ofEpochMilli(sample.eventTimeMs)
            + (same ? "" : " (value " + earlier.valueMilli / 1000.0 + ", now " + sample.valueMilli / 1000.0 + ")"))));
  }

  private void apply(MeterSample sample, Collector<MeterMinute> out) throws Exception {
    MeterSample last = lastApplied.value();
    lastApplied.update(sample);
    if (last == null) {
      return; // the first reading is the baseline
    }
    Step step = IntervalEnergy.between(sample.kind, last.valueMilli, sample.valueMilli,
        sample.eventTimeMs - last.eventTimeMs, sample.registerCapacityMilli, sample.multiplier);
    if (step.outcome() == CounterNormalizer.Outcome.ROLLOVER) {
      rollovers.inc();
      LOG.info("meter {} register rolled over at {}", sample.meterId, Instant.ofEpochMilli(sample.eventTimeMs));
    } else if (step.outcome() == CounterNormalizer.Outcome.RESET) {
      resets.inc();
      LOG.warn("meter {} register dropped from {} to {} at {}: reset or replaced, new baseline", sample.meterId,
          last.valueMilli / 1000.0, sample.valueMilli / 1000.0, Instant.ofEpochMilli(sample.eventTimeMs));
    }
    MeterMinute open = openMinute.value();
    MeterMinute[] current = {open};
    MinuteSplitter.split(last.eventTimeMs, sample.eventTimeMs, step.consumptionMilli(), (minute, milli) -> {
      MeterMinute m = current[0];
      if (m != null && m.minuteStartMs != minute) {
        out.collect(m);
        m = null;
      }
      if (m == null) {
        m = new MeterMinute(sample.meterId, minute, 0, sample.consumedUnit, 0, 1);
      }
      m.consumptionMilli += milli;
      m.readings++;
      current[0] = m;
    });
    MeterMinute m = current[0];
    if (m.minuteStartMs + MinuteSplitter.MINUTE_MS <= sample.eventTimeMs) {
      out.collect(m);
      openMinute.clear();
    } else {
      openMinute.update(m);
    }
  }
}
