package io.wattward.jobs.rollup;

import io.wattward.rollup.WindowLifecycle;
import io.wattward.rollup.WindowSize;
import io.wattward.rollup.WindowStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * A {@link WindowStore} in keyed state: one map of windows, one of the keys to write again. The environment
 * windows keep their windows here; the node windows did in builds before {@link NodeWindowState}, which now
 * reads such state once to take it over.
 *
 * <p>Going through a map state, or asking whether it is empty, is a seek on RocksDB, and a seek passes over
 * the tombstones of every entry removed since the last compaction: with a window written every minute and
 * forgotten an hour later, that made the node windows' timers the job's bottleneck on RocksDB. So the store
 * seeks only when it has to: a flag says whether any key may be marked to be written again (absent in state
 * from builds before it: then the map is looked at once), the lifecycle asks for the marked keys once per
 * firing and unmarks only those (no tombstone for the others), and whether the windows are all gone is asked
 * only after a firing forgot a day window ({@link #emptiedByForgetting}).
 */
final class KeyedWindowStore<A> implements WindowStore<A> {

  private final MapState<Long, A> windows;
  private final MapState<Long, Boolean> rewrite;
  private final ValueState<Boolean> mayHaveRewrites;
  private boolean dayForgotten;

  KeyedWindowStore(RuntimeContext context, String windowsName, String rewriteName, TypeInformation<A> type) {
    windows = context.getMapState(new MapStateDescriptor<>(windowsName, Types.LONG, type));
    rewrite = context.getMapState(new MapStateDescriptor<>(rewriteName, Types.LONG, Types.BOOLEAN));
    mayHaveRewrites = context.getState(new ValueStateDescriptor<>(rewriteName + "-pending", Types.BOOLEAN));
  }

  @Override
  public A get(long key) {
    try {
      return windows.get(key);
    } catch (Exception e) {
      throw new FlinkRuntimeException("reading window state", e);
    }
  }

  @Override
  public void put(long key, A window) {
    try {
      windows.put(key, window);
    } catch (Exception e) {
      throw new FlinkRuntimeException("writing window state", e);
    }
  }

  @Override
  public void remove(long key) {
    try {
      windows.remove(key);
      if (WindowLifecycle.size(key) == WindowSize.DAY) {
        dayForgotten = true;
      }
    } catch (Exception e) {
      throw new FlinkRuntimeException("removing window state", e);
    }
  }

  @Override
  public void markRewrite(long key) {
    try {
      rewrite.put(key, true);
      if (!Boolean.TRUE.equals(mayHaveRewrites.value())) {
        mayHaveRewrites.update(true);
      }
    } catch (Exception e) {
      throw new FlinkRuntimeException("writing window state", e);
    }
  }

  @Override
  public void unmarkRewrite(long key) {
    try {
      rewrite.remove(key);
    } catch (Exception e) {
      throw new FlinkRuntimeException("removing window state", e);
    }
  }

  @Override
  public Iterable<Long> rewrites() {
    try {
      if (Boolean.FALSE.equals(mayHaveRewrites.value())) {
        return List.of();
      }
      List<Long> keys = new ArrayList<>();
      rewrite.keys().forEach(keys::add);
      if (keys.isEmpty()) {
        mayHaveRewrites.update(false);
      }
      return keys;
    } catch (Exception e) {
      throw new FlinkRuntimeException("reading window state", e);
    }
  }

  /** True if no window is open (then nothing of the key is kept here any more): the key's other state can go too. */
  boolean isEmpty() {
    try {
      if (!windows.isEmpty()) {
        return false;
      }
      mayHaveRewrites.clear(); // a window forgotten is unmarked: the map is empty too
      return true;
    } catch (Exception e) {
      throw new FlinkRuntimeException("reading window state", e);
    }
  }

  /**
   * After a firing of the current key: true if it forgot the key's last window. Every open window lies in a
   * day whose window is open too and is forgotten last (at its end plus the allowed lateness, when every
   * shorter window of it is forgotten as well; a contribution too late for the day is too late for all its
   * windows), so only a firing that forgot a day window can have emptied the store, and only then is the
   * state asked.
   */
  boolean emptiedByForgetting() {
    if (!dayForgotten) {
      return false;
    }
    dayForgotten = false;
    return isEmpty();
  }
}
