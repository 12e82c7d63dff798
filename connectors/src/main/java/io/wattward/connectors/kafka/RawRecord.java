package io.wattward.connectors.kafka;

/**
 * A Kafka record as it arrived, before anyone decoded it, with its coordinates; what a job needs to
 * dead-letter it whole. A Flink POJO (public fields, no-arg constructor).
 */
public class RawRecord {
  public String topic;
  public int partition;
  public long offset;
  public long kafkaTimestamp;
  /** event time read from the value by the source, or Long.MIN_VALUE if it has none the job may trust */
  public long eventTimeMs = Long.MIN_VALUE;
  public byte[] key;
  public byte[] value;

  public RawRecord() {}

  public RawRecord(String topic, int partition, long offset, long kafkaTimestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.kafkaTimestamp = kafkaTimestamp;
    this.key = key;
    this.value = value;
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset;
  }
}
