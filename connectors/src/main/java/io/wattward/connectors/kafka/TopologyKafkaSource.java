package io.wattward.connectors.kafka;

import io.wattward.schema.MeterRegistration;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The compacted topology topic as a stream of registrations, read from the beginning. */
public final class TopologyKafkaSource {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyKafkaSource.class);

  private TopologyKafkaSource() {}

  public static KafkaSource<MeterRegistration> of(String bootstrap, String topic, boolean bounded) {
    var builder = KafkaSource.<MeterRegistration>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setStartingOffsets(OffsetsInitializer.earliest())
        .setDeserializer(new Deserializer())
        // read from the beginning every time: no consumer group, nothing to commit
        .setProperty("commit.offsets.on.checkpoint", "false");
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  private static final class Deserializer implements KafkaRecordDeserializationSchema<MeterRegistration> {
    private transient RegistrationDecoder decoder;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<MeterRegistration> out) throws IOException {
      if (decoder == null) {
        decoder = new RegistrationDecoder();
      }
      try {
        out.collect(decoder.decode(record.value()));
      } catch (Exception e) {
        // a registration nobody can read changes nothing; say so loudly, keep the job running
        LOG.error("topology record {}-{}@{} is not a MeterRegistration, ignored: {}", record.topic(),
            record.partition(), record.offset(), e.toString());
      }
    }

    @Override
    public TypeInformation<MeterRegistration> getProducedType() {
      return TypeInformation.of(MeterRegistration.class);
    }
  }
}
