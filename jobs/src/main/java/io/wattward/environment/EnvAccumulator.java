package io.wattward.environment;

/** Running sums of one node's window; {@code outMask} only on 1-minute windows. A Flink POJO. */
public class EnvAccumulator {
  public double[] sum;
  public double[] min;
  public double[] max;
  public int[] count;
  public int[] minutesOut;
  public int minutesOutAny;
  public int sensorMinutes;
  public int outMask;

  public EnvAccumulator() {}

  public static EnvAccumulator empty(int factors) {
    EnvAccumulator a = new EnvAccumulator();
    a.sum = new double[factors];
    a.min = new double[factors];
    a.max = new double[factors];
    a.count = new int[factors];
    a.minutesOut = new int[factors];
    java.util.Arrays.fill(a.min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(a.max, Double.NEGATIVE_INFINITY);
    return a;
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
}
