package io.wattward.rollup;

/** Running sums of one node window while it can still change. A Flink POJO kept in keyed state. */
public class WindowAccumulator {
  public long consumptionMilli;
  public int meterMinutes;
  public int metersExpected;
  public double cost;
  public long version;

  public WindowAccumulator() {}
}
