package io.wattward.normalize;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the {@link MeterLedger} knows of one meter, as a Flink POJO (lists of POJOs, no generic
 * types): the readings waiting for the watermark, the applied readings a late one could still fall
 * between, the minutes still open to change, and the spike streak. Every list is kept in time order.
 *
 * <p>Once the watermark has passed a meter's last reading by the allowed lateness, what remains is its
 * last applied reading (the baseline of the next one), the minute that reading fell inside if it was
 * not on a minute boundary, and a spike streak if the last readings were spikes.
 */
public class MeterLedgerState {
  public static final long NO_MINUTE = Long.MIN_VALUE;

  /** readings ahead of the watermark, in event-time order, with their source for a later rejection */
  public List<LedgerReading> pending = new ArrayList<>();
  /** applied readings still within reach of a late one, in time order */
  public List<RegisterPoint> applied = new ArrayList<>();
  /** the last applied reading's time and value (the baseline of the next one); null before the first */
  public LedgerReading last;
  /** minutes that can still change, in time order */
  public List<MinuteState> minutes = new ArrayList<>();
  /** the minute the last applied reading fell inside, if not on its boundary */
  public long openMinuteMs = NO_MINUTE;
  /** implausible readings in a row since the last applied one */
  public int spikes;
  public long nextPruneMs = Long.MIN_VALUE;

  public MeterLedgerState() {}

  LedgerReading pendingAt(long timeMs) {
    int i = indexOf(pending, timeMs, PENDING_TIME);
    return i >= 0 ? pending.get(i) : null;
  }

  void queue(LedgerReading r) {
    pending.add(-indexOf(pending, r.eventTimeMs, PENDING_TIME) - 1, r);
  }

  /** Value of the applied reading at exactly this time, or null. */
  Long appliedAt(long timeMs) {
    int i = indexOf(applied, timeMs, POINT_TIME);
    return i >= 0 ? applied.get(i).valueMilli : null;
  }

  /** Index the applied reading at this time has, or would have. */
  int appliedIndex(long timeMs) {
    int i = indexOf(applied, timeMs, POINT_TIME);
    return i >= 0 ? i : -i - 1;
  }

  void apply(long timeMs, long valueMilli) {
    int i = indexOf(applied, timeMs, POINT_TIME);
    if (i >= 0) {
      applied.get(i).valueMilli = valueMilli;
    } else {
      applied.add(-i - 1, new RegisterPoint(timeMs, valueMilli));
    }
  }

  MinuteState minuteAt(long minuteStartMs) {
    int i = indexOf(minutes, minuteStartMs, MINUTE_START);
    return i >= 0 ? minutes.get(i) : null;
  }

  MinuteState openOrGetMinute(long minuteStartMs) {
    int i = indexOf(minutes, minuteStartMs, MINUTE_START);
    if (i >= 0) {
      return minutes.get(i);
    }
    MinuteState m = new MinuteState(minuteStartMs);
    minutes.add(-i - 1, m);
    return m;
  }

  /** Puts a minute in its place, in place of one with the same start if there is one. */
  void putMinute(MinuteState m) {
    int i = indexOf(minutes, m.minuteStartMs, MINUTE_START);
    if (i >= 0) {
      minutes.set(i, m);
    } else {
      minutes.add(-i - 1, m);
    }
  }

  private interface Time<T> {
    long of(T t);
  }

  private static final Time<LedgerReading> PENDING_TIME = r -> r.eventTimeMs;
  private static final Time<RegisterPoint> POINT_TIME = p -> p.timeMs;
  private static final Time<MinuteState> MINUTE_START = m -> m.minuteStartMs;

  /** Binary search of a time-ordered list: the index, or (-(insertion point) - 1). */
  private static <T> int indexOf(List<T> list, long timeMs, Time<T> time) {
    int lo = 0;
    int hi = list.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long t = time.of(list.get(mid));
      if (t < timeMs) {
        lo = mid + 1;
      } else if (t > timeMs) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -lo - 1;
  }
}
