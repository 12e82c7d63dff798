package io.wattward.ingest;

/** Why a record went to the dead-letter topic; the code is stable for queries and alerts. */
public enum RejectReason {
  UNDECODABLE,
  UNKNOWN_METER,
  NOT_FINITE,
  NEGATIVE,
  FAR_FUTURE,
  TIME_OUT_OF_RANGE,
  KIND_MISMATCH,
  UNIT_MISMATCH,
  BAD_QUALITY,
  DUPLICATE,
  CONFLICTING_DUPLICATE,
  SPIKE,
  OUT_OF_SEQUENCE,
  LATE,
  UNKNOWN_SENSOR,
  EMPTY_READING,
  IMPLAUSIBLE;

  /** Counter and accumulator name, e.g. {@code deadLetters.UNKNOWN_METER}. */
  public String counterName() {
    return "deadLetters." + name();
  }
}
