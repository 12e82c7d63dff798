package io.wattward.normalize;

/**
 * A reading the ledger did not apply, why, and a sentence for a person. {@link Reason#LATE} readings
 * belong on the late-readings topic, the others on the dead letters; the reason names are the
 * dead-letter reason codes.
 */
public record LedgerRejection(LedgerReading reading, Reason reason, String detail) {

  public enum Reason { DUPLICATE, CONFLICTING_DUPLICATE, SPIKE, OUT_OF_SEQUENCE, LATE }

  public boolean late() {
    return reason == Reason.LATE;
  }
}
