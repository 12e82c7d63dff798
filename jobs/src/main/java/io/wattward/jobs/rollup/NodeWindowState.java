package io.wattward.jobs.rollup;

import io.wattward.rollup.EnergyAccumulator;
import io.wattward.rollup.EnergyWindows;
import java.util.Map;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.FlinkRuntimeException;

/**
 * The node windows' windows of the current key: one {@link EnergyWindows} value in keyed state ("energy-windows"),
 * loaded once per contribution or firing and saved after it.
 *
 * <p>Builds before this one kept a map state entry per window ("windows", "rewrite", "rewrite-pending"): a key
 * restored from such a checkpoint or savepoint is moved into the new value the first time it is touched (every key
 * with a window open has a timer to come), and its old entries are removed. Only a key without the new value is
 * looked up in the old state: once per key, not per contribution.
 */
final class NodeWindowState {

  private final ValueState<EnergyWindows> state;
  private final MapState<Long, EnergyAccumulator> before;
  private final MapState<Long, Boolean> rewriteBefore;
  private final ValueState<Boolean> pendingBefore;
  private boolean present;

  NodeWindowState(RuntimeContext context) {
    state = context.getState(new ValueStateDescriptor<>("energy-windows", EnergyWindowsSerializer.INSTANCE));
    before = context.getMapState(new MapStateDescriptor<>("windows", Types.LONG, Types.POJO(EnergyAccumulator.class)));
    rewriteBefore = context.getMapState(new MapStateDescriptor<>("rewrite", Types.LONG, Types.BOOLEAN));
    pendingBefore = context.getState(new ValueStateDescriptor<>("rewrite-pending", Types.BOOLEAN));
  }

  /** The current key's windows (empty if it has none); to be given to {@link #save} once changed. */
  EnergyWindows load() {
    try {
      EnergyWindows w = state.value();
      present = w != null;
      return w != null ? w : moveFromBefore();
    } catch (Exception e) {
      throw new FlinkRuntimeException("reading node window state", e);
    }
  }

  /** Keeps {@code w} as the current key's windows; nothing is kept of a key without windows. */
  void save(EnergyWindows w) {
    try {
      if (!w.isEmpty()) {
        state.update(w);
        present = true;
      } else if (present) {
        state.clear();
        present = false;
      }
    } catch (Exception e) {
      throw new FlinkRuntimeException("writing node window state", e);
    }
  }

  private EnergyWindows moveFromBefore() throws Exception {
    EnergyWindows w = new EnergyWindows();
    if (before.isEmpty()) {
      return w;
    }
    for (Map.Entry<Long, EnergyAccumulator> e : before.entries()) {
      w.put(e.getKey(), e.getValue());
    }
    for (Long key : rewriteBefore.keys()) {
      w.markRewrite(key);
    }
    before.clear();
    rewriteBefore.clear();
    pendingBefore.clear();
    present = false; // not in the new state yet: save() writes it there
    return w;
  }
}
