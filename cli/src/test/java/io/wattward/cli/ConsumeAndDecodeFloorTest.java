package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.OrderedProducer;
import io.wattward.schema.MeterReading;
import io.wattward.schema.QualityFlag;
import io.wattward.schema.ValueKind;
import io.wattward.testing.LocalInfra;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The benchmark's floor reads a topic whole, to its end as of the start, and decodes every record. */
class ConsumeAndDecodeFloorTest {

  @Test
  void everyRecordIsReadAndDecodedOnce() {
    String bootstrap = LocalInfra.get().config("floor").kafka().bootstrap();
    String topic = "floor-test-" + Long.toString(System.nanoTime(), 36);
    KafkaTopics.ensure(bootstrap, List.of(new KafkaTopics.Spec(topic, 3, false)));
    // readings 1, 2, ..., 3,000 kWh of 30 meters, and 5 records that are not readings
    try (KafkaProducer<byte[], byte[]> producer = OrderedProducer.create(bootstrap)) {
      for (int i = 1; i <= 3_000; i++) {
        MeterReading r = MeterReading.newBuilder().setMeterId("M" + i % 30)
            .setEventTime(Instant.parse("2026-11-27T00:00:00Z").plusSeconds(60L * i)).setValue(i)
            .setValueKind(ValueKind.REGISTER).setUnit("kWh").setQuality(QualityFlag.GOOD).build();
        producer.send(new ProducerRecord<>(topic, ("M" + i % 30).getBytes(StandardCharsets.UTF_8),
            AvroMessages.encode(MeterReading.getEncoder(), r)));
      }
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, new byte[] {1, 2, 3}));
      }
    }
    ConsumeAndDecodeFloor.Result floor = ConsumeAndDecodeFloor.measure(bootstrap, topic);
    assertThat(floor.records()).isEqualTo(3_005);
    assertThat(floor.undecodable()).isEqualTo(5);
    assertThat(floor.valueSum()).isEqualTo(3_000 * 3_001 / 2.0);
    assertThat(floor.perSecond()).isPositive();
    KafkaTopics.deleteWithPrefix(bootstrap, topic);
  }
}
