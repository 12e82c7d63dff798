package io.wattward.normalize;

import io.wattward.normalize.CounterNormalizer.Outcome;
import io.wattward.normalize.CounterNormalizer.Step;
import io.wattward.normalize.LedgerRejection.Reason;
import io.wattward.schema.ValueKind;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One meter's readings in, its consumption per minute out: the bookkeeping of a meter, over a
 * {@link MeterLedgerState} it is given, with no clock of its own (time is the watermark it is told).
 *
 * <p>Readings are applied in event-time order: one ahead of the watermark waits until
 * {@link #advance} reaches it; one behind the watermark but after the last applied reading is applied
 * at once. The consumption between two applied readings is spread over the minutes it covers; a minute
 * is written once a reading at or after its end has been applied. A reading older than the last applied
 * one but within the allowed lateness is placed between its neighbours: the minutes they span are
 * recomputed and written again with a higher version (the total stays, the split between minutes is
 * corrected). Older readings are rejected as late, repeats and implausible readings as dead letters.
 * Readings and minutes are kept only as long as a late reading could still change them; the ledger asks
 * to be woken (see {@link LedgerOutput#wakeUps()}) when it can forget them.
 */
public final class MeterLedger {

  private static final long MINUTE = MinuteSplitter.MINUTE_MS;
  static final long PRUNE_EVERY_MS = 10 * MINUTE;

  private final long allowedLatenessMs;
  private final long maxGapMs;
  private final int spikesBeforeNewBaseline;

  /**
   * @param allowedLatenessMs how far behind the watermark a reading may still correct its minutes
   * @param maxGapMs intervals longer than this are gaps: their consumption is estimated
   * @param spikesBeforeNewBaseline implausible readings in a row that are taken as a replaced meter
   */
  public MeterLedger(long allowedLatenessMs, long maxGapMs, int spikesBeforeNewBaseline) {
    this.allowedLatenessMs = allowedLatenessMs;
    this.maxGapMs = maxGapMs;
    this.spikesBeforeNewBaseline = spikesBeforeNewBaseline;
  }

  /** Takes one reading of the meter, the watermark being {@code watermarkMs}. */
  public LedgerOutput receive(LedgerReading r, long watermarkMs, MeterLedgerState state) {
    LedgerOutput out = new LedgerOutput();
    applyDue(watermarkMs, state, out);
    long t = r.eventTimeMs;
    LedgerReading last = state.last;
    if (last != null && t <= last.eventTimeMs) {
      Long earlier = t == last.eventTimeMs ? Long.valueOf(last.valueMilli) : state.appliedAt(t);
      if (earlier != null) {
        rejectRepeat(r, earlier, out);
      } else if (t < watermarkMs - allowedLatenessMs) {
        out.reject(r, Reason.LATE, "event time " + Instant.ofEpochMilli(t) + " is more than the allowed lateness ("
            + Duration.ofMillis(allowedLatenessMs) + ") behind the watermark " + Instant.ofEpochMilli(watermarkMs));
      } else {
        placeLate(r, state, out);
      }
      return out;
    }
    if (t <= watermarkMs) {
      // every queued reading is ahead of the watermark, so this one is next in event-time order
      apply(r, state, out);
      return out;
    }
    LedgerReading waiting = state.pendingAt(t);
    ahead(r, waiting, out);
    if (waiting == null) {
      state.queue(r);
    }
    return out;
  }

  /**
   * A reading ahead of the watermark (so after the last applied one), given the reading already waiting at its
   * time if there is one: a repeat of that one is rejected; otherwise it is to wait, and the ledger asks to be
   * woken at its time (the caller keeps it among the waiting readings).
   */
  public LedgerOutput aheadOfWatermark(LedgerReading r, LedgerReading waiting) {
    LedgerOutput out = new LedgerOutput();
    ahead(r, waiting, out);
    return out;
  }

  private static void ahead(LedgerReading r, LedgerReading waiting, LedgerOutput out) {
    if (waiting != null) {
      rejectRepeat(r, waiting.valueMilli, out);
    } else {
      out.wakeAt(r.eventTimeMs);
    }
  }

  /** Event time has reached {@code timeMs}: applies the readings due and forgets what no late one can change. */
  public LedgerOutput advance(long timeMs, MeterLedgerState state) {
    LedgerOutput out = new LedgerOutput();
    applyDue(timeMs, state, out);
    if (timeMs >= state.nextPruneMs) {
      prune(timeMs - allowedLatenessMs, state);
      state.nextPruneMs = Math.floorDiv(timeMs, PRUNE_EVERY_MS) * PRUNE_EVERY_MS + PRUNE_EVERY_MS;
    }
    return out;
  }

  private void applyDue(long timeMs, MeterLedgerState state, LedgerOutput out) {
    while (!state.pending.isEmpty() && state.pending.get(0).eventTimeMs <= timeMs) {
      apply(state.pending.remove(0), state, out);
    }
  }

  private void apply(LedgerReading r, MeterLedgerState state, LedgerOutput out) {
    LedgerReading last = state.last;
    if (last == null) {
      remember(r, state, out);
      return; // the first reading is the baseline
    }
    long t = r.eventTimeMs;
    long interval = t - last.eventTimeMs;
    Step step = judge(energy(last.eventTimeMs, last.valueMilli, t, r.valueMilli, r), r, last, state, out);
    if (step == null) {
      return;
    }
    boolean gap = interval > maxGapMs;
    if (gap) {
      event(out, r, MeterEvent.Kind.GAP, "no reading for " + Duration.ofMillis(interval)
          + "; its consumption is spread over the gap and not counted as reported", last, interval / MINUTE);
    }
    Set<Long> touched = distribute(last.eventTimeMs, t, step.consumptionMilli(), gap, 1, state);
    if (state.openMinuteMs != MeterLedgerState.NO_MINUTE) {
      touched.add(state.openMinuteMs);
    }
    remember(r, state, out);
    writeComplete(touched, t, r, state, out);
    state.openMinuteMs = t % MINUTE != 0 ? MinuteSplitter.minuteStart(t) : MeterLedgerState.NO_MINUTE;
  }

  /**
   * The step from the last applied reading to {@code r} as it counts, with its event; null if {@code r} is a
   * spike (rejected, the baseline kept). Enough spikes in a row are a replaced meter: a new baseline.
   */
  private Step judge(Step step, LedgerReading r, LedgerReading last, MeterLedgerState state, LedgerOutput out) {
    long interval = r.eventTimeMs - last.eventTimeMs;
    if (implausible(step, r, interval)) {
      int count = state.spikes + 1;
      String detail = String.format("%.3f %s in %d s implies more than the plausible %.3f %s/h",
          step.consumptionMilli() / 1000.0, r.unit, interval / 1000, r.maxMilliPerHour / 1000.0, r.unit);
      if (count < spikesBeforeNewBaseline) {
        state.spikes = count;
        event(out, r, MeterEvent.Kind.SPIKE, detail, last, 0);
        out.reject(r, Reason.SPIKE, detail);
        return null;
      }
      event(out, r, MeterEvent.Kind.REPLACEMENT, count + " readings in a row at the new level: "
          + "taken as a replaced meter, new baseline", last, 0);
      step = new Step(0, Outcome.RESET);
    } else if (step.outcome() == Outcome.RESET) {
      event(out, r, MeterEvent.Kind.RESET, "register dropped: reset or replaced, new baseline", last, 0);
    } else if (step.outcome() == Outcome.ROLLOVER) {
      event(out, r, MeterEvent.Kind.ROLLOVER, "register wrapped at its capacity", last, 0);
    }
    state.spikes = 0;
    return step;
  }

  private static boolean implausible(Step step, LedgerReading r, long intervalMs) {
    return r.maxMilliPerHour > 0 && step.outcome() != Outcome.RESET
        && step.consumptionMilli() > r.maxMilliPerHour * (double) intervalMs / 3_600_000.0;
  }

  /** A reading older than the last applied one, within the allowed lateness: placed between its neighbours. */
  private void placeLate(LedgerReading r, MeterLedgerState state, LedgerOutput out) {
    long t = r.eventTimeMs;
    if (r.kind == ValueKind.INTERVAL) {
      out.reject(r, Reason.LATE, "an INTERVAL reading cannot be placed between readings already applied");
      return;
    }
    int next = state.appliedIndex(t);
    if (next == 0) {
      out.reject(r, Reason.LATE, "event time " + Instant.ofEpochMilli(t) + " is before the meter's readings still kept");
      return;
    }
    // the last applied reading is kept and later than t, so there is a reading after t
    RegisterPoint before = state.applied.get(next - 1);
    RegisterPoint after = state.applied.get(next);
    Step old = energy(before.timeMs, before.valueMilli, after.timeMs, after.valueMilli, r);
    Step first = energy(before.timeMs, before.valueMilli, t, r.valueMilli, r);
    Step second = energy(t, r.valueMilli, after.timeMs, after.valueMilli, r);
    if (old.outcome() == Outcome.ADVANCE
        && (first.outcome() != Outcome.ADVANCE || second.outcome() != Outcome.ADVANCE)) {
      out.reject(r, Reason.OUT_OF_SEQUENCE, "value " + r.valueMilli / 1000.0 + " at " + Instant.ofEpochMilli(t)
          + " does not lie between " + before.valueMilli / 1000.0 + " at " + Instant.ofEpochMilli(before.timeMs)
          + " and " + after.valueMilli / 1000.0 + " at " + Instant.ofEpochMilli(after.timeMs));
      return;
    }
    out.corrected();
    Set<Long> touched = distribute(before.timeMs, after.timeMs, -old.consumptionMilli(),
        after.timeMs - before.timeMs > maxGapMs, -1, state);
    touched.addAll(distribute(before.timeMs, t, first.consumptionMilli(), t - before.timeMs > maxGapMs, 1, state));
    touched.addAll(distribute(t, after.timeMs, second.consumptionMilli(), after.timeMs - t > maxGapMs, 1, state));
    state.apply(t, r.valueMilli);
    writeComplete(touched, state.last.eventTimeMs, r, state, out);
  }

  /** Consumption between two readings of the meter described by {@code spec}. */
  private static Step energy(long fromMs, long fromMilli, long toMs, long toMilli, LedgerReading spec) {
    return IntervalEnergy.between(spec.kind, fromMilli, toMilli, toMs - fromMs, spec.registerCapacityMilli, spec.factor);
  }

  private static Set<Long> distribute(long from, long to, long consumptionMilli, boolean estimated, int sign,
      MeterLedgerState state) {
    Set<Long> touched = new LinkedHashSet<>();
    MinuteSplitter.split(from, to, consumptionMilli, (minute, milli) -> {
      MinuteState m = state.openOrGetMinute(minute);
      m.consumptionMilli += milli;
      m.intervals += sign;
      if (estimated) {
        m.estimatedIntervals += sign;
      }
      m.dirty = true;
      touched.add(minute);
    });
    return touched;
  }

  /** Writes the touched minutes that are complete (a reading at or after their end is applied). */
  private static void writeComplete(Set<Long> touched, long appliedUpTo, LedgerReading r, MeterLedgerState state,
      LedgerOutput out) {
    for (Long minute : touched) {
      MinuteState m = minute + MINUTE > appliedUpTo ? null : state.minuteAt(minute);
      if (m == null || !m.dirty) {
        continue;
      }
      MeterMinute row = new MeterMinute();
      row.meterId = r.meterId;
      row.minuteStartMs = minute;
      row.consumptionMilli = m.consumptionMilli;
      row.unit = r.unit;
      row.energyType = r.energyType;
      row.readings = m.intervals;
      row.estimated = m.estimated();
      row.version = m.version + 1;
      row.previousConsumptionMilli = m.version == 0 ? 0 : m.writtenConsumptionMilli;
      row.previousCounted = m.version != 0 && m.writtenCounted;
      out.minute(row);
      m.version++;
      m.writtenConsumptionMilli = m.consumptionMilli;
      m.writtenCounted = row.counted();
      m.dirty = false;
    }
  }

  private void remember(LedgerReading r, MeterLedgerState state, LedgerOutput out) {
    state.apply(r.eventTimeMs, r.valueMilli);
    state.last = r.baseline();
    // once the watermark is past this reading by the allowed lateness, what it leaves can be forgotten
    long settled = r.eventTimeMs + allowedLatenessMs + 1;
    out.wakeAt(Math.floorDiv(settled + PRUNE_EVERY_MS - 1, PRUNE_EVERY_MS) * PRUNE_EVERY_MS);
  }

  /** Forgets readings and minutes no reading within the allowed lateness can change any more. */
  private static void prune(long horizon, MeterLedgerState state) {
    // the newest reading before the horizon stays: a late reading after it is placed against it
    int anchor = state.appliedIndex(horizon) - 1;
    if (anchor < 0) {
      return;
    }
    long anchorMs = state.applied.get(anchor).timeMs;
    state.applied.subList(0, anchor).clear();
    // a late reading after the anchor can change minutes from the anchor's minute on
    long keepFrom = MinuteSplitter.minuteStart(anchorMs);
    state.minutes.removeIf(m -> m.minuteStartMs < keepFrom && !m.dirty);
  }

  private static void event(LedgerOutput out, LedgerReading r, MeterEvent.Kind kind, String detail,
      LedgerReading before, long gapMinutes) {
    out.event(new MeterEvent(r.meterId, r.eventTimeMs, kind, detail, before.valueMilli / 1000.0,
        r.valueMilli / 1000.0, gapMinutes));
  }

  private static void rejectRepeat(LedgerReading r, long earlierMilli, LedgerOutput out) {
    boolean same = r.valueMilli == earlierMilli;
    out.reject(r, same ? Reason.DUPLICATE : Reason.CONFLICTING_DUPLICATE,
        (same ? "repeats" : "contradicts") + " the reading of " + Instant.ofEpochMilli(r.eventTimeMs)
            + (same ? "" : " (value " + earlierMilli / 1000.0 + ", now " + r.valueMilli / 1000.0 + ")"));
  }
}
