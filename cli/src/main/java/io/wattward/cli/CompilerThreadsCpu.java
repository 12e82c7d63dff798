package io.wattward.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The CPU time this JVM's just-in-time compiler threads use while it runs, from Linux's per-thread counters
 * ({@code /proc/self/task/<tid>/stat}, in clock ticks of 10 ms). The JVM starts and stops compiler threads as
 * the work needs, and a stopped thread's counters are gone, so the threads are sampled every {@link #EVERY_MS}:
 * a thread stopped between two samples counts what it had used at the last one. The JVM's own
 * {@code CompilationMXBean} gives the elapsed time of the compilations instead, which on a busy machine is
 * several times the CPU they use.
 */
final class CompilerThreadsCpu implements AutoCloseable {

  static final long EVERY_MS = 250;
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final double SECONDS_PER_TICK = 0.01;

  private final Map<String, Long> atStart = new HashMap<>();
  private final Map<String, Long> latest = new ConcurrentHashMap<>();
  private final Thread sampler;
  private final boolean available;

  private CompilerThreadsCpu() {
    available = Files.isDirectory(TASKS);
    if (available) {
      atStart.putAll(sample());
      latest.putAll(atStart);
    }
    sampler = new Thread(() -> {
      while (available && !Thread.currentThread().isInterrupted()) {
        latest.putAll(sample());
        try {
          Thread.sleep(EVERY_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "compiler-cpu-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts sampling now: {@link #seconds} counts from here. */
  static CompilerThreadsCpu start() {
    return new CompilerThreadsCpu();
  }

  /** CPU seconds the compiler threads used since the start; NaN where the JVM's threads cannot be read. */
  double seconds() {
    if (!available) {
      return Double.NaN;
    }
    latest.putAll(sample());
    long ticks = 0;
    for (Map.Entry<String, Long> t : latest.entrySet()) {
      ticks += t.getValue() - atStart.getOrDefault(t.getKey(), 0L);
    }
    return ticks * SECONDS_PER_TICK;
  }

  @Override
  public void close() {
    sampler.interrupt();
  }

  /** Thread id to user + system ticks, for the threads named as HotSpot names its compiler threads. */
  private static Map<String, Long> sample() {
    Map<String, Long> ticks = new HashMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : tasks.toList()) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            ticks.put(task.getFileName().toString(), ticks(Files.readString(task.resolve("stat"))));
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended while we looked
        }
      }
    } catch (IOException e) {
      // nothing to read this time
    }
    return ticks;
  }

  /** utime + stime of a {@code stat} line (fields 14 and 15; the name in parentheses may hold spaces). */
  static long ticks(String stat) {
    String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(after[11]) + Long.parseLong(after[12]);
  }
}
