package io.wattward.testing;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real Kafka broker and ClickHouse server the tests run against, started by the project's own
 * {@code scripts/infra.sh} (once per test run: the test command starts them before Maven; a test
 * started alone, e.g. from an IDE, starts them itself and leaves them up). Tests isolate themselves
 * by database and topic names from {@link #uniqueName}.
 */
public final class LocalInfra {

  private static LocalInfra instance;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Path root;
  private final Map<String, String> env;

  private LocalInfra(Path root, Map<String, String> env) {
    this.root = root;
    this.env = env;
  }

  public static synchronized LocalInfra get() {
    if (instance == null) {
      Path root = findProjectRoot();
      if (run(root, "status") != 0) {
        if (run(root, "up") != 0) {
          throw new IllegalStateException("scripts/infra.sh up failed; see the output above");
        }
      }
      instance = new LocalInfra(root, readEnv(root.resolve(".local/infra.env")));
    }
    return instance;
  }

  public Path projectRoot() {
    return root;
  }

  public String kafkaBootstrap() {
    return env.get("WATTWARD_KAFKA_BOOTSTRAP");
  }

  /** A setting of the local servers (.local/infra.env), e.g. WATTWARD_ANALYST_PASSWORD. */
  public String setting(String name) {
    return env.get(name);
  }

  /** Configuration pointing at the local servers with the given database and default topics. */
  public WattwardConfig config(String database) {
    Map<String, String> overrides = new HashMap<>(env);
    overrides.put("WATTWARD_CLICKHOUSE_DATABASE", database);
    return WattwardConfig.load(null, overrides);
  }

  /** A fresh, migrated database; its name starts with the prefix. */
  public ClickHouseEndpoint newDatabase(String prefix) {
    ClickHouseEndpoint endpoint = config(uniqueName(prefix)).clickhouse().endpoint();
    try {
      ClickHouseMigrator.fromClasspath(endpoint).migrate(s -> {});
    } catch (SQLException e) {
      throw new IllegalStateException("cannot migrate " + endpoint, e);
    }
    return endpoint;
  }

  /** A name no other test of this run uses (databases, topics, consumer groups). */
  public static String uniqueName(String prefix) {
    return prefix + "_" + Long.toString(System.currentTimeMillis(), 36) + "_" + COUNTER.incrementAndGet();
  }

  private static Path findProjectRoot() {
    Path p = Paths.get("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("scripts/infra.sh"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the project root (scripts/infra.sh) above "
          + Paths.get("").toAbsolutePath());
    }
    return p;
  }

  private static int run(Path root, String command) {
    try {
      Process process = new ProcessBuilder("bash", root.resolve("scripts/infra.sh").toString(), command)
          .inheritIO().start();
      return process.waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/infra.sh " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> readEnv(Path file) {
    try {
      Map<String, String> out = new HashMap<>();
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
