package io.wattward.connectors.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A producer for small, ordered writes (registries, quotas, control records, tests): acks from all
 * replicas, one request in flight (so retries keep the order) and no idempotence. An idempotent
 * producer writing to a topic created a moment before can meet NOT_LEADER_OR_FOLLOWER and then stall in
 * OUT_OF_ORDER_SEQUENCE_NUMBER retries for its whole delivery timeout (two minutes, seen on Kafka 4.4);
 * this one simply retries.
 */
public final class OrderedProducer {
  private OrderedProducer() {}

  public static KafkaProducer<byte[], byte[]> create(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "50");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
