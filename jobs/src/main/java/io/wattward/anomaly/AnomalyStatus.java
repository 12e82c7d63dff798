package io.wattward.anomaly;

/** Where an anomaly stands in the events that carry it: opened, changed while open, resolved. */
public enum AnomalyStatus {
  OPEN, UPDATE, RESOLVED
}
