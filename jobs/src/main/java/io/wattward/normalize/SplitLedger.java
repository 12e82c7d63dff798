package io.wattward.normalize;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link MeterLedger} over a meter's state kept in parts, so that what a reading costs a state backend that
 * stores bytes (RocksDB) does not grow with the meter's history or with the readings waiting beside it:
 * <ul>
 *   <li><b>waiting</b>: each reading ahead of the watermark on its own, by its event time. A reading that comes
 *       ahead of the watermark (and after the last applied one) is looked up at its time (a repeat is rejected)
 *       and put there; of the rest, only the small "now" part is read.
 *       When the watermark reaches it, its timer takes it out and applies it. (Readings that came in a burst, a
 *       replay or a catch-up after an outage wait in dozens per meter; kept in one value, each would read and
 *       write all the others.)</li>
 *   <li><b>now</b>: what applying a reading needs: the last applied reading's time and value, the minutes not
 *       yet written (at most the one the last reading fell inside) and the spike streak, as a
 *       {@link MeterLedgerState} with no applied points and no waiting readings;</li>
 *   <li><b>history</b>: what only a reading older than the last applied one and pruning need: the applied
 *       points and written minutes still within the allowed lateness, as {@link HistoryChunk}s. Applying a reading appends a chunk with its point and the
 *       minutes it wrote; a late reading or pruning (every ten minutes of event time) reads the chunks and
 *       replaces them with one.</li>
 * </ul>
 * The parts together are the whole ledger the {@link MeterLedger} works on, so both give the same minutes,
 * events and rejections as long as timers fire in time order, as Flink's do: a reading waiting at time t is due
 * at its own timer, after every earlier one. A reading can only touch minutes from the last applied reading's
 * minute on, which are all in "now" (the earlier ones were written when the readings after them were applied),
 * unless it is older than the last applied reading: those take the history path. Pure; the store is the
 * operator's state.
 */
public final class SplitLedger {

  /** A meter's parts as the state backend keeps them, and the whole ledgers of builds before. */
  public interface Store {
    /** The meter's "now" part; null before its first applied reading. */
    MeterLedgerState now() throws Exception;

    void now(MeterLedgerState now) throws Exception;

    /** The history's chunks, in the order they were appended. */
    Iterable<HistoryChunk> history() throws Exception;

    void append(HistoryChunk chunk) throws Exception;

    void replaceHistory(HistoryChunk chunk) throws Exception;

    /** The reading waiting at exactly this event time, or null. */
    LedgerReading waitingAt(long timeMs) throws Exception;

    void await(LedgerReading r) throws Exception;

    void stopWaiting(long timeMs) throws Exception;

    /** The whole ledger a build before the split kept for this meter, removed from the store; null if none. */
    MeterLedgerState takeWhole() throws Exception;
  }

  private interface Step {
    LedgerOutput on(MeterLedgerState state);
  }

  private final MeterLedger ledger;

  public SplitLedger(MeterLedger ledger) {
    this.ledger = ledger;
  }

  /** {@link MeterLedger#receive} over the store. */
  public LedgerOutput receive(LedgerReading r, long watermarkMs, Store store) throws Exception {
    MeterLedgerState now = now(store);
    long last = now == null || now.last == null ? Long.MIN_VALUE : now.last.eventTimeMs;
    // after a restore the watermark starts again from nothing: a reading ahead of it may still be a repeat of the
    // last applied one, or older, and is judged as such
    if (r.eventTimeMs > watermarkMs && r.eventTimeMs > last) {
      LedgerReading waiting = store.waitingAt(r.eventTimeMs);
      if (waiting == null) {
        store.await(r);
      }
      return ledger.aheadOfWatermark(r, waiting);
    }
    if (now == null) {
      now = new MeterLedgerState();
    }
    boolean late = r.eventTimeMs < last;
    return late ? onWhole(now, store, s -> ledger.receive(r, watermarkMs, s))
        : onNow(now, store, s -> ledger.receive(r, watermarkMs, s));
  }

