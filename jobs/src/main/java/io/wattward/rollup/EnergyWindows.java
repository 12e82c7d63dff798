package io.wattward.rollup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The open energy windows of one node and the keys of those to write again: all the node windows keep of a node
 * but its description, as one value (one state entry per node, read and written once per contribution or firing,
 * where a map state held an entry per window: about 75 minutes, up to 100 quarter-hours, 2 hours and a day). Its
 * compact form is {@link EnergyWindowsCodec}'s. Pure; no Flink.
 */
public final class EnergyWindows implements WindowStore<EnergyAccumulator> {

  private final Map<Long, EnergyAccumulator> windows = new HashMap<>();
  private final TreeSet<Long> rewrites = new TreeSet<>();

  @Override
  public EnergyAccumulator get(long key) {
    return windows.get(key);
  }

  @Override
  public void put(long key, EnergyAccumulator window) {
    windows.put(key, window);
  }

  @Override
  public void remove(long key) {
    windows.remove(key);
  }

  @Override
  public void markRewrite(long key) {
    rewrites.add(key);
  }

  @Override
  public void unmarkRewrite(long key) {
    rewrites.remove(key);
  }

  @Override
  public Iterable<Long> rewrites() {
    return new ArrayList<>(rewrites);
  }

  /** True if no window is open. */
  public boolean isEmpty() {
    return windows.isEmpty();
  }

  /** How many windows are open. */
  public int size() {
    return windows.size();
  }

  /** The keys of the open windows, ascending. */
  public List<Long> keys() {
    List<Long> keys = new ArrayList<>(windows.keySet());
    Collections.sort(keys);
    return keys;
  }

  /** The keys marked to be written again, ascending (a view: not to be changed). */
  public java.util.SortedSet<Long> marked() {
    return Collections.unmodifiableSortedSet(rewrites);
  }
}
