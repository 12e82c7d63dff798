package io.wattward.anomaly.rules;

/** One output row of a rule: the rule holds for a node at an event time. A Flink POJO. */
public class RuleMatch {
  public String rule;
  public String severity;
  public String nodeId;
  public String building;
  public String energyType;
  public double value;
  public double expected;
  public String detail;
  public long timeMs;

  public RuleMatch() {}

  public String key() {
    return rule + "|" + nodeId;
  }
}
