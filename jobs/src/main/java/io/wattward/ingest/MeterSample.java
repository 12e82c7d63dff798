package io.wattward.ingest;

import io.wattward.schema.ValueKind;

/**
 * A validated meter reading with what the registry says about its meter, in exact milli-units:
 * the record that flows from validation to normalisation. Keeps the original bytes and Kafka
 * coordinates so a later stage can still dead-letter it whole. A Flink POJO.
 */
public class MeterSample {
  public String meterId;
  public long eventTimeMs;
  public long valueMilli;
  public ValueKind kind;
  /** unit of the consumed quantity (kWh for a kW meter) */
  public String consumedUnit;
  public double multiplier;
  public long registerCapacityMilli;
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
    return meterId + "@" + eventTimeMs + "=" + valueMilli + "m" + consumedUnit;
  }
}
