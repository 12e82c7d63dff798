package io.wattward.connectors.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the topics a job or the simulator needs, if they are missing. */
public final class KafkaTopics {

  /** A topic to ensure; compacted topics keep the latest record per key (topology, quotas). */
  public record Spec(String name, int partitions, boolean compacted) {}

  private KafkaTopics() {}

  public static void ensure(String bootstrap, List<Spec> specs) {
    try (Admin admin = Admin.create(adminProperties(bootstrap))) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Spec s : specs) {
        if (!existing.contains(s.name())) {
          NewTopic t = new NewTopic(s.name(), s.partitions(), (short) 1);
          if (s.compacted()) {
            t.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
          }
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw new IllegalStateException("cannot create Kafka topics at " + bootstrap + ": " + e.getCause(), e);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + e, e);
    }
  }

  /**
   * Waits until every partition of new topics has a leader: a producer that writes before then gets
   * NOT_LEADER_OR_FOLLOWER and, being idempotent, can stall in sequence-number retries.
   */
  private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      boolean ready = true;
      try {
        for (var d : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
          ready &= d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        }
      } catch (ExecutionException e) {
        ready = false; // metadata not yet propagated
      }
      if (ready) {
        return;
      }
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("Kafka topics " + topics + " have no leaders after 30 s");
      }
      Thread.sleep(50);
    }
  }

  /** Deletes every topic whose name starts with the prefix (the demo's earlier runs). */
  /**
   * Fails at start, with what to do, if the brokers cap transactions below {@code neededMs} (their
   * {@code transaction.max.timeout.ms}): a transactional writer would otherwise fail at every restart.
   */
  public static void requireTransactionTimeout(String bootstrap, long neededMs) {
    try (Admin admin = Admin.create(adminProperties(bootstrap))) {
      var nodes = admin.describeCluster().nodes().get(30, java.util.concurrent.TimeUnit.SECONDS);
      for (var node : nodes) {
        var resource = new org.apache.kafka.common.config.ConfigResource(
            org.apache.kafka.common.config.ConfigResource.Type.BROKER, node.idString());
        var entry = admin.describeConfigs(List.of(resource)).all().get(30, java.util.concurrent.TimeUnit.SECONDS)
            .get(resource).get("transaction.max.timeout.ms");
        if (entry != null && entry.value() != null && Long.parseLong(entry.value()) < neededMs) {
          throw new IllegalStateException("Kafka broker " + node.idString() + " allows transactions of at most "
              + Long.parseLong(entry.value()) / 60_000 + " min (transaction.max.timeout.ms), and the jobs' exactly-once "
              + "topics keep one open up to " + neededMs / 86_400_000 + " days: set transaction.max.timeout.ms="
              + neededMs + " on the brokers");
        }
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the Kafka brokers' settings at " + bootstrap + ": " + e, e);
    }
  }

  public static void deleteWithPrefix(String bootstrap, String prefix) {
    try (Admin admin = Admin.create(adminProperties(bootstrap))) {
      List<String> old = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(prefix)).toList();
      if (!old.isEmpty()) {
        admin.deleteTopics(old).all().get(30, TimeUnit.SECONDS);
        // the deletion completes after the call returns: until then the topics are still listed, so an
        // ensure() right after would keep them, and a producer would then create them anew, with the broker's
        // default partitions
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(old::contains)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("topics " + prefix + "* still listed 30 s after their deletion");
          }
          Thread.sleep(100);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot delete topics " + prefix + "* at " + bootstrap + ": " + e, e);
    }
  }

  private static Properties adminProperties(String bootstrap) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000);
    return props;
  }
}
