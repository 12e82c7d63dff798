package io.wattward.forecast.stream;

/** One node's energy of one energy type in one hour, all sub-items together. A Flink POJO. */
public class NodeHour {
  public String level;
  public String nodeId;
  public String building;
  public String energyType;
  public String unit;
  public long hourStartMs;
  public double consumption;
  public double cost;

  public NodeHour() {}

  public String key() {
    return nodeId + "|" + energyType;
  }
}
