package io.wattward.environment;

import io.wattward.rollup.WindowSize;

/**
 * One node's environment in one window: a row of ClickHouse {@code env_<size>}. Per factor (indexed by
 * {@link io.wattward.topology.EnvFactor#ordinal()}): avg / min / max over the window's sensor-minutes
 * (NaN when no sensor reported it) and the minutes in which some sensor set was out of range. A Flink POJO.
 */
public class EnvAggregate {
  public WindowSize size;
  public String level;
  public String nodeId;
  public String building;
  public String roomType;
  public long windowStartMs;
  public int sensorsExpected;
  public int sensorMinutes;
  public double[] avg;
  public double[] min;
  public double[] max;
  public int[] minutesOut;
  public int minutesOutAny;

  public EnvAggregate() {}
}
