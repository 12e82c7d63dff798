package io.wattward.environment;

import io.wattward.rollup.WindowAccumulator;
import io.wattward.rollup.WindowSize;
import java.util.Arrays;

/**
 * Running sums of one node's environment window: per factor the sum, count, min and max of the
 * sensor-minutes' means, and the complete minutes in which some sensor set was out of range.
 * {@code outMask} (the factors out of range) is kept on 1-minute windows only. A Flink POJO.
 */
public class EnvAccumulator implements WindowAccumulator<EnvContribution, EnvAccumulator> {
  public double[] sum;
  public double[] min;
  public double[] max;
  public int[] count;
  public int[] minutesOut;
  public int minutesOutAny;
  public int sensorMinutes;
  public int outMask;
  public long version;

  public EnvAccumulator() {}

  public static EnvAccumulator empty(int factors) {
    EnvAccumulator a = new EnvAccumulator();
    a.sum = new double[factors];
    a.min = new double[factors];
    a.max = new double[factors];
    a.count = new int[factors];
    a.minutesOut = new int[factors];
    Arrays.fill(a.min, Double.POSITIVE_INFINITY);
    Arrays.fill(a.max, Double.NEGATIVE_INFINITY);
    return a;
  }

  @Override
  public void add(EnvContribution c, WindowSize size) {
    add(c.means);
    if (size == WindowSize.MINUTE) {
      outMask |= c.outMask;
    }
  }

  public void add(double[] values) {
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (!Double.isNaN(v)) {
        sum[i] += v;
        count[i]++;
        min[i] = Math.min(min[i], v);
        max[i] = Math.max(max[i], v);
      }
    }
    sensorMinutes++;
  }

  /** A minute of this window is complete: counts it if some factor was out of range in it. */
  @Override
  public void minuteComplete(EnvAccumulator minute) {
    addMinuteOut(minute.outMask);
  }

  /** Counts one minute whose out-of-range factors are {@code mask}. */
  public void addMinuteOut(int mask) {
    if (mask == 0) {
      return;
    }
    for (int i = 0; i < minutesOut.length; i++) {
      if ((mask & (1 << i)) != 0) {
        minutesOut[i]++;
      }
    }
    minutesOutAny++;
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public void version(long version) {
    this.version = version;
  }

  /** The row of this window of {@code node}: avg / min / max per factor, NaN where no sensor reported it. */
  public EnvAggregate toAggregate(EnvContribution node, WindowSize size, long startMs) {
    EnvAggregate a = new EnvAggregate();
    a.size = size;
    a.level = node.level;
    a.nodeId = node.nodeId;
    a.building = node.building;
    a.roomType = node.roomType;
    a.sensorsExpected = node.sensorsExpected;
    a.windowStartMs = startMs;
    a.sensorMinutes = sensorMinutes;
    int factors = sum.length;
    a.avg = new double[factors];
    a.min = new double[factors];
    a.max = new double[factors];
    for (int i = 0; i < factors; i++) {
      boolean any = count[i] > 0;
      a.avg[i] = any ? sum[i] / count[i] : Double.NaN;
      a.min[i] = any ? min[i] : Double.NaN;
      a.max[i] = any ? max[i] : Double.NaN;
    }
    a.minutesOut = minutesOut;
    a.minutesOutAny = minutesOutAny;
    return a;
  }
}
