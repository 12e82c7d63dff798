package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wattward.testing.LocalInfra;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.junit.jupiter.api.Test;

/**
 * The Flink settings of the local cluster ({@code scripts/cluster.sh}) and of the production compose file
 * ({@code docker/compose.yaml}, which cannot run here) are checked here: every key is an option Flink 2.2.1
 * knows (an unknown key is silently ignored by Flink), and the settings that make the jobs behave (state
 * backend, checkpoints, restarts, slot spreading) are the same in both. What may differ is where things are
 * (addresses, ports, folders), how big the JVMs are, and how fast a lost TaskManager is noticed.
 */
class ClusterSettingsTest {

  /** The settings docker/ must share with the local cluster, value for value. */
  static final List<String> SAME = List.of("state.backend.type", "state.backend.rocksdb.timer-service.factory",
      "state.backend.rocksdb.use-bloom-filter",
      "execution.checkpointing.incremental", "execution.checkpointing.externalized-checkpoint-retention",
      "restart-strategy.type", "restart-strategy.exponential-delay.initial-backoff",
      "restart-strategy.exponential-delay.max-backoff", "restart-strategy.exponential-delay.backoff-multiplier",
      "restart-strategy.exponential-delay.reset-backoff-threshold", "restart-strategy.exponential-delay.jitter-factor",
      "taskmanager.load-balance.mode");

  /** Where Flink's options are declared (the ones these files use, and their neighbours). */
  static final List<String> OPTION_CLASSES = List.of("CoreOptions", "JobManagerOptions", "TaskManagerOptions",
      "WebOptions", "RestOptions", "StateBackendOptions", "CheckpointingOptions", "RestartStrategyOptions",
      "HeartbeatManagerOptions", "BlobServerOptions", "ClusterOptions", "PipelineOptions", "DeploymentOptions",
      "MemorySize", "NettyShuffleEnvironmentOptions", "SecurityOptions", "HighAvailabilityOptions",
      "AkkaOptions", "RpcOptions", "MetricOptions", "ResourceManagerOptions", "StateRecoveryOptions",
      "StateChangelogOptions", "ExternalizedCheckpointRetention");

  @Test
  void everyKeyIsAFlinkOptionAndDockerRunsTheLocalClustersSettings() throws Exception {
    Set<String> known = knownKeys();
    assertThat(known).as("the options found").hasSizeGreaterThan(300)
        .contains("state.backend.type", "taskmanager.numberOfTaskSlots");
    Map<String, String> local = localClusterSettings();
    assertThat(local).containsKeys(SAME.toArray(String[]::new));
    assertThat(unknown(local.keySet(), known)).as("scripts/cluster.sh settings Flink does not know").isEmpty();

    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(root().resolve("docker/compose.yaml").toFile());
    List<String> blocks = new ArrayList<>();
    compose.fieldNames().forEachRemaining(n -> {
      if (n.endsWith("flink-properties")) {
        blocks.add(n);
      }
    });
    assertThat(blocks).as("one block of Flink settings per job").hasSize(3);
    for (String block : blocks) {
      Map<String, String> docker = properties(compose.get(block).asText());
      assertThat(unknown(docker.keySet(), known)).as(block + " settings Flink does not know").isEmpty();
      for (String key : SAME) {
        assertThat(docker.get(key)).as(block + " " + key + " (scripts/cluster.sh: " + local.get(key) + ")")
            .isEqualTo(local.get(key));
      }
    }
  }

  @Test
  void aMistypedKeyIsCaught() throws Exception {
    assertThat(unknown(List.of("state.backend.typ", "restart-strategy.exponential-delay.max-backof",
        "state.backend.type"), knownKeys())).containsExactly("state.backend.typ",
        "restart-strategy.exponential-delay.max-backof");
  }

  private static List<String> unknown(Iterable<String> keys, Set<String> known) {
    List<String> out = new ArrayList<>();
    keys.forEach(k -> {
      if (!known.contains(k)) {
        out.add(k);
      }
    });
    return out;
  }

  /** Every key (and deprecated or fallback key) of the ConfigOption constants in Flink's option classes. */
  static Set<String> knownKeys() throws Exception {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : OPTION_CLASSES) {
      try {
        classes.add(Class.forName("org.apache.flink.configuration." + name));
      } catch (ClassNotFoundException e) {
        // not in this Flink version
      }
    }
    classes.add(Class.forName("org.apache.flink.state.rocksdb.RocksDBOptions"));
    classes.add(Class.forName("org.apache.flink.state.rocksdb.RocksDBConfigurableOptions"));
    Set<String> keys = new TreeSet<>();
    for (Class<?> c : classes) {
      for (Field f : c.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && ConfigOption.class.isAssignableFrom(f.getType())) {
          ConfigOption<?> option = (ConfigOption<?>) f.get(null);
          keys.add(option.key());
          for (FallbackKey k : option.fallbackKeys()) {
            keys.add(k.getKey());
          }
        }
      }
    }
    return keys;
  }

  /** The settings scripts/cluster.sh writes into the cluster's config.yaml (its here-document). */
  static Map<String, String> localClusterSettings() throws Exception {
    List<String> lines = Files.readAllLines(root().resolve("scripts/cluster.sh"));
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("config.yaml\" <<EOF")) {
        start = i + 1;
      }
    }
    assertThat(start).as("the config.yaml here-document in scripts/cluster.sh").isPositive();
    StringBuilder text = new StringBuilder();
    for (int i = start; !lines.get(i).equals("EOF"); i++) {
      text.append(lines.get(i)).append('\n');
    }
    return properties(text.toString());
  }

  /** Flink's flat {@code key: value} lines, comments left out. */
  static Map<String, String> properties(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int colon = l.indexOf(": ");
      out.put(colon < 0 ? l : l.substring(0, colon), colon < 0 ? "" : l.substring(colon + 2).strip());
    }
    return out;
  }

  private static Path root() {
    return LocalInfra.get().projectRoot();
  }
}
