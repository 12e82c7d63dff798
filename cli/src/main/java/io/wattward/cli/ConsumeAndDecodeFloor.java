package io.wattward.cli;

import io.wattward.schema.MeterReading;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The floor a rollup of a topic can be held against: one thread with a plain Kafka consumer that reads the
 * topic from its start to the end it has now and decodes every record with the project's own Avro classes (the
 * work every roll-up must do before any of its own), keeping only a count and a sum of the values so the
 * decoding cannot be left out. The benchmark runs it over the topic the job replayed, in the same invocation.
 */
final class ConsumeAndDecodeFloor {

  /** {@code seconds} from the first poll to the last record. */
  record Result(long records, long undecodable, double valueSum, double seconds) {
    double perSecond() {
      return records / seconds;
    }
  }

  private ConsumeAndDecodeFloor() {}

  static Result measure(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "wattward-floor-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
      end.entrySet().removeIf(e -> e.getValue() <= begin.get(e.getKey()));
      BinaryMessageDecoder<MeterReading> decoder = MeterReading.getDecoder();
      long records = 0;
      long undecodable = 0;
      double sum = 0;
      long t0 = System.nanoTime();
      long last = t0;
      while (!end.isEmpty()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(5))) {
          records++;
          try {
            sum += decoder.decode(r.value()).getValue();
          } catch (Exception e) {
            undecodable++;
          }
          last = System.nanoTime();
        }
        // by position, not by the last record's offset: a transaction marker may take the last offset
        end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
      }
      return new Result(records, undecodable, sum, Math.max(1e-9, (last - t0) / 1e9));
    }
  }
}
