package io.wattward.rollup;

/** One node's consumption in one window: a row of ClickHouse {@code node_energy_<size>}. A Flink POJO. */
public class NodeAggregate {
  public WindowSize size;
  public String hierarchy;
  public String level;
  public String nodeId;
  public String building;
  public String energyType;
  public String subItem;
  public String unit;
  public long windowStartMs;
  public long consumptionMilli;
  /** highest average demand of a quarter-hour in the window, kW; electricity windows of 15 min and more */
  public double peakDemandKw;
  public int metersExpected;
  public int meterMinutes;
  public double coveragePct;
  public double tceKg;
  public double co2Kg;
  public double cost;
  public long version;

  public NodeAggregate() {}

  @Override
  public String toString() {
    return size.suffix + " " + nodeId + " " + energyType + "/" + subItem + " @" + windowStartMs + " = "
        + consumptionMilli + "m" + unit + " v" + version;
  }
}
