package io.wattward.environment;

import java.util.List;

/** The mean of each factor over one sensor set's readings in one minute; a factor no reading has is NaN. */
public final class MinuteMeans {

  private MinuteMeans() {}

  /** @param readings the minute's readings, each a value per factor (NaN: not measured); at least one */
  public static SensorMinute of(String sensorId, long minuteStartMs, List<double[]> readings) {
    int factors = readings.get(0).length;
    double[] sums = new double[factors];
    int[] counts = new int[factors];
    for (double[] v : readings) {
      for (int i = 0; i < factors; i++) {
        if (!Double.isNaN(v[i])) {
          sums[i] += v[i];
          counts[i]++;
        }
      }
    }
    SensorMinute m = new SensorMinute();
    m.sensorId = sensorId;
    m.minuteStartMs = minuteStartMs;
    m.means = new double[factors];
    for (int i = 0; i < factors; i++) {
      m.means[i] = counts[i] == 0 ? Double.NaN : sums[i] / counts[i];
    }
    m.readings = readings.size();
    return m;
  }
}
