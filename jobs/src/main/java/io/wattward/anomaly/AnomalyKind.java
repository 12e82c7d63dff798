package io.wattward.anomaly;

/**
 * The kinds of anomaly WattWard's own detectors raise, as written in the {@code kind} of an anomaly. A
 * user rule's anomalies are of kind {@code RULE:<rule name>} ({@link #rule}).
 */
public enum AnomalyKind {
  /** Load above what the node's load model expected, over hours or a day (the forecast job's deviation detector). */
  JUMP,
  /** A night's load above what the node's load model expected (the forecast job's deviation detector). */
  NIGHT_BASE_LOAD,
  /** A meter whose consumption holds the same value for too long. */
  FLATLINE,
  /** A meter that has not reported for too long. */
  OFFLINE,
  /** A room's environment out of its range profile. */
  ENV_OUT_OF_RANGE,
  /** Load far from the forecast for consecutive hours: no longer raised (JUMP took its place); kept so that
   * rows and open anomalies of earlier builds still read and resolve. */
  FORECAST_RESIDUAL,
  /** A department heading over its quota. */
  QUOTA;

  /** The kind of a user rule's anomalies. */
  public static String rule(String ruleName) {
    return "RULE:" + ruleName;
  }
}
