package io.wattward.notify;

import io.wattward.config.WattwardConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How {@code wattward notify} runs the notifier (the CLI calls {@link #serve}; {@link #main} is the same
 * without the CLI, for a service manager or a test's child process):
 * {@code java -cp ... io.wattward.notify.NotifierMain --routes FILE [--config FILE]}. Configuration as
 * the CLI reads it: the built-in defaults, the optional file, {@code WATTWARD_HOME/.local/infra.env}, and
 * the environment; the notification settings' {@code ${NAME}} references and {@code WATTWARD_ACK_SECRET}
 * from the environment alone. Runs until Ctrl-C (then closes cleanly) or until the notifier fails (exit 1).
 */
public final class NotifierMain {

  private NotifierMain() {}

  public static void main(String[] args) {
    int code;
    try {
      code = run(args, System.getenv());
    } catch (Exception e) {
      System.err.println("wattward notify: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      code = 1;
    }
    System.exit(code);
  }

  static int run(String[] args, Map<String, String> processEnv) throws Exception {
    Path routes = null;
    Path configFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--routes" -> routes = Paths.get(value(args, ++i, "--routes"));
        case "--config" -> configFile = Paths.get(value(args, ++i, "--config"));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + " (usage: NotifierMain --routes FILE [--config FILE])");
      }
    }
    if (routes == null) {
      throw new IllegalArgumentException("--routes FILE is required");
    }
    // ${NAME} references and the ack secret come from the process's environment, never from infra.env
    NotifyConfig notify = NotifyConfig.read(routes, processEnv);
    Map<String, String> env = withLocalServers(processEnv);
    return serve(WattwardConfig.load(configFile, env), notify, env);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  /** The project home: WATTWARD_HOME, or the working directory. */
  static Path home(Map<String, String> env) {
    String h = env.get("WATTWARD_HOME");
    return (h == null || h.isBlank() ? Paths.get("") : Paths.get(h)).toAbsolutePath().normalize();
  }

  /** The notifier's state file: {@code state.path} from the settings, else {@code .local/notify/<database>.db}. */
  public static Path stateFile(NotifyConfig notify, WattwardConfig config, Map<String, String> env) {
    if (notify.state() != null && notify.state().path() != null && !notify.state().path().isBlank()) {
      return home(env).resolve(notify.state().path());
    }
    return NotifierStore.defaultFile(home(env), config.clickhouse().database());
  }

  /** The environment with the ports {@code scripts/infra.sh} chose filling in what it leaves unset. */
  private static Map<String, String> withLocalServers(Map<String, String> processEnv) throws IOException {
    Map<String, String> merged = new HashMap<>();
    Path infraEnv = home(processEnv).resolve(".local/infra.env");
    if (Files.isRegularFile(infraEnv)) {
      for (String line : Files.readAllLines(infraEnv)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          merged.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    }
    merged.putAll(processEnv);
    return merged;
  }

  /**
   * Runs the notifier until Ctrl-C or its failure; returns the exit code. {@code env} gives
   * WATTWARD_SMTP_PASSWORD and WATTWARD_HOME (where a relative state path lives).
   */
  public static int serve(WattwardConfig config, NotifyConfig notify, Map<String, String> env) throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        closed.await(20, TimeUnit.SECONDS); // the JVM halts when the hooks end: let the close finish first
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "notifier-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (NotifierService service = new NotifierService(config, notify, stateFile(notify, config, env),
        env.get("WATTWARD_SMTP_PASSWORD"), System::currentTimeMillis)) {
      service.start();
      System.out.printf("notifier reading %s; acknowledge links to %s%n", config.kafka().topics().anomalies(),
          notify.ack() == null || notify.ack().baseUrl() == null ? "(none)" : notify.ack().baseUrl() + "/ack (signed)");
      // stop on Ctrl-C, or when the notifier dies (then with its error and a non-zero exit)
      while (!stop.await(1, TimeUnit.SECONDS)) {
        if (!service.running()) {
          System.err.println("the notifier stopped: " + service.failure());
          return 1;
        }
      }
      return 0;
    } finally {
      closed.countDown();
      if (stop.getCount() > 0) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it has been told we are closed
        }
      }
    }
  }
}
