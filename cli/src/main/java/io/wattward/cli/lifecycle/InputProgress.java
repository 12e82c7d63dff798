package io.wattward.cli.lifecycle;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How far a job has got through its input topics, as the offsets its Kafka sources commit when a
 * checkpoint completes: once every partition's committed offset has reached the end offset seen at
 * the start, a completed checkpoint holds the effect of every record that was there (a bounded run is
 * then caught up).
 *
 * <p>The job's consumer group belongs to the job alone. Its offsets are cleared before each start, so
 * what is committed afterwards comes from this run and never from an earlier one that read further
 * than the state being resumed.
 *
 * <p>A topic written in transactions ends in a commit marker, and may hold records of transactions that
 * were aborted (a writer killed mid-transaction); the source commits the offset after the last record it
 * read, so its committed offset can stay short of the end. A partition is through when no committed
 * record lies between its committed offset and the end: a read_committed consumer finds none there.
 */
public final class InputProgress implements AutoCloseable {

  private final Admin admin;
  private final String bootstrap;
  private final String group;
  private final List<String> topics;
  private Map<TopicPartition, Long> start = Map.of();
  private Map<TopicPartition, Long> end = Map.of();
  private KafkaConsumer<byte[], byte[]> probe;

  public InputProgress(String bootstrap, String group, List<String> topics) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    this.admin = Admin.create(p);
    this.bootstrap = bootstrap;
    this.group = group;
    this.topics = List.copyOf(topics);
  }

  String group() {
    return group;
  }

  /** Throws if the brokers cannot be reached within a few seconds. */
  void checkReachable() throws Exception {
    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
  }

  /** Clears the group's committed offsets of the input topics (the state being resumed knows its own). */
  void clearCommittedOffsets() throws Exception {
    Set<TopicPartition> partitions;
    try {
      partitions = new HashSet<>(partitions());
    } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
      throw new IllegalStateException("Kafka at " + bootstrap + " does not answer (" + e + "): start it, or check "
          + "kafka.bootstrap", e);
    }
    try {
      admin.deleteConsumerGroupOffsets(group, partitions).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw new IllegalStateException("cannot clear the committed offsets of consumer group " + group
            + " (is another run of this job reading it?): " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  /** Notes the first and the end offsets of every input partition: what a bounded run must get through. */
  public void markEnd() throws Exception {
    List<TopicPartition> partitions = partitions();
    start = offsets(partitions, OffsetSpec.earliest());
    end = offsets(partitions, OffsetSpec.latest());
  }

  /** Records in the input topics when {@link #markEnd} ran. */
  public long recordsToRead() {
    long n = 0;
    for (var e : end.entrySet()) {
      n += e.getValue() - start.getOrDefault(e.getKey(), 0L);
    }
    return n;
  }

  /** Records up to the committed offsets (of those to read), and whether every partition is through. */
  public record Position(long committedRecords, boolean caughtUp) {}

  public Position position() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
    long done = 0;
    boolean all = true;
    for (var e : end.entrySet()) {
      long from = start.getOrDefault(e.getKey(), 0L);
      long to = e.getValue();
      OffsetAndMetadata c = committed.get(e.getKey());
      long at = c == null ? from : Math.min(Math.max(c.offset(), from), to);
      if (at < to && !recordsBetween(e.getKey(), at, to)) {
        at = to; // only markers or aborted records left
      }
      done += at - from;
      all &= at >= to;
    }
    return new Position(done, all);
  }

  /** Whether a read_committed consumer finds a record in [from, to) of the partition. */
  private boolean recordsBetween(TopicPartition tp, long from, long to) {
    if (probe == null) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
      probe = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
    probe.assign(List.of(tp));
    probe.seek(tp, from);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (var r : probe.poll(Duration.ofMillis(200))) {
        if (r.offset() < to) {
          return true;
        }
      }
      if (probe.position(tp) >= to) {
        return false;
      }
    }
    return true; // cannot tell yet: not through
  }

  private List<TopicPartition> partitions() throws Exception {
    return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
        .toList();
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, Long> out = new HashMap<>();
    for (var e : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).entrySet()) {
      ListOffsetsResult.ListOffsetsResultInfo info = e.getValue();
      out.put(e.getKey(), info.offset());
    }
    return out;
  }

  @Override
  public void close() {
    if (probe != null) {
      probe.close();
    }
    admin.close();
  }
}
