package io.wattward.connectors.kafka;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka sources that hand records on undecoded ({@link RawRecord}). */
public final class RawKafkaSource {
  private RawKafkaSource() {}

  /**
   * Reads {@code topic} from the group's committed offsets (the earliest, the first time). Offsets are
   * committed on checkpoints; the checkpoint, not the group, is what a restart resumes from.
   *
   * @param bounded stop at the offsets that are the latest when the job starts (replays, tests)
   */
  public static KafkaSource<RawRecord> of(String bootstrap, String topic, String groupId, boolean bounded,
      RawRecordDeserializer.EventTime eventTime) {
    var builder = KafkaSource.<RawRecord>builder()
        .setBootstrapServers(bootstrap)
        .setTopics(topic)
        .setGroupId(groupId)
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new RawRecordDeserializer(eventTime))
        .setProperty(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000")
        // what a job wrote exactly once is read once: committed transactions only
        .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    } else {
      // no periodic discovery: a failed look-up while the broker is away would restart the job for
      // nothing; partitions added to a topic are picked up when the job is next started
      builder.setProperty("partition.discovery.interval.ms", "-1");
    }
    return builder.build();
  }
}
