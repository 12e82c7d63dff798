package io.wattward.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * What the savepoint tests share: a savepoint folder copied whole, and a topic's first part deleted as retention
 * would (up to the end offsets the savepoint was taken at). Uses only Kafka's and the JDK's classes, so that it can
 * be copied into the build before together with a test whose fixture that build writes.
 */
final class SavepointFixtures {

  private SavepointFixtures() {}

  /** The end offsets of {@code partitions} partitions of each topic now. */
  static Map<TopicPartition, Long> endOffsets(String bootstrap, int partitions, String... topics) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (String topic : topics) {
      for (int i = 0; i < partitions; i++) {
        latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
    }
    Map<TopicPartition, Long> out = new HashMap<>();
    try (Admin admin = admin(bootstrap)) {
      admin.listOffsets(latest).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
    }
    return out;
  }

  /** Deletes every record before {@code offsets}, partition by partition. */
  static void deleteRecordsBefore(String bootstrap, Map<TopicPartition, Long> offsets) throws Exception {
    Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
    offsets.forEach((tp, offset) -> delete.put(tp, RecordsToDelete.beforeOffset(offset)));
    try (Admin admin = admin(bootstrap)) {
      admin.deleteRecords(delete).all().get();
    }
  }

  private static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(p);
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
