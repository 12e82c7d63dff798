package io.wattward.connectors.kafka;

import io.wattward.schema.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The dead-letter topic: Avro {@link DeadLetter} values keyed by the original record's key. */
public final class DeadLetterKafkaSink {
  private DeadLetterKafkaSink() {}

  public static KafkaSink<DeadLetter> of(String bootstrap, String topic) {
    return KafkaSink.<DeadLetter>builder()
        .setBootstrapServers(bootstrap)
        .setRecordSerializer(new Serializer(topic))
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setKafkaProducerConfig(ProducerSettings.patient())
        .build();
  }

  private static final class Serializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private final String topic;

    Serializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
      ByteBuffer key = letter.getOriginalKey();
      byte[] keyBytes = null;
      if (key != null) {
        keyBytes = new byte[key.remaining()];
        key.duplicate().get(keyBytes);
      }
      return new ProducerRecord<>(topic, null, keyBytes,
          AvroMessages.encode(DeadLetter.getEncoder(), letter));
    }
  }
}
