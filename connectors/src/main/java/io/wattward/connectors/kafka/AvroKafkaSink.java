package io.wattward.connectors.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A topic of Avro single-object encoded records, keyed by a string of the record: at least once, or
 * exactly once (Kafka transactions committed with Flink's checkpoints; readers use read_committed).
 */
public final class AvroKafkaSink {
  private AvroKafkaSink() {}

  /** Encodes a record to its Kafka value. */
  @FunctionalInterface
  public interface Encoder<T> extends java.io.Serializable {
    byte[] encode(T record);
  }

  public static <T> KafkaSink<T> of(String bootstrap, String topic, KeySelector<T, String> key, Encoder<T> value) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(new Serializer<>(topic, key, value))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setKafkaProducerConfig(ProducerSettings.patient())
        .build();
  }

  /**
   * Exactly once: what a restarted job writes again after its last checkpoint replaces, in effect, what it
   * had written and not committed; a reader with read_committed sees every record once.
   *
   * @param transactionalIdPrefix unique per sink and stable across restarts (the job, its database, the topic)
   */
  public static <T> KafkaSink<T> exactlyOnce(String bootstrap, String topic, KeySelector<T, String> key,
      Encoder<T> value, String transactionalIdPrefix) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(new Serializer<>(topic, key, value))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setKafkaProducerConfig(ProducerSettings.transactional())
        .build();
  }

  private static final class Serializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final KeySelector<T, String> key;
    private final Encoder<T> value;

    Serializer(String topic, KeySelector<T, String> key, Encoder<T> value) {
      this.topic = topic;
      this.key = key;
      this.value = value;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
      try {
        // no record timestamp: the broker's clock stamps it. The event time is in the value; as the Kafka
        // timestamp it would be refused for replayed data dated ahead of the broker's clock
        return new ProducerRecord<>(topic, null, null, key.getKey(record).getBytes(StandardCharsets.UTF_8),
            value.encode(record));
      } catch (Exception e) {
        throw new IllegalStateException("cannot serialize " + record, e);
      }
    }
  }
}
