package io.wattward.jobs.rollup;

import io.wattward.normalize.IntervalEnergy;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterMinute;
import io.wattward.normalize.MinuteSplitter;
import io.wattward.normalize.MinuteState;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.ingest.MeterSample;
import io.wattward.ingest.RejectReason;
import io.wattward.ingest.Rejection;
import io.wattward.normalize.CounterNormalizer.Outcome;
import io.wattward.normalize.CounterNormalizer.Step;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.ValueKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per meter (keyed by meter id): validated samples in, consumption per minute out, in canonical
 * units, with events (rollover, reset, replacement, gap, spike) on {@link #EVENTS}.
 *
 * <p>Readings are applied in event-time order: one ahead of the watermark waits until the watermark
 * passes it; one behind the watermark but after the meter's last applied reading is applied at once.
 * The consumption between two applied readings is spread over the minutes it covers; a minute is
 * written once a reading at or after its end has been applied. A reading older than the last applied
 * one but within the allowed lateness is placed between its neighbours: the minutes they span are
 * recomputed and written again with a higher version (the total stays, the split between minutes is
 * corrected). Older readings go to {@link #LATE}; repeats and implausible readings to
 * {@link DeadLetters#TAG}. Minutes and readings are kept only as long as a late reading could
 * still change them.
 */
public final class MeterNormalizer extends KeyedProcessFunction<String, MeterSample, MeterMinute> {

  public static final OutputTag<MeterEvent> EVENTS = new OutputTag<>("meter-events", Types.POJO(MeterEvent.class));
  public static final OutputTag<DeadLetter> LATE =
      new OutputTag<>("late-readings", TypeInformation.of(DeadLetter.class));

  private static final long MINUTE = MinuteSplitter.MINUTE_MS;
  private static final long PRUNE_EVERY_MS = 10 * MINUTE;

  private final String job;
  private final long allowedLatenessMs;
  private final long maxGapMs;
  private final int spikesBeforeNewBaseline;

  private transient MapState<Long, MeterSample> pending;
  /** applied readings still within reach of a late one: event time to value (milli-units) */
  private transient MapState<Long, Long> applied;
  private transient ValueState<MeterSample> lastApplied;
  private transient MapState<Long, MinuteState> minutes;
  private transient ValueState<Long> openMinute;
  private transient ValueState<Integer> spikes;
  private transient ValueState<Long> nextPrune;
  private transient DeadLetters deadLetters;
  private transient Counter corrections;

  public MeterNormalizer(String job, long allowedLatenessMs, long maxGapMs, int spikesBeforeNewBaseline) {
    this.job = job;
    this.allowedLatenessMs = allowedLatenessMs;
    this.maxGapMs = maxGapMs;
    this.spikesBeforeNewBaseline = spikesBeforeNewBaseline;
  }

  @Override
  public void open(OpenContext openContext) {
    var sampleType = Types.POJO(MeterSample.class);
    pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Types.LONG, sampleType));
    applied = getRuntimeContext().getMapState(new MapStateDescriptor<>("applied", Types.LONG, Types.LONG));
    lastApplied = getRuntimeContext().getState(new ValueStateDescriptor<>("last-applied", sampleType));
    minutes = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("minutes", Types.LONG, Types.POJO(MinuteState.class)));
    openMinute = getRuntimeContext().getState(new ValueStateDescriptor<>("open-minute", Types.LONG));
    spikes = getRuntimeContext().getState(new ValueStateDescriptor<>("spikes", Types.INT));
    nextPrune = getRuntimeContext().getState(new ValueStateDescriptor<>("next-prune", Types.LONG));
    deadLetters = new DeadLetters(job, getRuntimeContext(), RejectReason.DUPLICATE,
        RejectReason.CONFLICTING_DUPLICATE, RejectReason.LATE, RejectReason.SPIKE, RejectReason.OUT_OF_SEQUENCE);
    corrections = getRuntimeContext().getMetricGroup().counter("lateCorrections");
  }

  @Override
  public void processElement(MeterSample sample, Context ctx, Collector<MeterMinute> out) throws Exception {
    long t = sample.eventTimeMs;
    MeterSample last = lastApplied.value();
    long watermark = ctx.timerService().currentWatermark();
    if (last != null && t <= last.eventTimeMs) {
      Long earlier = t == last.eventTimeMs ? Long.valueOf(last.valueMilli) : applied.get(t);
      if (earlier != null) {
        rejectRepeat(sample, earlier, ctx);
      } else if (t < watermark - allowedLatenessMs) {
        late(sample, ctx, "event time " + Instant.ofEpochMilli(t) + " is more than the allowed lateness ("
            + Duration.ofMillis(allowedLatenessMs) + ") behind the watermark " + Instant.ofEpochMilli(watermark));
      } else {
        placeLate(sample, last, ctx, out);
      }
      return;
    }
    MeterSample queued = pending.get(t);
    if (queued != null) {
      rejectRepeat(sample, queued.valueMilli, ctx);
      return;
    }
    if (t <= watermark) {
      // every queued reading is ahead of the watermark, so this one is next in event-time order
      apply(sample, ctx, out);
      return;
    }
    pending.put(t, sample);
    ctx.timerService().registerEventTimeTimer(t);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MeterMinute> out) throws Exception {
    // every queued reading has a timer at its own event time and timers fire in order: the reading of
    // this timer is the next one due
    MeterSample due = pending.get(timestamp);
    if (due != null) {
      pending.remove(timestamp);
      apply(due, ctx, out);
    }
    Long prune = nextPrune.value();
    if (prune == null || timestamp >= prune) {
      prune(timestamp - allowedLatenessMs);
      nextPrune.update(timestamp + PRUNE_EVERY_MS);
    }
  }

  private void apply(MeterSample sample, Context ctx, Collector<MeterMinute> out) throws Exception {
    MeterSample last = lastApplied.value();
    if (last == null) {
      remember(sample);
      return; // the first reading is the baseline
    }
    long t = sample.eventTimeMs;
    Step step = energy(last.eventTimeMs, last.valueMilli, t, sample.valueMilli, sample);
    if (sample.maxMilliPerHour > 0 && step.outcome() != Outcome.RESET
        && step.consumptionMilli() > sample.maxMilliPerHour * (double) (t - last.eventTimeMs) / 3_600_000.0) {
      int count = spikes.value() == null ? 1 : spikes.value() + 1;
      String detail = String.format("%.3f %s in %d s implies more than the plausible %.3f %s/h",
          step.consumptionMilli() / 1000.0, sample.unit, (t - last.eventTimeMs) / 1000,
          sample.maxMilliPerHour / 1000.0, sample.unit);
      if (count < spikesBeforeNewBaseline) {
        spikes.update(count);
        event(ctx, sample, MeterEvent.Kind.SPIKE, detail, last, 0);
        ctx.output(DeadLetters.TAG, deadLetters.of(sample, new Rejection(RejectReason.SPIKE, detail)));
        return;
      }
      event(ctx, sample, MeterEvent.Kind.REPLACEMENT, count + " readings in a row at the new level: "
          + "taken as a replaced meter, new baseline", last, 0);
      step = new Step(0, Outcome.RESET);
    } else if (step.outcome() == Outcome.RESET) {
      event(ctx, sample, MeterEvent.Kind.RESET, "register dropped: reset or replaced, new baseline", last, 0);
    } else if (step.outcome() == Outcome.ROLLOVER) {
      event(ctx, sample, MeterEvent.Kind.ROLLOVER, "register wrapped at its capacity", last, 0);
    }
    spikes.clear();
    boolean gap = t - last.eventTimeMs > maxGapMs;
    if (gap) {
      event(ctx, sample, MeterEvent.Kind.GAP, "no reading for " + Duration.ofMillis(t - last.eventTimeMs)
          + "; its consumption is spread over the gap and not counted as reported", last, (t - last.eventTimeMs) / MINUTE);
    }
    Set<Long> touched = distribute(last.eventTimeMs, t, step.consumptionMilli(), gap, 1);
    Long open = openMinute.value();
    if (open != null) {
      touched.add(open);
    }
    remember(sample);
    writeComplete(touched, t, sample, out);
    if (t % MINUTE != 0) {
      openMinute.update(MinuteSplitter.minuteStart(t));
    } else {
      openMinute.clear();
    }
  }

  /** A reading older than the last applied one, within the allowed lateness: placed between its neighbours. */
  private void placeLate(MeterSample r, MeterSample last, Context ctx, Collector<MeterMinute> out) throws Exception {
    long t = r.eventTimeMs;
    if (r.kind == ValueKind.INTERVAL) {
      late(r, ctx, "an INTERVAL reading cannot be placed between readings already applied");
      return;
    }
    long before = Long.MIN_VALUE;
    long after = Long.MAX_VALUE;
    for (Long k : applied.keys()) {
      if (k < t && k > before) {
        before = k;
      } else if (k > t && k < after) {
        after = k;
      }
    }
    if (before == Long.MIN_VALUE) {
      late(r, ctx, "event time " + Instant.ofEpochMilli(t) + " is before the meter's readings still kept");
      return;
    }
    long p = applied.get(before);
    long s = applied.get(after);
    Step old = energy(before, p, after, s, r);
    Step first = energy(before, p, t, r.valueMilli, r);
    Step second = energy(t, r.valueMilli, after, s, r);
    if (old.outcome() == Outcome.ADVANCE
        && (first.outcome() != Outcome.ADVANCE || second.outcome() != Outcome.ADVANCE)) {
      ctx.output(DeadLetters.TAG, deadLetters.of(r, new Rejection(RejectReason.OUT_OF_SEQUENCE,
          "value " + r.valueMilli / 1000.0 + " at " + Instant.ofEpochMilli(t) + " does not lie between "
              + p / 1000.0 + " at " + Instant.ofEpochMilli(before) + " and " + s / 1000.0
              + " at " + Instant.ofEpochMilli(after))));
      return;
    }
    corrections.inc();
    Set<Long> touched = distribute(before, after, -old.consumptionMilli(), after - before > maxGapMs, -1);
    touched.addAll(distribute(before, t, first.consumptionMilli(), t - before > maxGapMs, 1));
    touched.addAll(distribute(t, after, second.consumptionMilli(), after - t > maxGapMs, 1));
    applied.put(t, r.valueMilli);
    writeComplete(touched, last.eventTimeMs, r, out);
  }

  /** Consumption between two readings of the meter described by {@code spec}. */
  private static Step energy(long fromMs, long fromMilli, long toMs, long toMilli, MeterSample spec) {
    return IntervalEnergy.between(spec.kind, fromMilli, toMilli, toMs - fromMs, spec.registerCapacityMilli, spec.factor);
  }

  private Set<Long> distribute(long from, long to, long consumptionMilli, boolean estimated, int sign)
      throws Exception {
    Set<Long> touched = new LinkedHashSet<>();
    List<long[]> shares = new ArrayList<>();
    MinuteSplitter.split(from, to, consumptionMilli, (minute, milli) -> shares.add(new long[] {minute, milli}));
    for (long[] share : shares) {
      MinuteState m = minutes.get(share[0]);
      if (m == null) {
        m = new MinuteState();
      }
      m.consumptionMilli += share[1];
      m.intervals += sign;
      if (estimated) {
        m.estimatedIntervals += sign;
      }
      m.dirty = true;
      minutes.put(share[0], m);
      touched.add(share[0]);
    }
    return touched;
  }

  /** Writes the touched minutes that are complete (a reading at or after their end is applied). */
  private void writeComplete(Set<Long> touched, long appliedUpTo, MeterSample sample, Collector<MeterMinute> out)
      throws Exception {
    for (Long minute : touched) {
      if (minute + MINUTE > appliedUpTo) {
        continue;
      }
      MinuteState m = minutes.get(minute);
      if (m == null || !m.dirty) {
        continue;
      }
      MeterMinute row = new MeterMinute();
      row.meterId = sample.meterId;
      row.minuteStartMs = minute;
      row.consumptionMilli = m.consumptionMilli;
      row.unit = sample.unit;
      row.energyType = sample.energyType;
      row.readings = m.intervals;
      row.estimated = m.estimated();
      row.version = m.version + 1;
      row.previousConsumptionMilli = m.version == 0 ? 0 : m.writtenConsumptionMilli;
      row.previousCounted = m.version != 0 && m.writtenCounted;
      out.collect(row);
      m.version++;
      m.writtenConsumptionMilli = m.consumptionMilli;
      m.writtenCounted = row.counted();
      m.dirty = false;
      minutes.put(minute, m);
    }
  }

  private void remember(MeterSample sample) throws Exception {
    applied.put(sample.eventTimeMs, sample.valueMilli);
    lastApplied.update(stripped(sample));
  }

  /** Forgets readings and minutes no reading within the allowed lateness can change any more. */
  private void prune(long horizon) throws Exception {
    long anchor = Long.MIN_VALUE;
    List<Long> old = new ArrayList<>();
    for (Long k : applied.keys()) {
      if (k < horizon) {
        old.add(k);
        anchor = Math.max(anchor, k);
      }
    }
    for (Long k : old) {
      if (k != anchor) {
        applied.remove(k);
      }
    }
    if (anchor == Long.MIN_VALUE) {
      return;
    }
    // a late reading after the anchor can change minutes from the anchor's minute on
    long keepFrom = MinuteSplitter.minuteStart(anchor);
    List<Long> done = new ArrayList<>();
    for (var e : minutes.entries()) {
      if (e.getKey() < keepFrom && !e.getValue().dirty) {
        done.add(e.getKey());
      }
    }
    for (Long k : done) {
      minutes.remove(k);
    }
  }

  private static MeterSample stripped(MeterSample s) {
    MeterSample k = new MeterSample();
    k.meterId = s.meterId;
    k.eventTimeMs = s.eventTimeMs;
    k.valueMilli = s.valueMilli;
    k.kind = s.kind;
    k.energyType = s.energyType;
    k.unit = s.unit;
    k.factor = s.factor;
    k.registerCapacityMilli = s.registerCapacityMilli;
    k.maxMilliPerHour = s.maxMilliPerHour;
    return k;
  }

  private void event(Context ctx, MeterSample sample, MeterEvent.Kind kind, String detail, MeterSample before,
      long gapMinutes) {
    ctx.output(EVENTS, new MeterEvent(sample.meterId, sample.eventTimeMs, kind, detail, before.valueMilli / 1000.0,
        sample.valueMilli / 1000.0, gapMinutes));
  }

  private void late(MeterSample sample, Context ctx, String detail) {
    ctx.output(LATE, deadLetters.of(sample, new Rejection(RejectReason.LATE, detail)));
  }

  private void rejectRepeat(MeterSample sample, long earlierMilli, Context ctx) {
    boolean same = sample.valueMilli == earlierMilli;
    ctx.output(DeadLetters.TAG, deadLetters.of(sample, new Rejection(
        same ? RejectReason.DUPLICATE : RejectReason.CONFLICTING_DUPLICATE,
        (same ? "repeats" : "contradicts") + " the reading of " + Instant.ofEpochMilli(sample.eventTimeMs)
            + (same ? "" : " (value " + earlierMilli / 1000.0 + ", now " + sample.valueMilli / 1000.0 + ")"))));
  }
}
