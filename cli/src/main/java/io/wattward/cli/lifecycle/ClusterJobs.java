package io.wattward.cli.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * WattWard's jobs on a Flink cluster (or a run's MiniCluster) as its REST API shows them: the jobs named
 * {@code wattward <job>}, their state, uptime and checkpoints, and the TaskManagers. The parsing is kept
 * apart from the HTTP calls ({@link #jobs(JsonNode)}, {@link #checkpoints(JsonNode, JsonNode)}) so it can
 * be tested on the REST API's answers alone.
 */
public final class ClusterJobs {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "wattward ";
  private static final List<String> ENDED = List.of("FINISHED", "CANCELED", "FAILED", "SUSPENDED");

  /** A job as {@code /jobs/overview} lists it. */
  public record Job(String job, String flinkJobId, String state, Instant started, Instant ended, Duration ran) {

    /** Neither finished, cancelled nor failed: it runs, or starts, restarts or is being cancelled. */
    public boolean active() {
      return !ENDED.contains(state);
    }

    /** "5 min 3 s", or for a job that ended "ran 5 min 3 s, ended 2 min 0 s ago". */
    public String uptime(Instant now) {
      return ended == null ? RestorePoints.age(ran)
          : "ran " + RestorePoints.age(ran) + ", ended " + RestorePoints.age(Duration.between(ended, now)) + " ago";
    }
  }

  /** A checkpoint or savepoint the job completed or was restored from. */
  public record Point(long id, boolean savepoint, Instant at, String externalPath) {

    /** The folder of the point on this machine, if it is a local path. */
    public Optional<Path> localPath() {
      if (externalPath == null || externalPath.isBlank()) {
        return Optional.empty();
      }
      if (externalPath.startsWith("file:")) {
        return Optional.of(Path.of(URI.create(externalPath)));
      }
      return externalPath.startsWith("/") ? Optional.of(Path.of(externalPath)) : Optional.empty();
    }

    /** "checkpoint 41 of 2026-11-27 12:01:55 (20 s ago)". */
    public String describe(Instant now) {
      return (savepoint ? "savepoint" : "checkpoint " + id) + " of "
          + RestorePoints.CLOCK.format(at) + " (" + RestorePoints.age(Duration.between(at, now)) + " ago)";
    }
  }

  /**
   * A job's checkpoints: counts, the newest completed one, the one it was restored from, and whether its
   * retained checkpoints outlive a cancellation (null when the REST API does not say).
   */
  public record Checkpoints(long completed, long failed, long inProgress, long restored, Point latest,
      Point restoredFrom, Boolean retainedOnCancellation) {

    /** "#41, 20 s ago", or "none yet". */
    public String lastCompleted(Instant now) {
      return latest == null ? "none yet"
          : (latest.savepoint() ? "savepoint" : "#" + latest.id()) + ", "
              + RestorePoints.age(Duration.between(latest.at(), now)) + " ago";
    }

    /**
     * The database of the job, read from its checkpoint folder ({@code <job>-<database>}, see
     * {@link JobDefinition#runName}); empty if the folder is not named so.
     */
    public Optional<String> database(String job) {
      Point p = latest != null ? latest : restoredFrom;
      if (p == null || p.localPath().isEmpty()) {
        return Optional.empty();
      }
      // .../<job>-<database>/<flink job id>/chk-N, or .../<job>-<database>/savepoints/savepoint-...
      Path folder = p.localPath().get().getParent() == null ? null : p.localPath().get().getParent().getParent();
      String name = folder == null || folder.getFileName() == null ? "" : folder.getFileName().toString();
      return name.startsWith(job + "-") ? Optional.of(name.substring(job.length() + 1)) : Optional.empty();
    }
  }

  /** A TaskManager as {@code /taskmanagers} lists it. */
  public record TaskManager(String id, int slots, int freeSlots) {
    /** Whether it runs tasks of some job. */
    public boolean busy() {
      return freeSlots < slots;
    }
  }

  private final String restUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  public ClusterJobs(String restUrl) {
    this.restUrl = restUrl.endsWith("/") ? restUrl.substring(0, restUrl.length() - 1) : restUrl;
  }

  public String restUrl() {
    return restUrl;
  }

  /** Whether the REST API answers. */
  public boolean reachable() {
    return get("/overview").isPresent();
  }

  /** WattWard's jobs, the active ones first, each group newest first; empty if the REST API does not answer. */
  public List<Job> list() {
    return get("/jobs/overview").map(ClusterJobs::jobs).orElse(List.of());
  }

  /** The job of this name that is not finished, cancelled or failed. */
  public Optional<Job> active(String job) {
    return list().stream().filter(j -> j.job().equals(job) && j.active()).findFirst();
  }

  /** The job's state ("RUNNING", "RESTARTING", ...), or empty if the REST API does not answer. */
  public Optional<String> state(String flinkJobId) {
    return get("/jobs/" + flinkJobId).map(j -> j.path("state").asText());
  }

  /** Whether the job runs and every one of its tasks is running (none deploying, initializing or restoring). */
  public boolean allTasksRunning(String flinkJobId) {
    return get("/jobs/" + flinkJobId).map(j -> {
      if (!"RUNNING".equals(j.path("state").asText()) || !j.path("vertices").isArray() || j.path("vertices").isEmpty()) {
        return false;
      }
      for (JsonNode v : j.path("vertices")) {
        if (!"RUNNING".equals(v.path("status").asText())) {
          return false;
        }
      }
      return true;
    }).orElse(false);
  }

  /** The job's checkpoints, or empty if the REST API does not answer. */
  public Optional<Checkpoints> checkpoints(String flinkJobId) {
    Optional<JsonNode> stats = get("/jobs/" + flinkJobId + "/checkpoints");
    if (stats.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(checkpoints(stats.get(), get("/jobs/" + flinkJobId + "/checkpoints/config").orElse(null)));
  }

  public List<TaskManager> taskManagers() {
    List<TaskManager> out = new ArrayList<>();
    get("/taskmanagers").ifPresent(t -> t.path("taskmanagers").forEach(tm -> out.add(new TaskManager(
        tm.path("id").asText(), tm.path("slotsNumber").asInt(), tm.path("freeSlots").asInt()))));
    return out;
  }

  /** WattWard's jobs in a {@code /jobs/overview} answer, the active ones first, each group newest first. */
  public static List<Job> jobs(JsonNode overview) {
    List<Job> out = new ArrayList<>();
    for (JsonNode j : overview.path("jobs")) {
      String name = j.path("name").asText();
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      long end = j.path("end-time").asLong(-1);
      out.add(new Job(name.substring(PREFIX.length()), j.path("jid").asText(), j.path("state").asText(),
          Instant.ofEpochMilli(j.path("start-time").asLong()), end > 0 ? Instant.ofEpochMilli(end) : null,
          Duration.ofMillis(Math.max(0, j.path("duration").asLong()))));
    }
    out.sort(Comparator.comparing((Job j) -> !j.active()).thenComparing(Job::started, Comparator.reverseOrder()));
    return out;
  }

  /** A job's checkpoints from its {@code /checkpoints} and {@code /checkpoints/config} answers (config may be null). */
  public static Checkpoints checkpoints(JsonNode stats, JsonNode config) {
    JsonNode counts = stats.path("counts");
    JsonNode completed = stats.path("latest").path("completed");
    JsonNode savepoint = stats.path("latest").path("savepoint");
    // the newer of the latest checkpoint and the latest savepoint
    JsonNode latest = !savepoint.isObject() ? completed : !completed.isObject() ? savepoint
        : savepoint.path("latest_ack_timestamp").asLong() > completed.path("latest_ack_timestamp").asLong()
            ? savepoint : completed;
    JsonNode restored = stats.path("latest").path("restored");
    JsonNode externalization = config == null ? null : config.path("externalization");
    Boolean retained = externalization == null || !externalization.isObject() ? null
        : externalization.path("enabled").asBoolean() && !externalization.path("delete_on_cancellation").asBoolean();
    return new Checkpoints(counts.path("completed").asLong(), counts.path("failed").asLong(),
        counts.path("in_progress").asLong(), counts.path("restored").asLong(),
        latest.isObject() ? new Point(latest.path("id").asLong(), latest.path("is_savepoint").asBoolean(),
            Instant.ofEpochMilli(latest.path("latest_ack_timestamp").asLong()), text(latest.path("external_path")))
            : null,
        restored.isObject() ? new Point(restored.path("id").asLong(), restored.path("is_savepoint").asBoolean(),
            Instant.ofEpochMilli(restored.path("restore_timestamp").asLong()), text(restored.path("external_path")))
            : null,
        retained);
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !node.asText().equals("<checkpoint-not-externally-addressable>") ? node.asText() : null;
  }

  private Optional<JsonNode> get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(restUrl + path))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
