package io.wattward.connectors.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands Kafka records on undecoded, so decoding failures can be dead-lettered with the original bytes,
 * but reads their event time, so the source can keep watermarks per partition.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

  /** Reads a record value's event time; returns Long.MIN_VALUE when there is none to trust. */
  @FunctionalInterface
  public interface EventTime extends java.io.Serializable {
    long of(byte[] value);
  }

  private final EventTime eventTime;

  public RawRecordDeserializer(EventTime eventTime) {
    this.eventTime = eventTime;
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
    RawRecord raw = new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
        record.key(), record.value());
    if (record.value() != null) {
      try {
        raw.eventTimeMs = eventTime.of(record.value());
      } catch (RuntimeException e) {
        raw.eventTimeMs = Long.MIN_VALUE; // undecodable: the job dead-letters it, time does not move
      }
    }
    out.collect(raw);
  }

  @Override
  public TypeInformation<RawRecord> getProducedType() {
    return TypeInformation.of(RawRecord.class);
  }
}
