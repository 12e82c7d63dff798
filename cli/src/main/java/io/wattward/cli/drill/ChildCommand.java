package io.wattward.cli.drill;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A {@code wattward} command in a JVM of its own, started the way the {@code wattward} script starts it
 * (same main class, classpath and options): a drill or a test can kill it for real (SIGKILL), stop it as
 * an operator would (SIGINT), and read what it printed, line by line with the time each line came.
 */
public final class ChildCommand implements AutoCloseable {

  /** A line the command printed, and when. */
  public record Line(Instant at, String text) {}

  private final Process process;
  private final List<Line> lines = new ArrayList<>();
  private final Thread reader;

  private ChildCommand(Process process, Consumer<String> echo) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (lines) {
            lines.add(new Line(Instant.now(), line));
            lines.notifyAll();
          }
          echo.accept(line);
        }
      } catch (IOException e) {
        // the process is gone
      }
    }, "child-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code wattward args...} with {@code env} added to this process's environment.
   *
   * @param logFile where the child's log goes (Flink's messages, stack traces)
   */
  public static ChildCommand start(Path home, Map<String, String> env, Path logFile, Consumer<String> echo,
      String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-Xmx2g", "-XX:+UseG1GC",
        "-Dwattward.logFile=" + logFile.toAbsolutePath(),
        // the command's own logging (console lines, the rest to the file), also under a test's classpath
        "-Dlog4j2.configurationFile=classpath:log4j2.properties",
        "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.wattward.schema",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "io.wattward.cli.WattwardCli"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile());
    pb.environment().put("WATTWARD_HOME", home.toString());
    pb.environment().putAll(env);
    return new ChildCommand(pb.start(), echo);
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: the process dies at once, as in a crash or an OOM kill. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * SIGINT, as Ctrl-C; SIGTERM, which a run handles alike (a savepoint), where this process ignores SIGINT: a
   * background job of a non-interactive shell (`wattward drill &` in a script) starts with SIGINT ignored, and so
   * do its children, which then never see a SIGINT (a drill started so once waited 5 minutes in vain).
   *
   * @return the signal sent, "INT" or "TERM"
   */
  public String interrupt() throws IOException, InterruptedException {
    String signal = ignoresSigint(Files.readAllLines(Path.of("/proc/self/status"))) ? "TERM" : "INT";
    new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start().waitFor();
    return signal;
  }

  /** Whether the {@code SigIgn} mask of a /proc/PID/status has SIGINT (signal 2, the mask's second bit). */
  static boolean ignoresSigint(List<String> procStatus) {
    for (String line : procStatus) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & 0b10) != 0;
      }
    }
    return false;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Waits for the command to end; returns its exit code, or empty if it is still running after {@code timeout}. */
  public Optional<Integer> waitFor(Duration timeout) throws InterruptedException {
    if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
      reader.join(5_000);
      return Optional.of(process.exitValue());
    }
    return Optional.empty();
  }

  /** The first line printed from {@code from} on that matches, waiting up to {@code timeout}. */
  public Optional<Line> await(Predicate<String> match, int from, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        for (int i = from; i < lines.size(); i++) {
          if (match.test(lines.get(i).text())) {
            return Optional.of(lines.get(i));
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && !reader.isAlive()) {
          return Optional.empty();
        }
        lines.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  public Optional<Line> await(Predicate<String> match, Duration timeout) throws InterruptedException {
    return await(match, 0, timeout);
  }

  /** Everything printed so far. */
  public List<Line> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
