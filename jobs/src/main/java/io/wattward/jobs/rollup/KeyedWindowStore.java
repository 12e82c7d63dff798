package io.wattward.jobs.rollup;

import io.wattward.rollup.WindowStore;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.FlinkRuntimeException;

/** A {@link WindowStore} in keyed state: one map of windows, one of the keys to write again. */
final class KeyedWindowStore<A> implements WindowStore<A> {

  private final MapState<Long, A> windows;
  private final MapState<Long, Boolean> rewrite;

  KeyedWindowStore(RuntimeContext context, String windowsName, String rewriteName, TypeInformation<A> type) {
    windows = context.getMapState(new MapStateDescriptor<>(windowsName, Types.LONG, type));
    rewrite = context.getMapState(new MapStateDescriptor<>(rewriteName, Types.LONG, Types.BOOLEAN));
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
    } catch (Exception e) {
      throw new FlinkRuntimeException("removing window state", e);
    }
  }

  @Override
  public void markRewrite(long key) {
    try {
      rewrite.put(key, true);
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
      List<Long> keys = new ArrayList<>();
      rewrite.keys().forEach(keys::add);
      return keys;
    } catch (Exception e) {
      throw new FlinkRuntimeException("reading window state", e);
    }
  }

  /** True if no window is open: the key's other state can go too. */
  boolean isEmpty() {
    try {
      return windows.isEmpty();
    } catch (Exception e) {
      throw new FlinkRuntimeException("reading window state", e);
    }
  }
}
