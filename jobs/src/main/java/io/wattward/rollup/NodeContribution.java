package io.wattward.rollup;

/**
 * What one meter-minute adds to one node: consumption and reported meter-minutes, as differences to
 * what the meter-minute's previous version added (so a correction replaces, never adds). A Flink POJO.
 */
public class NodeContribution {
  /** level|node id|energy type|sub-item: the key of the node's windows */
  public String key;
  public String hierarchy;
  public String level;
  public String nodeId;
  public String building;
  public String energyType;
  public String subItem;
  public String unit;
  public long minuteStartMs;
  public long deltaMilli;
  public int deltaMeterMinutes;
  public int metersExpected;

  public NodeContribution() {}
}
