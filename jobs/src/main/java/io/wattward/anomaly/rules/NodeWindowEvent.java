package io.wattward.anomaly.rules;

import io.wattward.schema.NodeWindow;

/** What a rule sees of a node window (EPL type {@code NodeWindow}). A JavaBean for Esper. */
public final class NodeWindowEvent {
  private final NodeWindow w;

  public NodeWindowEvent(NodeWindow w) {
    this.w = w;
  }

  public String getSize() {
    return w.getSize();
  }

  public String getLevel() {
    return w.getLevel();
  }

  public String getNodeId() {
    return w.getNodeId();
  }

  public String getBuilding() {
    return w.getBuilding();
  }

  public String getEnergyType() {
    return w.getEnergyType();
  }

  public String getSubItem() {
    return w.getSubItem();
  }

  public String getUnit() {
    return w.getUnit();
  }

  public long getWindowStart() {
    return w.getWindowStart().toEpochMilli();
  }

  public double getConsumption() {
    return w.getConsumption();
  }

  /** average power over the window, kW (electricity: kWh per window scaled to an hour) */
  public double getAvgKw() {
    return w.getConsumption() * 60.0 / w.getWindowMinutes();
  }

  public double getCost() {
    return w.getCost();
  }
}
