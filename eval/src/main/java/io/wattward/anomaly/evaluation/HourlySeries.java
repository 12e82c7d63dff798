package io.wattward.anomaly.evaluation;

import java.util.Arrays;

/**
 * One meter's (or node's) consumption per hour, dense from {@code firstHourMs}: {@code values[i]} is the
 * hour starting {@code i} hours later, NaN where the meter sent nothing.
 */
public record HourlySeries(String id, long firstHourMs, double[] values) {

  public static final long HOUR_MS = 3_600_000L;

  public int size() {
    return values.length;
  }

  public long hourMs(int index) {
    return firstHourMs + index * HOUR_MS;
  }

  /** The index of the hour starting at {@code ms}, clamped to [0, size]. */
  public int indexAt(long ms) {
    long i = Math.floorDiv(ms - firstHourMs, HOUR_MS);
    return (int) Math.max(0, Math.min(values.length, i));
  }

  public HourlySeries withValues(double[] newValues) {
    return new HourlySeries(id, firstHourMs, newValues);
  }

  /** The same series with its values copied, to be changed. */
  public HourlySeries copy() {
    return withValues(Arrays.copyOf(values, values.length));
  }
}
