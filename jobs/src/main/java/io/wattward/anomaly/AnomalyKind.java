package io.wattward.anomaly;

/**
 * The kinds of anomaly WattWard's own detectors raise, as written in the {@code kind} of an anomaly. A
 * user rule's anomalies are of kind {@code RULE:<rule name>} ({@link #rule}).
 */
public enum AnomalyKind {
  /** An hour far from what the hour of the week usually takes. */
  JUMP,
  /** A night's base load far above the nights before. */
  NIGHT_BASE_LOAD,
  /** A meter whose consumption holds the same value for too long. */
  FLATLINE,
  /** A meter that has not reported for too long. */
  OFFLINE,
  /** A room's environment out of its range profile. */
  ENV_OUT_OF_RANGE,
  /** Load far from the day-ahead forecast for consecutive hours. */
  FORECAST_RESIDUAL,
  /** A department heading over its quota. */
  QUOTA;

  /** The kind of a user rule's anomalies. */
  public static String rule(String ruleName) {
    return "RULE:" + ruleName;
  }
}
