package io.wattward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattward.cli.lifecycle.LocalFlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;

/**
 * What the cluster benchmark watches while a job replays on a local cluster: its progress in ClickHouse, its
 * checkpoints' full state size (REST API), and the TaskManagers' resident memory and CPU time (their pid files).
 */
final class ClusterReplay {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STALL = Duration.ofMinutes(3);

  private final String rest;
  private final Path pids;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private long largestStateBytes;
  private long peakRssKiB;
  private long ticksAtStart = -1;
  private long ticksAtEnd;

  ClusterReplay(String rest, Path pids) {
    this.rest = rest;
    this.pids = pids;
  }

  /**
   * Waits until {@code rows} reaches {@code enough}, noting state and memory every second; fails when the job
   * fails, or when for {@link #STALL} the rows stop growing and no checkpoint completes (four times as long while
   * a checkpoint is under way).
   */
  void awaitRows(JobID job, Callable<Long> rows, long enough) throws Exception {
    long last = -1;
    long lastCompleted = -1;
    long lastChange = System.nanoTime();
    long lastSaid = System.nanoTime();
    while (true) {
      long now = rows.call();
      observe(job);
      if (now >= enough) {
        ticksAtEnd = taskManagerTicks();
        return;
      }
      String state = get("/jobs/" + job).path("state").asText();
      if ("FAILED".equals(state) || "CANCELED".equals(state)) {
        throw new IllegalStateException("the job " + state + " on the cluster (see its logs under .local/bench-cluster)");
      }
      // rows reach ClickHouse when a checkpoint completes: one completed is progress too, and while one is under
      // way (a large state takes minutes) the job is given four times as long
      JsonNode counts = get("/jobs/" + job + "/checkpoints").path("counts");
      long completed = counts.path("completed").asLong();
      boolean underWay = counts.path("in_progress").asLong() > 0;
      if (now != last || completed != lastCompleted) {
        last = now;
        lastCompleted = completed;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > (underWay ? 4 : 1) * STALL.toNanos()) {
        throw new IllegalStateException("no progress for " + (underWay ? 4 : 1) * STALL.toMinutes() + " minutes at "
            + now + " of " + enough
            + " meter-minutes (job " + state + ")");
      }
      if (System.nanoTime() - lastSaid > 15e9) {
        System.out.printf("  %,d of %,d meter-minutes%n", now, enough);
        lastSaid = System.nanoTime();
      }
      Thread.sleep(1_000);
    }
  }

  void cancel(JobID job) throws Exception {
    try (var client = LocalFlink.client(rest)) {
      client.cancel(job).get(1, TimeUnit.MINUTES);
    }
  }

  /** Notes the TaskManagers' CPU time so far: the replay's CPU time is counted from here. */
  void startCpu() {
    ticksAtStart = taskManagerTicks();
  }

  /** The TaskManagers' CPU time (user and system, all threads) from {@link #startCpu} to the replay's end. */
  double cpuSeconds() {
    return (ticksAtEnd - ticksAtStart) / (double) CLOCK_TICKS;
  }

  long largestStateBytes() {
    return largestStateBytes;
  }

  long peakRssMiB() {
    return peakRssKiB / 1024;
  }

  private void observe(JobID job) {
    JsonNode latest = get("/jobs/" + job + "/checkpoints").path("latest").path("completed");
    largestStateBytes = Math.max(largestStateBytes, latest.path("state_size").asLong());
    long rss = 0;
    try (Stream<Path> files = Files.list(pids)) {
      for (Path pid : files.filter(f -> f.getFileName().toString().startsWith("taskmanager-")).toList()) {
        rss += highWaterKiB(Files.readString(pid).strip());
      }
    } catch (IOException e) {
      return; // the cluster is going down
    }
    peakRssKiB = Math.max(peakRssKiB, rss);
  }

  /** The kernel's clock ticks per second, in which /proc gives CPU times (USER_HZ: 100 on Linux). */
  private static final long CLOCK_TICKS = 100;

  /** The TaskManagers' CPU time so far, user and system, in clock ticks (fields 14 and 15 of /proc/pid/stat). */
  private long taskManagerTicks() {
    long ticks = 0;
    try (Stream<Path> files = Files.list(pids)) {
      for (Path pid : files.filter(f -> f.getFileName().toString().startsWith("taskmanager-")).toList()) {
        String stat = Files.readString(Path.of("/proc", Files.readString(pid).strip(), "stat"));
        // the command name (field 2) is in parentheses and may hold spaces: count fields after its ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the TaskManagers' CPU time could not be read from /proc", e);
    }
    return ticks;
  }

  private static long highWaterKiB(String pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException e) {
      // that TaskManager is gone
    }
    return 0;
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + path))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return JSON.createObjectNode();
    }
  }
}
