package io.wattward.normalize;

import io.wattward.schema.ValueKind;

/**
 * A validated meter reading: its value in exact milli-units, what the registry said of its meter at the
 * reading's time, and where it came from (Kafka coordinates and the original bytes) so that a later stage
 * can still dead-letter it whole. The record that flows from validation to the {@link MeterLedger}; a Flink
 * POJO (readings ahead of the watermark are kept in {@link MeterLedgerState}).
 */
public class LedgerReading {
  public String meterId;
  public long eventTimeMs;
  public long valueMilli;
  public ValueKind kind;
  public String energyType;
  /** canonical unit of the consumption (kWh, m3, t, GJ) */
  public String unit;
  /** multiplier (CT ratio) times the factor from the meter's unit to the canonical unit */
  public double factor;
  public long registerCapacityMilli;
  /** plausible maximum consumption per hour in canonical milli-units, 0 if unknown */
  public long maxMilliPerHour;
  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public byte[] original;

  public LedgerReading() {}

  public static long toMilli(double value) {
    return Math.round(value * 1000.0);
  }

  /**
   * What the ledger keeps of the last applied reading: its time and value, the baseline of the next one (the
   * meter's description comes with every reading). Builds before kept the whole reading but its source.
   */
  public LedgerReading baseline() {
    LedgerReading k = new LedgerReading();
    k.eventTimeMs = eventTimeMs;
    k.valueMilli = valueMilli;
    return k;
  }

  @Override
  public String toString() {
    return meterId + "@" + eventTimeMs + "=" + valueMilli + "m";
  }
}
