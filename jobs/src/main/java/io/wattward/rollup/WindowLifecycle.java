package io.wattward.rollup;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The life of one key's windows of every {@link WindowSize}, shared by energy and environment windows:
 * a contribution opens the window of each size that holds its minute; a window is written when event time
 * passes its end (or, {@link Firing#ONCE_COMPLETE}, its end plus the allowed lateness); a contribution to a
 * written window within the allowed lateness writes it again with a higher version at the next watermark;
 * a window is forgotten at its end plus the allowed lateness (or, if it is kept with a longer size, at
 * that one's), after which a contribution to it is dropped and counted.
 *
 * <p>Timers: a window asks to be fired at its end, and to be forgotten at its forgetting time, except a minute:
 * a minute is forgotten by whichever firing comes at its forgetting time (a key that has a minute every minute
 * fires every minute) and otherwise by the firing at its quarter-hour's end plus the allowed lateness, which
 * forgets every minute of that quarter-hour still kept. So a key waits on a few timers, not one per minute of
 * the allowed lateness (75 at the defaults): fewer timers to keep in order and to write into every checkpoint.
 * A minute past its forgetting time but not yet removed takes no contribution and is not written again.
 *
 * <p>The lifecycle holds no state of its own and no clock: windows live in the {@link WindowStore} it is
 * given, and it says at which event times it wants {@link #fire} called. The arithmetic is the
 * accumulator's.
 */
public final class WindowLifecycle<C, A extends WindowAccumulator<C, A>> {

  /** When a window is first written. */
  public enum Firing {
    /** at its end; corrections within the allowed lateness write it again */
    AT_END_THEN_CORRECTIONS,
    /** once, at its end plus the allowed lateness, when all its contributions are in */
    ONCE_COMPLETE
  }

  /** A window written: its size, bounds, accumulator and version (1 for the first writing). */
  public record Written<A>(WindowSize size, long startMs, long endMs, A window, long version) {}

  private static final WindowSize[] SIZES = WindowSize.values();
  private static final long MINUTE_MS = 60_000L;

  private final ZoneId zone;
  private final long allowedLatenessMs;
  private final Firing firing;
  private final long fireDelayMs;
  private final Map<WindowSize, WindowSize> keptWith;
  private final Supplier<A> empty;
  // contributions come minute by minute: the window bounds of the last minute seen, reused
  private long memoMinute = Long.MIN_VALUE;
  private final long[] memoStart = new long[SIZES.length];
  private final long[] memoEnd = new long[SIZES.length];
  private boolean openedDay;

  /**
   * @param keptWith sizes whose windows are kept as long as the window of a longer size that holds them
   *     (e.g. quarter-hours with their day, whose peak demand is computed from them)
   * @param empty a new, empty accumulator
   */
  public WindowLifecycle(ZoneId zone, long allowedLatenessMs, Firing firing, Map<WindowSize, WindowSize> keptWith,
      Supplier<A> empty) {
    this.zone = zone;
    this.allowedLatenessMs = allowedLatenessMs;
    this.firing = firing;
    this.fireDelayMs = firing == Firing.ONCE_COMPLETE ? allowedLatenessMs : 0;
    this.keptWith = Map.copyOf(keptWith);
    this.empty = empty;
  }

  /** Store key of a window: its start (a whole minute, so the two low bits are free) and its size. */
  public static long key(WindowSize size, long startMs) {
    return startMs * 4 + size.ordinal();
  }

  /**
   * Adds a contribution of the minute starting at {@code minuteStartMs} to every window that holds it.
   *
   * @param timers receives the event times at which {@link #fire} is to be called
   * @return how many of its windows were already forgotten (the contribution is dropped for those)
   */
  public int contribute(long minuteStartMs, C contribution, long watermarkMs, WindowStore<A> store,
      LongConsumer timers) {
    bounds(minuteStartMs);
    openedDay = false;
    int dropped = 0;
    for (WindowSize size : SIZES) {
      long start = memoStart[size.ordinal()];
      long fireAt = memoEnd[size.ordinal()] + fireDelayMs;
      long key = key(size, start);
      if (forgetAt(size, start) <= watermarkMs) {
        // the window was written and forgotten (or is about to be); a difference alone must not overwrite its row
        dropped++;
        continue;
      }
      A w = store.get(key);
      if (w == null) {
        w = empty.get();
        openedDay |= size == WindowSize.DAY;
        timers.accept(fireAt);
        if (size == WindowSize.QUARTER_HOUR) {
          timers.accept(memoEnd[size.ordinal()] + allowedLatenessMs); // forgets the minutes it holds
        }
        if (size != WindowSize.MINUTE) {
          timers.accept(forgetAt(size, start));
        }
      }
      w.add(contribution, size);
      store.put(key, w);
      if (fireAt <= watermarkMs) {
        // already written, or due: write it (again) at the next watermark
        store.markRewrite(key);
        timers.accept(watermarkMs + 1);
      }
    }
    return dropped;
  }

  /**
   * Whether the last {@link #contribute} opened a day window. A key's day window is opened before or with any
   * other window of that day and forgotten last, so a key with no day window open has no window at all: what
   * a caller keeps about the key beside its windows needs looking at only when this is true.
   */
  public boolean openedDay() {
    return openedDay;
  }

  /** Event time has reached {@code timestampMs}: the windows due are written, those past the lateness forgotten. */
  public List<Written<A>> fire(long timestampMs, WindowStore<A> store) {
    long endingNow = timestampMs - fireDelayMs;
    if (firing == Firing.ONCE_COMPLETE) {
      completeMinute(endingNow - MINUTE_MS, store);
    }
    // the marked keys are asked for once; a window written or forgotten is unmarked only if it is among them
    Set<Long> marked = new LinkedHashSet<>();
    store.rewrites().forEach(marked::add);
    List<Written<A>> written = new ArrayList<>();
    for (WindowSize size : SIZES) {
      long start = size.start(endingNow - 1, zone);
      if (size.end(start, zone) == endingNow) {
        write(size, start, store, marked, written);
      }
    }
    List<Long> due = new ArrayList<>();
    for (Long key : marked) {
      if (size(key).end(start(key), zone) + fireDelayMs <= timestampMs) {
        due.add(key);
      }
    }
    for (Long key : due) {
      write(size(key), start(key), store, marked, written);
    }
    forget(timestampMs - allowedLatenessMs, store, marked);
    forgetMinutesOfQuarter(timestampMs - allowedLatenessMs, store, marked);
    return written;
  }

  /** The open windows of {@code size} that start in [fromMs, toMs), e.g. the quarter-hours of a day. */
  public List<A> within(WindowSize size, long fromMs, long toMs, WindowStore<A> store) {
    List<A> found = new ArrayList<>();
    for (long start = fromMs; start < toMs; start = size.end(start, zone)) {
      A w = store.get(key(size, start));
      if (w != null) {
        found.add(w);
      }
    }
    return found;
  }

  private void bounds(long minuteMs) {
    if (minuteMs != memoMinute) {
      for (WindowSize size : SIZES) {
        memoStart[size.ordinal()] = size.start(minuteMs, zone);
        memoEnd[size.ordinal()] = size.end(memoStart[size.ordinal()], zone);
      }
      memoMinute = minuteMs;
    }
  }

  /** Every window holding the minute learns it is complete, before any of them is written. */
  private void completeMinute(long minuteStartMs, WindowStore<A> store) {
    A minute = store.get(key(WindowSize.MINUTE, minuteStartMs));
    if (minute == null) {
      return;
    }
    for (WindowSize size : SIZES) {
      long key = key(size, size.start(minuteStartMs, zone));
      A w = size == WindowSize.MINUTE ? minute : store.get(key);
      if (w != null) {
        w.minuteComplete(minute);
        store.put(key, w);
      }
    }
  }

  private void write(WindowSize size, long start, WindowStore<A> store, Set<Long> marked, List<Written<A>> written) {
    long key = key(size, start);
    unmark(key, store, marked);
    A w = store.get(key);
    if (w == null) {
      return;
    }
    w.version(w.version() + 1);
    store.put(key, w);
    written.add(new Written<>(size, start, size.end(start, zone), w, w.version()));
  }

  private long forgetAt(WindowSize size, long start) {
    WindowSize holder = keptWith.get(size);
    if (holder != null) {
      return holder.end(holder.start(start, zone), zone) + allowedLatenessMs;
    }
    return size.end(start, zone) + allowedLatenessMs;
  }

  /** Forgets the windows that closed at {@code closedAt}, with the shorter ones kept with them. */
  private void forget(long closedAt, WindowStore<A> store, Set<Long> marked) {
    for (WindowSize size : SIZES) {
      if (keptWith.containsKey(size)) {
        continue;
      }
      long start = size.start(closedAt - 1, zone);
      if (size.end(start, zone) != closedAt) {
        continue;
      }
      drop(key(size, start), store, marked);
      for (Map.Entry<WindowSize, WindowSize> kept : keptWith.entrySet()) {
        if (kept.getValue() == size) {
          for (long s = start; s < closedAt; s = kept.getKey().end(s, zone)) {
            drop(key(kept.getKey(), s), store, marked);
          }
        }
      }
    }
  }

  /** If a quarter-hour ended at {@code closedAt}: forgets its minutes still kept (a key with gaps between minutes). */
  private void forgetMinutesOfQuarter(long closedAt, WindowStore<A> store, Set<Long> marked) {
    long quarter = WindowSize.QUARTER_HOUR.start(closedAt - 1, zone);
    if (WindowSize.QUARTER_HOUR.end(quarter, zone) != closedAt) {
      return;
    }
    for (long s = quarter; s < closedAt - MINUTE_MS; s += MINUTE_MS) { // the last one forget() has dropped
      long key = key(WindowSize.MINUTE, s);
      if (store.get(key) != null) {
        drop(key, store, marked);
      }
    }
  }

  private static <A> void drop(long key, WindowStore<A> store, Set<Long> marked) {
    store.remove(key);
    unmark(key, store, marked);
  }

  private static <A> void unmark(long key, WindowStore<A> store, Set<Long> marked) {
    if (marked.remove(key)) {
      store.unmarkRewrite(key);
    }
  }

  /** The size of the window with store key {@code key}. */
  public static WindowSize size(long key) {
    return SIZES[(int) (key & 3)];
  }

  private static long start(long key) {
    return key >> 2;
  }
}
