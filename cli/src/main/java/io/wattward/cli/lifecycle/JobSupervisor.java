package io.wattward.cli.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.faults.Outages;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job so that a crash, a restart or a re-run loses nothing, and tells the operator what happens
 * in plain lines.
 *
 * <ul>
 *   <li><b>Resume.</b> Checkpoints are retained in a folder per job and database and kept when the job
 *       fails or is cancelled; a start restores the newest completed checkpoint or savepoint by itself
 *       (and deletes older ones). {@link Start#FRESH} discards them on purpose; {@link Start#from} takes a
 *       given savepoint. A restored state that does not fit this build stops the run with the operator's
 *       name instead of restarting forever.
 *   <li><b>Restarts.</b> Inside a run Flink restarts a failed job from its last checkpoint with growing
 *       delays (1 s up to 1 min), forever; a failure marked permanent (a missing table) stops it. Failed
 *       checkpoints (a sink waiting out an outage) never fail the job.
 *   <li><b>Bounded runs</b> read the input topics up to the end offsets of the moment they start. Their
 *       sources are the same unbounded ones as always, so the state they leave continues seamlessly: once
 *       a completed checkpoint covers every record, the job stops with a savepoint (the next run resumes
 *       from it). Then the same job with empty sources, restored from that savepoint, plays the state out
 *       to the end of event time and writes the windows still open as they stand; its own state is thrown
 *       away. (Draining the Kafka sources would not do: Flink 2.2 drops the final watermark of a source
 *       that is idle when drained, and a caught-up source is idle: FLINK-40499,
 *       https://github.com/apache/flink/pull/29037.)
 *   <li><b>Stop.</b> Ctrl-C (SIGINT) or SIGTERM stops the job with a savepoint; `wattward savepoint`
 *       reaches the running job through its Flink REST endpoint.
 * </ul>
 */
public final class JobSupervisor {

  private static final Logger LOG = LoggerFactory.getLogger(JobSupervisor.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /** Where a run's state comes from. */
  public record Start(Mode mode, Path savepoint) {
    enum Mode { RESUME, FRESH, FROM }

    public static final Start RESUME = new Start(Mode.RESUME, null);
    public static final Start FRESH = new Start(Mode.FRESH, null);

    public static Start from(Path savepoint) {
      return new Start(Mode.FROM, savepoint);
    }
  }

  /** What a run ended with. */
  public record Outcome(int exitCode, JobExecutionResult result, String message) {
    /** Dead letters per reason counted by this run (accumulators {@code deadLetters.<REASON>}). */
    public Map<String, Long> deadLetters() {
      Map<String, Long> dead = new TreeMap<>();
      if (result != null) {
        result.getAllAccumulatorResults().forEach((k, v) -> {
          if (k.startsWith("deadLetters.") && v instanceof Long n && n > 0) {
            dead.put(k.substring("deadLetters.".length()), n);
          }
        });
      }
      return dead;
    }
  }

  private final JobDefinition job;
  private final Path runFolder;
  private final PrintStream out;
  private final RestorePoints points;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * @param runFolder where locks and run files live ({@code .local/run})
   */
  public JobSupervisor(JobDefinition job, Path runFolder, PrintStream out) {
    this.job = job;
    this.runFolder = runFolder;
    this.out = out;
    this.points = new RestorePoints(restoreFolder(job.name(), job.config()));
  }

  /** The folder of a job's retained checkpoints and savepoints. */
  public static Path restoreFolder(String job, WattwardConfig config) {
    String dir = config.pipeline().checkpointDir();
    Path base;
    if (dir != null && !dir.isBlank() && !dir.contains(":")) {
      base = Path.of(dir);
    } else if (dir != null && dir.startsWith("file:///")) {
      base = Path.of(URI.create(dir));
    } else {
      throw new IllegalArgumentException("pipeline.checkpointDir must be a local folder (a path, or file:///...) for "
          + "the command line to find the checkpoints it resumes from; got '" + dir + "'");
    }
    return base.toAbsolutePath().resolve(JobDefinition.runName(job, config));
  }

  public RestorePoints restorePoints() {
    return points;
  }

  /** Asks a running {@link #run} to stop with a savepoint (what Ctrl-C does). */
  public void requestStop() {
    stopRequested.set(true);
  }

  /** Runs the job until it ends (bounded), is stopped, or fails for good. */
  public Outcome run(Start start, boolean bounded) throws Exception {
    try (RunLock lock = RunLock.acquire(runFolder, job.runName());
        InputProgress input = new InputProgress(job.config().kafka().bootstrap(), job.inputs().group(),
            job.inputs().topics())) {
      Optional<RestorePoints.Point> restore;
      try {
        restore = prepareStart(start, input);
      } catch (StateFormatMismatch e) {
        return new Outcome(2, null, e.getMessage());
      }
      if (bounded) {
        input.markEnd();
        say("bounded run: reading %s up to their end as of now (%,d records)", String.join(", ", job.inputs().topics()),
            input.recordsToRead());
      }
      WattwardConfig.Pipeline p = job.config().pipeline();
      try (LocalFlink flink = LocalFlink.start(p.parallelism());
          RestClusterClient<StandaloneClusterId> client = flink.client()) {
        JobGraph graph = jobGraph(restore);
        JobID id = client.submitJob(graph).get(2, TimeUnit.MINUTES);
        lock.publish(new RunLock.RunInfo(ProcessHandle.current().pid(), flink.restUrl(), id.toString(), job.name(),
            job.config().clickhouse().database()));
        say("%s is running on a local Flink MiniCluster (parallelism %d, Flink job %s, REST %s)%s", job.name(),
            p.parallelism(), id, flink.restUrl(), bounded ? "" : "; Ctrl-C stops it with a savepoint");
        return watch(client, flink, id, restore, input, bounded);
      }
    }
  }

  /** A start refused because the state to resume is in a format this build cannot carry over (said why). */
  static final class StateFormatMismatch extends Exception {
    StateFormatMismatch(String message) {
      super(message);
    }
  }

  /**
   * What every start does before it submits the job, on a MiniCluster or a Flink cluster: chooses the
   * restore point, refuses a state format this build cannot carry over, records the build's format, and
   * clears the committed offsets of the job's consumer group.
   */
  Optional<RestorePoints.Point> prepareStart(Start start, InputProgress input) throws Exception {
    Optional<RestorePoints.Point> restore = chooseRestorePoint(start);
    if (start.mode() == Start.Mode.RESUME && restore.isPresent() && points.stateFormat() != job.stateFormat()) {
      say("%s holds %s's state in format %d; this build keeps it in format %d and cannot carry it over. Start "
          + "once with --fresh (it reads the input topics again from their earliest offsets and rewrites the "
          + "same rows), or run the build that wrote it", restore.get().describe(Instant.now()), job.name(),
          points.stateFormat(), job.stateFormat());
      throw new StateFormatMismatch("state format " + points.stateFormat() + ", build " + job.stateFormat());
    }
    points.recordStateFormat(job.stateFormat());
    input.clearCommittedOffsets();
    return restore;
  }

  private Optional<RestorePoints.Point> chooseRestorePoint(Start start) {
    Instant now = Instant.now();
    switch (start.mode()) {
      case FRESH -> {
        var discarded = points.discardAll();
        if (discarded.isEmpty()) {
          say("starting fresh: no checkpoint to discard in %s", points.folder());
        } else {
          say("starting fresh: discarded %s%s; every input topic is read again from its earliest offset",
              discarded.get(discarded.size() - 1).describe(now),
              discarded.size() > 1 ? " and " + (discarded.size() - 1) + " older" : "");
        }
        return Optional.empty();
      }
      case FROM -> {
        RestorePoints.Point p = RestorePoints.at(start.savepoint());
        say("starting from %s: %s", p.describe(now), p.path());
        return Optional.of(p);
      }
      default -> {
        Optional<RestorePoints.Point> newest = points.newest();
        if (newest.isEmpty()) {
          say("no checkpoint in %s: starting with empty state, reading every input topic from its earliest offset",
              points.folder());
          return newest;
        }
        say("resuming from %s", newest.get().describe(now));
        return newest;
      }
    }
  }

  /** The job's graph with the supervisor's checkpoint, restart and restore settings. */
  JobGraph jobGraph(Optional<RestorePoints.Point> restore) throws Exception {
    return jobGraph(job.pipeline(), "wattward " + job.name(), restore, true);
  }

  private JobGraph jobGraph(java.util.function.Consumer<StreamExecutionEnvironment> pipeline, String name,
      Optional<RestorePoints.Point> restore, boolean checkpointing) throws Exception {
    WattwardConfig.Pipeline p = job.config().pipeline();
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, p.parallelism());
    if (checkpointing) {
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(p.checkpointIntervalMs()));
    }
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, points.folder().toUri().toString());
    conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, points.savepoints().toUri().toString());
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    // a checkpoint that cannot finish while a sink waits out an outage is not a reason to fail the job
    conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, Integer.MAX_VALUE);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, Duration.ofMinutes(10));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    StreamExecutionEnvironment env = new StreamExecutionEnvironment(conf);
    pipeline.accept(env);
    StreamGraph streamGraph = env.getStreamGraph();
    streamGraph.setJobName(name);
    JobGraph graph = streamGraph.getJobGraph();
    // the ended-sources job leaves the Kafka sources' positions unrestored on purpose
    graph.setSavepointRestoreSettings(restore
        .map(r -> SavepointRestoreSettings.forPath(r.path().toUri().toString(), !checkpointing,
            RecoveryClaimMode.NO_CLAIM))
        .orElse(SavepointRestoreSettings.none()));
    return graph;
  }

  private Outcome watch(RestClusterClient<StandaloneClusterId> client, LocalFlink flink, JobID id,
      Optional<RestorePoints.Point> restore, InputProgress input, boolean bounded) throws Exception {
    String rest = flink.restUrl() + "/jobs/" + id;
    Instant started = Instant.now();
    long lastFailureSaid = 0;
    boolean restoredSaid = false;
    boolean checkpointCompleted = false;
    long lastProgress = System.nanoTime();
    long lastProgressRecords = 0;
    String stoppedBy = null;
    while (true) {
      JobStatus status = client.getJobStatus(id).get(1, TimeUnit.MINUTES);
      if (status.isGloballyTerminalState()) {
        break;
      }
      if (!flink.hasTaskManager()) {
        say("Flink's task executor stopped after a fatal error (details in the log); stopping. Start the same "
            + "command again: it resumes from the last checkpoint");
        cancelQuietly(client, id);
        return new Outcome(3, null, "task executor lost");
      }
      JsonNode checkpoints = get(rest + "/checkpoints");
      if (checkpoints != null) {
        JsonNode restored = checkpoints.path("latest").path("restored");
        if (!restoredSaid && restored.isObject()) {
          say("state restored (%s)", restored.path("external_path").asText());
          restoredSaid = true;
        }
        if (!checkpointCompleted && checkpoints.path("counts").path("completed").asLong() > 0) {
          checkpointCompleted = true;
          say("first checkpoint completed, %d s after the start", Duration.between(started, Instant.now()).toSeconds());
          // the restored point has proven itself: what is older can go
          restore.ifPresent(points::pruneOlderThan);
        }
      }
      JsonNode exceptions = get(rest + "/exceptions?maxExceptions=20");
      JsonNode entries = exceptions == null ? null : exceptions.path("exceptionHistory").path("entries");
      if (entries != null && entries.isArray()) {
        // newest first: report each failure once, oldest first
        for (int i = entries.size() - 1; i >= 0; i--) {
          JsonNode e = entries.get(i);
          long at = e.path("timestamp").asLong();
          if (at <= lastFailureSaid) {
            continue;
          }
          lastFailureSaid = at;
          String trace = e.path("stacktrace").asText();
          String task = e.path("taskName").isTextual() ? "'" + e.path("taskName").asText() + "'" : "the job";
          if (!checkpointCompleted && restore.isPresent() && !FailureText.isPermanent(trace)
              && FailureText.isRestoreIncompatibility(trace)) {
            say("%s cannot be restored into this build: the state of %s does not fit (%s). Start with --fresh to "
                + "discard it, or run the build that wrote it", restore.get().describe(Instant.now()), task,
                FailureText.reason(trace));
            cancelQuietly(client, id);
            return new Outcome(2, null, "restore incompatible");
          }
          if (!FailureText.isPermanent(trace)) {
            say("%s failed: %s; Flink restarts it from its last checkpoint", task, FailureText.reason(trace));
          }
        }
      }
      String kafka = "Kafka " + job.config().kafka().bootstrap();
      try {
        input.checkReachable();
        Outages.recovered(kafka);
      } catch (Exception e) {
        Outages.waiting(kafka, e);
      }
      // a savepoint needs every task running: not while the job starts, restores or restarts
      boolean canStop = status == JobStatus.RUNNING && checkpointCompleted;
      if (stopRequested.get() && canStop) {
        say("stopping %s with a savepoint ...", job.name());
        Optional<String> savepoint = stopWithSavepoint(client, id);
        if (savepoint.isPresent()) {
          stoppedBy = "stopped with savepoint " + savepoint.get() + "; the next run resumes from it";
          break;
        }
        Thread.sleep(4_000);
      }
      if (bounded && canStop) {
        InputProgress.Position position = positionQuietly(input);
        if (position != null && position.caughtUp()) {
          say("caught up: a checkpoint covers all %,d records; stopping with a savepoint", input.recordsToRead());
          Optional<String> taken = stopWithSavepoint(client, id);
          if (taken.isEmpty()) {
            Thread.sleep(5_000);
            continue; // the job still runs: try again
          }
          String savepoint = taken.get();
          say("savepoint %s: the next run continues from here", savepoint);
          JobResult stopped = client.requestJobResult(id).get(10, TimeUnit.MINUTES);
          JobExecutionResult result = stopped.toJobExecutionResult(getClass().getClassLoader());
          if (job.ended() == null) {
            say("%s bounded run done", job.name());
            return new Outcome(0, result, "bounded run done");
          }
          return writeOpenWindows(client, RestorePoints.at(Path.of(URI.create(savepoint))), result);
        }
        if (position != null && position.committedRecords() > lastProgressRecords
            && System.nanoTime() - lastProgress > 15_000_000_000L) {
          lastProgressRecords = position.committedRecords();
          long total = Math.max(1, input.recordsToRead());
          say("read %,d of %,d records (%.0f %%), as of the last checkpoint", position.committedRecords(), total,
              100.0 * position.committedRecords() / total);
          lastProgress = System.nanoTime();
        }
      }
      Thread.sleep(1_000);
    }
    JobResult result = client.requestJobResult(id).get(10, TimeUnit.MINUTES);
    if (result.isSuccess()) {
      JobExecutionResult execution = result.toJobExecutionResult(getClass().getClassLoader());
      if (stoppedBy == null) {
        stoppedBy = "stopped from outside (`wattward savepoint --stop` or the Flink REST API)";
      }
      say("%s %s", job.name(), stoppedBy);
      return new Outcome(0, execution, stoppedBy);
    }
    String trace = result.getSerializedThrowable()
        .map(t -> org.apache.flink.util.ExceptionUtils.stringifyException(t)).orElse("");
    String reason = FailureText.reason(trace);
    if (restore.isPresent() && !checkpointCompleted && !FailureText.isPermanent(trace)
        && FailureText.isRestoreIncompatibility(trace)) {
      say("%s cannot be restored into this build: %s. Start with --fresh to discard it, or run the build that "
          + "wrote it", restore.get().describe(Instant.now()), reason);
      return new Outcome(2, null, reason);
    }
    say("%s stopped: %s", job.name(), reason);
    say("the job's checkpoints are kept in %s; after fixing the cause, the same command resumes from them",
        points.folder());
    return new Outcome(1, null, reason);
  }

  /** The end of a bounded run: the job with empty sources, restored from its savepoint, runs to its end. */
  private Outcome writeOpenWindows(RestClusterClient<StandaloneClusterId> client, RestorePoints.Point savepoint,
      JobExecutionResult stopped) throws Exception {
    JobGraph graph = jobGraph(job.ended(), "wattward " + job.name() + " (writing open windows)",
        Optional.of(savepoint), false);
    JobID id = client.submitJob(graph).get(2, TimeUnit.MINUTES);
    while (!client.getJobStatus(id).get(1, TimeUnit.MINUTES).isGloballyTerminalState()) {
      if (stopRequested.get()) {
        cancelQuietly(client, id);
        say("stopped before the windows still open were written; the next run resumes from the savepoint");
        return new Outcome(0, stopped, "stopped");
      }
      Thread.sleep(500);
    }
    JobResult result = client.requestJobResult(id).get(1, TimeUnit.MINUTES);
    if (!result.isSuccess()) {
      String reason = FailureText.reason(result.getSerializedThrowable()
          .map(t -> org.apache.flink.util.ExceptionUtils.stringifyException(t)).orElse(""));
      say("writing the windows still open failed: %s; the next run resumes from the savepoint and writes them", reason);
      return new Outcome(1, stopped, reason);
    }
    say("%s bounded run done: the windows still open are written as they stand", job.name());
    return new Outcome(0, stopped, "bounded run done");
  }

  /**
   * Stops the job with a savepoint; empty if that failed and the job still runs (a savepoint cannot
   * complete while a sink waits for ClickHouse, for one).
   */
  private Optional<String> stopWithSavepoint(RestClusterClient<StandaloneClusterId> client, JobID id)
      throws InterruptedException {
    try {
      return Optional.of(client.stopWithSavepoint(id, false, points.savepoints().toUri().toString(),
          SavepointFormatType.CANONICAL).get(10, TimeUnit.MINUTES));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("stop with a savepoint failed", e);
      say("the savepoint did not complete (%s); the job runs on. Ctrl-C again stops it at once (the next run "
          + "resumes from its last checkpoint)", FailureText.reason(org.apache.flink.util.ExceptionUtils
          .stringifyException(e)));
      return Optional.empty();
    }
  }

  private InputProgress.Position positionQuietly(InputProgress input) {
    try {
      return input.position();
    } catch (Exception e) {
      LOG.warn("cannot read the committed offsets of {}: {}", input.group(), e.toString());
      return null;
    }
  }

  private JsonNode get(String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET()
          .build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (Exception e) {
      LOG.debug("GET {}: {}", url, e.toString());
      return null;
    }
  }

  private static void cancelQuietly(RestClusterClient<StandaloneClusterId> client, JobID id) {
    try {
      client.cancel(id).get(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      LOG.warn("cancelling {}: {}", id, e.toString());
    }
  }

  private void say(String format, Object... args) {
    String line = CLOCK.format(Instant.now()) + " " + String.format(format, args);
    out.println(line);
    LOG.info(line);
  }
}
