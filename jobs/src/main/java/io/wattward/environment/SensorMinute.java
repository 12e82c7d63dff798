package io.wattward.environment;

/** One sensor set's minute: the mean of each factor over its readings (NaN: not reported). A Flink POJO. */
public class SensorMinute {
  public String sensorId;
  public long minuteStartMs;
  public double[] means;
  public int readings;

  public SensorMinute() {}
}
