package io.wattward.ingest;

import io.wattward.schema.ValueKind;

/**
 * A validated meter reading with what the registry said of its meter at the reading's time, in exact
 * milli-units: the record that flows from validation to normalisation. Keeps the original bytes and
 * Kafka coordinates so a later stage can still dead-letter it whole. A Flink POJO.
 */
public class MeterSample {
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

  public MeterSample() {}

  public static long toMilli(double value) {
    return Math.round(value * 1000.0);
  }

  @Override
  public String toString() {
    return meterId + "@" + eventTimeMs + "=" + valueMilli + "m";
  }
}
