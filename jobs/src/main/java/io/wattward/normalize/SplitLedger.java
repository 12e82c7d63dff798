package io.wattward.normalize;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@link MeterLedger} over a meter's state kept in two parts, so that a reading in event-time order costs
 * a state backend that stores bytes (RocksDB) a small read, a small write and an append, not the meter's whole
 * hour of history read and written back:
 * <ul>
 *   <li><b>now</b>: what every reading needs: the readings waiting for the watermark, the last applied reading,
 *       the minutes not yet written (at most the one the last reading fell inside) and the spike streak, as a
 *       {@link MeterLedgerState} with no applied points;</li>
 *   <li><b>history</b>: what only a reading older than the last applied one and pruning need: the applied
 *       points and written minutes still within the allowed lateness, as chunks
 *       ({@link MeterLedgerCodec#historyChunk}). Applying a reading appends a chunk with its point and the
 *       minutes it wrote; a late reading or pruning (every ten minutes of event time) reads the chunks and
 *       replaces them with one.</li>
 * </ul>
 * Reading the history back gives the whole ledger the {@link MeterLedger} works on, so both give the same
 * minutes, events and rejections. A reading can only touch minutes from the last applied reading's minute on,
 * which are all in "now" (the earlier ones were written when the readings after them were applied), unless it
 * is older than the last applied reading (or than a waiting one it makes due): those take the history path.
 * Pure; the store is the operator's state.
 */
public final class SplitLedger {

  /** A meter's two parts as the state backend keeps them, and the whole ledgers of builds before. */
  public interface Store {
    /** The meter's "now" part; null before its first reading (or while the store holds a whole ledger). */
    MeterLedgerState now() throws Exception;

    void now(MeterLedgerState now) throws Exception;

    /** The history's chunks, in the order they were appended. */
    Iterable<byte[]> history() throws Exception;

    void append(byte[] chunk) throws Exception;

    void replaceHistory(byte[] chunk) throws Exception;

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
    if (now == null) {
      now = new MeterLedgerState();
    }
    boolean late = r.eventTimeMs < appliedUpTo(now, watermarkMs);
    return late ? onWhole(now, store, s -> ledger.receive(r, watermarkMs, s))
        : onNow(now, store, s -> ledger.receive(r, watermarkMs, s));
  }

  /** {@link MeterLedger#advance} over the store; nothing if the meter has no state. */
  public LedgerOutput advance(long timeMs, Store store) throws Exception {
    MeterLedgerState now = now(store);
    if (now == null) {
      return new LedgerOutput();
    }
    boolean prunes = timeMs >= now.nextPruneMs;
    return prunes ? onWhole(now, store, s -> ledger.advance(timeMs, s)) : onNow(now, store, s -> ledger.advance(timeMs, s));
  }

  /**
   * The time of the latest reading that is applied once the watermark is {@code watermarkMs}: the last applied
   * one, or a waiting one the watermark has reached. A reading before it is placed among the history.
   */
  private static long appliedUpTo(MeterLedgerState now, long watermarkMs) {
    long upTo = now.last == null ? Long.MIN_VALUE : now.last.eventTimeMs;
    for (LedgerReading p : now.pending) {
      if (p.eventTimeMs <= watermarkMs) {
        upTo = Math.max(upTo, p.eventTimeMs);
      }
    }
    return upTo;
  }

  private static MeterLedgerState now(Store store) throws Exception {
    MeterLedgerState now = store.now();
    if (now != null) {
      return now;
    }
    MeterLedgerState whole = store.takeWhole();
    if (whole == null) {
      return null;
    }
    // a ledger a build before the split kept whole: its history goes into one chunk, the rest is "now"
    store.replaceHistory(history(whole));
    store.now(whole);
    return whole;
  }

  /** Only "now" is read; what the step applied and wrote is appended to the history. */
  private static LedgerOutput onNow(MeterLedgerState now, Store store, Step step) throws Exception {
    LedgerOutput out = step.on(now);
    List<MinuteState> written = writtenMinutes(now);
    if (!now.applied.isEmpty() || !written.isEmpty()) {
      store.append(MeterLedgerCodec.historyChunk(now.applied, written));
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
   * The whole ledger from its two parts ({@code now} is filled in): the history's points, then its minutes with
   * a later chunk's minute in place of an earlier one's, then the unwritten minutes of {@code now}.
   */
  public static MeterLedgerState join(MeterLedgerState now, Iterable<byte[]> history) throws Exception {
    List<MinuteState> unwritten = now.minutes;
    now.minutes = new ArrayList<>();
    List<RegisterPoint> ownPoints = now.applied;
    now.applied = new ArrayList<>();
    if (history != null) {
      for (byte[] chunk : history) {
        MeterLedgerCodec.readHistoryChunk(chunk, p -> now.apply(p.timeMs, p.valueMilli), now::putMinute);
      }
    }
    ownPoints.forEach(p -> now.apply(p.timeMs, p.valueMilli));
    unwritten.forEach(now::putMinute);
    return now;
  }

  /** Takes the history out of a whole ledger (leaving its "now" part) as one chunk. */
  private static byte[] history(MeterLedgerState whole) {
    byte[] chunk = MeterLedgerCodec.historyChunk(whole.applied, writtenMinutes(whole));
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
