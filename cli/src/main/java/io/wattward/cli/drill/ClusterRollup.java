package io.wattward.cli.drill;

import io.wattward.cli.LocalEnvironment;
import io.wattward.cli.lifecycle.ClusterJobs;
import io.wattward.cli.lifecycle.InputProgress;
import io.wattward.cli.lifecycle.RestorePoints;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.kafka.ConsumedTopics;
import io.wattward.jobs.rollup.RollupJob;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The rollup job of a cluster drill: a local Flink standalone cluster of the drill's own
 * ({@code scripts/cluster.sh} with {@code WATTWARD_LOCAL_DIR} in the drill's servers folder, two TaskManagers with
 * two slots each), the job submitted to it as an operator does ({@code wattward submit rollup --fresh} in a JVM
 * of its own, with the drill's settings), TaskManagers SIGKILLed and replaced, and the job stopped with a
 * savepoint into its restore folder ({@code wattward savepoint rollup --stop --cluster URL}). The cluster has no
 * job console to read: everything here is measured through the REST API, the job's committed input offsets and
 * ClickHouse.
 */
final class ClusterRollup {

  private static final Duration STALL = Duration.ofMinutes(3);

  private final Path home;
  private final Path folder;
  private final Map<String, String> env;
  private final WattwardConfig config;
  private final Consumer<String> say;
  private final Consumer<String> echo;
  private final List<ChildCommand> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
  private String rest;
  private ClusterJobs cluster;
  private String jobId;
  private int taskManagersKilled;
  private long restoresAfterKills;
  /** When the job last (re)started with every task running: a kill waits for a checkpoint newer than that. */
  private Instant runningSince;

  /**
   * @param folder the drill's servers folder: the cluster goes into its {@code cluster} folder
   * @param env the settings of the drill's commands (servers, database, checkpoint folder)
   */
  ClusterRollup(Path home, Path folder, Map<String, String> env, Consumer<String> say, Consumer<String> echo) {
    this.home = home;
    this.folder = folder;
    this.env = env;
    this.config = WattwardConfig.load(null, env);
    this.say = say;
    this.echo = echo;
  }

  /** Starts the drill's cluster afresh (one left by an earlier drill is stopped first). */
  void up() {
    script("down");
    RestorePoints.deleteTree(folder.resolve("cluster/log"));
    script("up", "--taskmanagers", "2", "--slots", "2");
    rest = LocalEnvironment.readInfraEnv(folder.resolve("cluster/cluster.env")).get("WATTWARD_FLINK_REST");
    cluster = new ClusterJobs(rest);
  }

  String restUrl() {
    return rest;
  }

  int taskManagersKilled() {
    return taskManagersKilled;
  }

  /** The job's restores from a checkpoint that the kills caused (a kill may cause more than one). */
  long restoresAfterKills() {
    return restoresAfterKills;
  }

  /** {@code wattward submit rollup --fresh --cluster URL}, then waits until every task of the job runs. */
  void submitFresh() throws Exception {
    ChildCommand submit = command("submit", "submit", "rollup", "--fresh", "--cluster", rest);
    Optional<Integer> code = submit.waitFor(Duration.ofMinutes(5));
    if (code.isEmpty() || code.get() != 0) {
      throw new IllegalStateException("`wattward submit rollup` did not submit the job (exit " + code.orElse(null)
          + "); see " + folder.resolve("logs"));
    }
    jobId = cluster.active(RollupJob.NAME).map(ClusterJobs.Job::flinkJobId).orElseThrow(() ->
        new IllegalStateException("the cluster at " + rest + " has no running `wattward rollup` after the submission; "
            + "see " + folder.resolve("cluster/log/jobmanager.log")));
    await("every task of the job running", Duration.ofMinutes(3), () -> cluster.allTasksRunning(jobId));
    runningSince = Instant.now();
    say.accept("rollup runs on the cluster as Flink job " + jobId + " (web UI " + rest + ")");
  }

  /**
   * SIGKILLs a TaskManager that runs tasks of the job and starts another; the job is back when it runs again,
   * every task running, with its state restored from a checkpoint (one restore more than before).
   */
  Drill.Fault killTaskManager() throws Exception {
    // each kill loses work a checkpoint holds: one completed since the job last came back
    await("a checkpoint completed since the job last came back, before the kill", Duration.ofMinutes(3),
        () -> checkpoints().latest() != null && checkpoints().latest().at().isAfter(runningSince));
    long restoredBefore = checkpoints().restored();
    ClusterJobs.TaskManager victim = cluster.taskManagers().stream().filter(ClusterJobs.TaskManager::busy).findFirst()
        .orElseThrow(() -> new IllegalStateException("no TaskManager of " + rest + " runs a task of the job"));
    Path pidFile = folder.resolve("cluster/pids/taskmanager-" + victim.id().substring("tm-".length()) + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() ->
        new IllegalStateException("TaskManager " + victim.id() + " (pid " + pid + ") is not running"));
    Instant at = Instant.now();
    say.accept(String.format("fault: SIGKILL of TaskManager %s (pid %d, %d of %d slots busy); starting another",
        victim.id(), pid, victim.slots() - victim.freeSlots(), victim.slots()));
    process.destroyForcibly();
    process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    taskManagersKilled++;
    script("add-taskmanager");
    Double recovery = awaitQuietly(Duration.ofMinutes(5), () -> checkpoints().restored() > restoredBefore
        && cluster.allTasksRunning(jobId)) ? seconds(at) : null;
    runningSince = Instant.now();
    ClusterJobs.Checkpoints after = checkpoints();
    long restores = after.restored() - restoredBefore;
    restoresAfterKills += restores;
    String from = after.restoredFrom() == null ? "a checkpoint"
        : (after.restoredFrom().savepoint() ? "a savepoint" : "checkpoint " + after.restoredFrom().id());
    String times = restores > 1 ? "; " + restores + " restores before every task ran" : "";
    say.accept(recovery == null ? "the job did not run again with restored state within 5 min"
        : String.format("the job runs again, restored from %s, %.1f s after the kill%s", from, recovery, times));
    return new Drill.Fault("TaskManager " + victim.id() + " killed (SIGKILL), another started", at, Duration.ZERO,
        recovery, "from the SIGKILL to the job RUNNING again with every task running, restored from " + from
            + " (REST: state, vertices, checkpoints counts.restored)" + times);
  }

  /**
   * Stops a server for {@code outage} and starts it again. The job is back when it runs with every task
   * running, a checkpoint has completed after the server's start, and ClickHouse has new meter-minutes, or the
   * job has nothing left to read (a checkpoint covers every input record there was at the server's start: with
   * no new input no window closes, so no row comes).
   */
  Drill.Fault outage(ServerSet servers, String server, String name, Duration outage, ClickHouseEndpoint clickhouse)
      throws Exception {
    ClusterJobs.Checkpoints before = checkpoints();
    servers.stop(server);
    Instant at = Instant.now();
    say.accept(String.format("fault: %s stopped for %d s", name, outage.toSeconds()));
    Thread.sleep(outage.toMillis());
    Instant back = Instant.now();
    servers.start(server);
    say.accept(String.format("%s started again (up %.1f s after its start command)", name, seconds(back)));
    long[] rows = {meterMinuteRows(clickhouse)};
    // the count to pass must be a real one: ClickHouse answers (it does once its start command returns)
    awaitQuietly(Duration.ofSeconds(30), () -> rows[0] >= 0 || (rows[0] = meterMinuteRows(clickhouse)) >= 0);
    String[] evidence = {null};
    boolean recovered;
    try (InputProgress input = new InputProgress(config.kafka().bootstrap(), inputs().group(), inputs().topics())) {
      input.markEnd();
      recovered = awaitQuietly(Duration.ofMinutes(5), () -> {
        if (!cluster.allTasksRunning(jobId) || checkpoints().latest() == null
            || !checkpoints().latest().at().isAfter(back)) {
          return false;
        }
        if (rows[0] >= 0 && meterMinuteRows(clickhouse) > rows[0]) {
          evidence[0] = "new meter_minute rows";
        } else if (caughtUp(input)) {
          evidence[0] = "nothing left to read (no new rows to expect)";
        }
        return evidence[0] != null;
      });
    }
    Double recovery = recovered ? seconds(back) : null;
    ClusterJobs.Checkpoints after = checkpoints();
    long restarts = after.restored() - before.restored();
    long failed = after.failed() - before.failed();
    String during = (restarts == 0 ? "the job kept RUNNING" : "Flink restarted the job " + restarts + " time"
        + (restarts == 1 ? "" : "s")) + (failed == 0 ? "" : ", " + failed + " checkpoint" + (failed == 1 ? "" : "s")
        + " failed");
    say.accept(recovered ? String.format("back to normal %.1f s after %s's start: a checkpoint completed and %s (%s)",
        recovery, name, evidence[0], during)
        : "the job was not back to normal within 5 min of " + name + "'s start (" + during + ")");
    return new Drill.Fault(name + " stopped", at, Duration.between(at, back), recovery,
        "from starting " + name + " again to a checkpoint completed and " + (recovered ? evidence[0]
            : "new meter_minute rows") + " (REST, ClickHouse, committed offsets); " + during);
  }

  private ConsumedTopics inputs() {
    return RollupJob.inputs(config);
  }

  private static boolean caughtUp(InputProgress input) {
    try {
      return input.position().caughtUp();
    } catch (Exception e) {
      return false; // Kafka not answering yet
    }
  }

  /**
   * Waits until a checkpoint of the job covers every record now in its input topics (its consumer group's
   * committed offsets); fails once it has read no further for {@link #STALL}.
   */
  void awaitCaughtUp() throws Exception {
    ConsumedTopics inputs = inputs();
    try (InputProgress input = new InputProgress(config.kafka().bootstrap(), inputs.group(), inputs.topics())) {
      input.markEnd();
      long total = Math.max(1, input.recordsToRead());
      long read = -1;
      long progressAt = System.nanoTime();
      long saidAt = 0;
      while (true) {
        InputProgress.Position p = input.position();
        if (p.caughtUp()) {
          say.accept(String.format("the cluster job has caught up: a checkpoint covers all %,d records", total));
          return;
        }
        if (p.committedRecords() > read) {
          read = p.committedRecords();
          progressAt = System.nanoTime();
        } else if (System.nanoTime() - progressAt > STALL.toNanos()) {
          throw new IllegalStateException(String.format("the cluster job read no further for %d min (%,d of %,d "
              + "records as of its last checkpoint, state %s): see %s", STALL.toMinutes(), read, total,
              cluster.state(jobId).orElse("unknown"), folder.resolve("cluster/log")));
        }
        if (System.nanoTime() - saidAt > 15_000_000_000L) {
          say.accept(String.format("the cluster job has read %,d of %,d records (%.0f %%) as of its last checkpoint",
              read, total, 100.0 * read / total));
          saidAt = System.nanoTime();
        }
        Thread.sleep(2_000);
      }
    }
  }

  /** {@code wattward savepoint rollup --stop --cluster URL}: the savepoint goes to the job's restore folder. */
  void stopWithSavepoint() throws Exception {
    ChildCommand stop = command("savepoint", "savepoint", "rollup", "--stop", "--cluster", rest);
    Optional<Integer> code = stop.waitFor(Duration.ofMinutes(10));
    if (code.isEmpty() || code.get() != 0) {
      throw new IllegalStateException("`wattward savepoint rollup --stop --cluster " + rest + "` did not stop the job "
          + "(exit " + code.orElse(null) + ")");
    }
  }

  /** The job's restores from a checkpoint so far (each kill makes one; other failures would make more). */
  long restores() {
    return checkpoints().restored();
  }

  private ClusterJobs.Checkpoints checkpoints() {
    return cluster.checkpoints(jobId).orElse(new ClusterJobs.Checkpoints(0, 0, 0, 0, null, null, null));
  }

  private ChildCommand command(String log, String... args) throws IOException {
    int n = commands.size() + 1;
    ChildCommand c = ChildCommand.start(home, env, folder.resolve("logs/" + log + "-" + n + ".log"),
        line -> echo.accept("   " + log + " | " + line), args);
    commands.add(c);
    return c;
  }

  private static long meterMinuteRows(ClickHouseEndpoint clickhouse) {
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count() FROM meter_minute")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1; // ClickHouse not answering yet: no progress to see
    }
  }

  private void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    if (!awaitQuietly(limit, condition)) {
      throw new IllegalStateException("no " + what + " within " + limit.toSeconds() + " s (cluster " + rest
          + "; logs in " + folder.resolve("cluster/log") + ")");
    }
  }

  private static boolean awaitQuietly(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(500);
    }
    return true;
  }

  private static double seconds(Instant since) {
    return Duration.between(since, Instant.now()).toMillis() / 1000.0;
  }

  /** Runs {@code scripts/cluster.sh} on the drill's cluster folder, its lines on the drill's console. */
  private void script(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", home.resolve("scripts/cluster.sh").toString()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("WATTWARD_LOCAL_DIR", folder.toString());
      // the drill's cluster picks its own free ports; ports set for the main cluster must not leak into it
      pb.environment().keySet().removeIf(k -> k.startsWith("WATTWARD_FLINK_"));
      Process p = pb.start();
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          echo.accept("   " + line);
        }
      }
      int code = p.waitFor();
      if (code != 0) {
        throw new IllegalStateException("scripts/cluster.sh " + String.join(" ", args) + " failed (exit " + code
            + "); see " + folder.resolve("cluster/log"));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run scripts/cluster.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Ends the drill's commands still running and, unless the servers are kept, stops the cluster. */
  void close(boolean keep) throws InterruptedException {
    for (ChildCommand c : commands) {
      c.close();
    }
    if (!keep) {
      script("down");
    }
  }
}
