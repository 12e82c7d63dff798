package io.wattward.cli.drill;

import io.wattward.cli.LocalEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Kafka broker and a ClickHouse server of their own, started by {@code scripts/infra.sh} in a folder of
 * their own ({@code WATTWARD_LOCAL_DIR}) on free ports: what a fault drill stops and starts without
 * disturbing the servers anyone else uses.
 */
public final class ServerSet {

  private final Path home;
  private final Path folder;

  public ServerSet(Path home, Path folder) {
    this.home = home;
    this.folder = folder.toAbsolutePath();
  }

  public Path folder() {
    return folder;
  }

  /** Deletes the set's data and starts both servers afresh. */
  public void upFresh() {
    infra("clean");
    infra("up");
  }

  public void down() {
    infra("down");
  }

  public void stop(String server) {
    infra("stop", server);
  }

  public void start(String server) {
    infra("start", server);
  }

  /** The settings that point a WattWard command at this set (WATTWARD_KAFKA_BOOTSTRAP, WATTWARD_CLICKHOUSE_URL). */
  public Map<String, String> settings() {
    return LocalEnvironment.readInfraEnv(folder.resolve("infra.env"));
  }

  private void infra(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("bash", home.resolve("scripts/infra.sh").toString()));
    command.addAll(List.of(args));
    try {
      Files.createDirectories(folder);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("infra.log").toFile()));
      pb.environment().put("WATTWARD_LOCAL_DIR", folder.toString());
      // the set picks its own free ports; ports set for the main servers must not leak into it
      pb.environment().keySet().removeIf(k -> k.startsWith("WATTWARD_KAFKA_") || k.startsWith("WATTWARD_CLICKHOUSE_"));
      int code = pb.start().waitFor();
      if (code != 0) {
        throw new IllegalStateException("scripts/infra.sh " + String.join(" ", args) + " failed (exit " + code
            + "); see " + folder.resolve("infra.log"));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/infra.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
