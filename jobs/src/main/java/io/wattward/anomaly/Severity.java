package io.wattward.anomaly;

/** How urgent an anomaly is; routing and escalation follow it. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  public Severity max(Severity other) {
    return other != null && other.ordinal() > ordinal() ? other : this;
  }
}