  /**
   * {@link MeterLedger#advance} over the store, at a timer: the reading waiting at this time, if any, is applied
   * (the ones before it were at their own timers); nothing if the meter has no state.
   */
  public LedgerOutput advance(long timeMs, Store store) throws Exception {
    MeterLedgerState now = now(store);
    LedgerReading due = store.waitingAt(timeMs);
    if (due != null) {
      store.stopWaiting(timeMs);
      if (now == null) {
        now = new MeterLedgerState();
      }
      now.pending.add(due);
    } else if (now == null) {
      return new LedgerOutput();
    }
    boolean prunes = timeMs >= now.nextPruneMs;
    return prunes ? onWhole(now, store, s -> ledger.advance(timeMs, s)) : onNow(now, store, s -> ledger.advance(timeMs, s));
  }

  /**
   * The meter's "now" part. A meter has either its parts or the whole ledger a build before the split kept, so the
   * latter is looked for only when there is no "now": then it is split into its waiting readings, its history and
   * "now".
   */
  private static MeterLedgerState now(Store store) throws Exception {
    MeterLedgerState now = store.now();
    if (now != null) {
      return now;
    }
    MeterLedgerState whole = store.takeWhole();
    if (whole == null) {
      return null;
    }
    for (LedgerReading waiting : whole.pending) {
      store.await(waiting);
    }
    whole.pending = new ArrayList<>();
    store.replaceHistory(history(whole));
    store.now(whole);
    return whole;
  }

  /** Only "now" is read; what the step applied and wrote is appended to the history. */
  private static LedgerOutput onNow(MeterLedgerState now, Store store, Step step) throws Exception {
    LedgerOutput out = step.on(now);
    List<MinuteState> written = writtenMinutes(now);
    if (!now.applied.isEmpty() || !written.isEmpty()) {
      store.append(new HistoryChunk(now.applied, written));
      now.applied = new ArrayList<>();
    }
    store.now(now);
    return out;
  }

  /** The history is read into the ledger, the step runs on the whole of it and the history is written back. */
  private static LedgerOutput onWhole(MeterLedgerState now, Store store, Step step) throws Exception {
    MeterLedgerState whole = join(now, store.history());
    LedgerOutput out = step.on(whole);
    store.replaceHistory(history(whole));
    store.now(whole);
    return out;
  }

  /**
   * The ledger from "now" and the history ({@code now} is filled in; the chunks are not changed): the history's
   * points, then its minutes with a later chunk's minute in place of an earlier one's, then the unwritten minutes
   * of {@code now}.
   */
  public static MeterLedgerState join(MeterLedgerState now, Iterable<HistoryChunk> history) {
    List<MinuteState> unwritten = now.minutes;
    now.minutes = new ArrayList<>();
    List<RegisterPoint> ownPoints = now.applied;
    now.applied = new ArrayList<>();
    if (history != null) {
      for (HistoryChunk chunk : history) {
        chunk.points.forEach(p -> now.apply(p.timeMs, p.valueMilli));
        chunk.minutes.forEach(m -> now.putMinute(m.copy()));
      }
    }
    ownPoints.forEach(p -> now.apply(p.timeMs, p.valueMilli));
    unwritten.forEach(now::putMinute);
    return now;
  }

  /** Takes the history out of a whole ledger (leaving its "now" part) as one chunk. */
  private static HistoryChunk history(MeterLedgerState whole) {
    HistoryChunk chunk = new HistoryChunk(whole.applied, writtenMinutes(whole));
    whole.applied = new ArrayList<>();
    return chunk;
  }

  /** Removes the minutes that are written and not changed since from the ledger, and returns them. */
  private static List<MinuteState> writtenMinutes(MeterLedgerState s) {
    List<MinuteState> written = new ArrayList<>();
    s.minutes.removeIf(m -> !m.dirty && written.add(m));
    return written;
  }
}
