package io.wattward.environment;

/** What one sensor-minute brings to one node of the spatial hierarchy. A Flink POJO. */
public class EnvContribution {
  /** level|node id: the key of the node's windows */
  public String key;
  public String level;
  public String nodeId;
  public String building;
  /** the room's type on room nodes, empty elsewhere */
  public String roomType;
  public int sensorsExpected;
  public long minuteStartMs;
  public double[] means;
  /** factors out of the sensor's room-type range, one bit per factor */
  public int outMask;

  public EnvContribution() {}
}
