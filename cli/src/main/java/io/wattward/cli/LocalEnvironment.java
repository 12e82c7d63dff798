package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the project lives and what the local servers' settings are: the process environment, with
 * the ports {@code scripts/infra.sh} chose (in {@code .local/infra.env}) filling in what it leaves unset.
 */
public final class LocalEnvironment {

  private final Path home;

  LocalEnvironment() {
    String env = System.getenv("WATTWARD_HOME");
    this.home = (env == null || env.isBlank() ? Paths.get("") : Paths.get(env)).toAbsolutePath().normalize();
  }

  Path home() {
    return home;
  }

  Path local(String relative) {
    return home.resolve(".local").resolve(relative);
  }

  /** Configuration from the file (may be null), the environment and the local servers' settings. */
  WattwardConfig config(Path file) {
    return WattwardConfig.load(file, env());
  }

  Map<String, String> env() {
    Path infraEnv = local("infra.env");
    Map<String, String> merged = Files.isRegularFile(infraEnv) ? readInfraEnv(infraEnv) : new HashMap<>();
    merged.putAll(System.getenv());
    return merged;
  }

  /** The settings {@code scripts/infra.sh} wrote for a set of servers ({@code NAME=value} lines). */
  public static Map<String, String> readInfraEnv(Path file) {
    Map<String, String> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + " (are the servers up? scripts/infra.sh up)", e);
    }
    return out;
  }

  /** Runs {@code scripts/infra.sh <command>} with its output on ours; returns its exit code. */
  int infra(String command) {
    return script("infra.sh", Map.of(), command);
  }

  /** Runs {@code scripts/cluster.sh <command> <args>} with its output on ours; returns its exit code. */
  int cluster(String... commandAndArgs) {
    return script("cluster.sh", Map.of(), commandAndArgs);
  }

  /** {@link #cluster(String...)} with the cluster under {@code localDir} (its WATTWARD_LOCAL_DIR). */
  int cluster(Path localDir, String... commandAndArgs) {
    return script("cluster.sh", Map.of("WATTWARD_LOCAL_DIR", localDir.toString()), commandAndArgs);
  }

  /**
   * The REST URL of the local Flink cluster {@code scripts/cluster.sh up} started (its {@code cluster.env}, under
   * WATTWARD_LOCAL_DIR or .local), if one is up.
   */
  Optional<String> clusterRestUrl() {
    String dir = System.getenv("WATTWARD_LOCAL_DIR");
    Path env = (dir == null || dir.isBlank() ? home.resolve(".local") : Paths.get(dir)).resolve("cluster/cluster.env");
    if (!Files.isRegularFile(env)) {
      return Optional.empty();
    }
    return Optional.ofNullable(readInfraEnv(env).get("WATTWARD_FLINK_REST"));
  }

  private int script(String name, Map<String, String> env, String... args) {
    Path script = home.resolve("scripts").resolve(name);
    if (!Files.isRegularFile(script)) {
      throw new IllegalStateException("scripts/" + name + " not found under " + home
          + " (run wattward from the project folder or set WATTWARD_HOME)");
    }
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
      builder.environment().putAll(env);
      return builder.start().waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }
}
