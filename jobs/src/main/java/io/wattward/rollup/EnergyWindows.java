package io.wattward.rollup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The open energy windows of one node and the keys of those to write again: all the node windows keep of a node
 * but its description, as one value (one state entry per node, read and written once per contribution or firing,
 * where a map state held an entry per window: about 75 minutes, up to 100 quarter-hours, 2 hours and a day).
 *
 * <p>The windows are kept in arrays in ascending order of their key ({@link WindowLifecycle#key}), a field per
 * array: decoding a node's state from RocksDB fills arrays instead of making an object per window, and a new window
 * (the latest minute) is mostly added at the end. {@link #get} gives a copy of a window, which the lifecycle changes
 * and gives back with {@link #put}. Its compact form is {@link EnergyWindowsCodec}'s. Pure; no Flink.
 */
public final class EnergyWindows implements WindowStore<EnergyAccumulator> {

  long[] keys;
  long[] consumptionMilli;
  int[] meterMinutes;
  int[] metersExpected;
  double[] cost;
  long[] version;
  int size;
  private final TreeSet<Long> rewrites = new TreeSet<>();

  public EnergyWindows() {
    this(16);
  }

  EnergyWindows(int capacity) {
    int n = Math.max(1, capacity);
    keys = new long[n];
    consumptionMilli = new long[n];
    meterMinutes = new int[n];
    metersExpected = new int[n];
    cost = new double[n];
    version = new long[n];
  }

  @Override
  public EnergyAccumulator get(long key) {
    int i = Arrays.binarySearch(keys, 0, size, key);
    if (i < 0) {
      return null;
    }
    EnergyAccumulator a = new EnergyAccumulator();
    a.consumptionMilli = consumptionMilli[i];
    a.meterMinutes = meterMinutes[i];
    a.metersExpected = metersExpected[i];
    a.cost = cost[i];
    a.version = version[i];
    return a;
  }

  @Override
  public void put(long key, EnergyAccumulator window) {
    int i = size > 0 && keys[size - 1] < key ? -(size + 1) : Arrays.binarySearch(keys, 0, size, key);
    if (i < 0) {
      i = -(i + 1);
      open(i);
      keys[i] = key;
    }
    consumptionMilli[i] = window.consumptionMilli;
    meterMinutes[i] = window.meterMinutes;
    metersExpected[i] = window.metersExpected;
    cost[i] = window.cost;
    version[i] = window.version;
  }

  @Override
  public void remove(long key) {
    int i = Arrays.binarySearch(keys, 0, size, key);
    if (i < 0) {
      return;
    }
    int after = size - i - 1;
    System.arraycopy(keys, i + 1, keys, i, after);
    System.arraycopy(consumptionMilli, i + 1, consumptionMilli, i, after);
    System.arraycopy(meterMinutes, i + 1, meterMinutes, i, after);
    System.arraycopy(metersExpected, i + 1, metersExpected, i, after);
    System.arraycopy(cost, i + 1, cost, i, after);
    System.arraycopy(version, i + 1, version, i, after);
    size--;
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
    return rewrites.isEmpty() ? List.of() : new ArrayList<>(rewrites);
  }

  /** True if no window is open. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** How many windows are open. */
  public int size() {
    return size;
  }

  /** The keys of the open windows, ascending. */
  public List<Long> keys() {
    List<Long> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(keys[i]);
    }
    return list;
  }

  /** The keys marked to be written again, ascending (a view: not to be changed). */
  public SortedSet<Long> marked() {
    return Collections.unmodifiableSortedSet(rewrites);
  }

  /** Makes room at index {@code i}, growing the arrays if full. */
  private void open(int i) {
    if (size == keys.length) {
      int n = keys.length * 2;
      keys = Arrays.copyOf(keys, n);
      consumptionMilli = Arrays.copyOf(consumptionMilli, n);
      meterMinutes = Arrays.copyOf(meterMinutes, n);
      metersExpected = Arrays.copyOf(metersExpected, n);
      cost = Arrays.copyOf(cost, n);
      version = Arrays.copyOf(version, n);
    }
    int after = size - i;
    System.arraycopy(keys, i, keys, i + 1, after);
    System.arraycopy(consumptionMilli, i, consumptionMilli, i + 1, after);
    System.arraycopy(meterMinutes, i, meterMinutes, i + 1, after);
    System.arraycopy(metersExpected, i, metersExpected, i + 1, after);
    System.arraycopy(cost, i, cost, i + 1, after);
    System.arraycopy(version, i, version, i + 1, after);
    size++;
  }
}
