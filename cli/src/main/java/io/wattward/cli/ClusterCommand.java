package io.wattward.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = {"A local Flink standalone cluster on 127.0.0.1 (scripts/cluster.sh): a JobManager with the REST API",
        "and web UI, and TaskManagers, each its own JVM; RocksDB state, retained checkpoints, exponential-delay",
        "restarts; config, logs and pids under .local/cluster. Submit jobs to it with `wattward submit`."},
    subcommands = {ClusterCommand.Up.class, ClusterCommand.Down.class, ClusterCommand.Status.class})
final class ClusterCommand {

  @ParentCommand WattwardCli cli;

  @Command(name = "up", mixinStandardHelpOptions = true,
      description = "Start the JobManager and the TaskManagers (a cluster already up is left as it is; missing "
          + "TaskManagers are started).")
  static final class Up implements Callable<Integer> {
    @ParentCommand ClusterCommand cluster;

    @Option(names = "--taskmanagers", paramLabel = "N", defaultValue = "2", description = "Default: 2.")
    int taskManagers;

    @Option(names = "--slots", paramLabel = "S", defaultValue = "2",
        description = "Task slots per TaskManager (default 2; applies when the cluster starts).")
    int slots;

    @Option(names = "--task-heap", paramLabel = "SIZE", defaultValue = "256m",
        description = {"Task heap of each TaskManager, e.g. 1280m (default 256m; applies when the cluster starts). The",
            "heap holds the timers and the Kafka producers' buffers: 256m ran out at 100,000 meters, 1268m did not."})
    String taskHeap;

    @Override
    public Integer call() {
      return cluster.cli.local.cluster("up", "--taskmanagers", String.valueOf(taskManagers), "--slots",
          String.valueOf(slots), "--task-heap", taskHeap);
    }
  }

  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the TaskManagers and the JobManager.")
  static final class Down implements Callable<Integer> {
    @ParentCommand ClusterCommand cluster;

    @Override
    public Integer call() {
      return cluster.cli.local.cluster("down");
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "The JobManager's REST URL, the TaskManagers registered with it and the jobs; exit 1 if down.")
  static final class Status implements Callable<Integer> {
    @ParentCommand ClusterCommand cluster;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @Override
    public Integer call() throws Exception {
      Optional<String> rest = cluster.cli.local.clusterRestUrl();
      if (rest.isEmpty()) {
        System.out.println("no local Flink cluster is up (wattward cluster up)");
        return 1;
      }
      JsonNode overview = get(rest.get() + "/overview");
      if (overview == null) {
        System.out.println("JobManager " + rest.get() + " does not answer (wattward cluster down, then up)");
        return 1;
      }
      System.out.printf("JobManager  %s  (Flink %s, web UI at the same address)%n", rest.get(),
          overview.path("flink-version").asText());
      JsonNode tms = get(rest.get() + "/taskmanagers");
      TextTable taskManagers = new TextTable("id", "address", "slots", "free", "last heartbeat");
      int registered = 0;
      for (JsonNode tm : tms.path("taskmanagers")) {
        // timeSinceLastHeartbeat is, despite its name, the time of the last heartbeat (epoch milliseconds)
        long beat = tm.path("timeSinceLastHeartbeat").asLong();
        taskManagers.row(tm.path("id").asText(), tm.path("path").asText().replaceAll(".*@([^/]+)/.*", "$1"),
            tm.path("slotsNumber").asInt(), tm.path("freeSlots").asInt(),
            beat == 0 ? "-" : Duration.between(Instant.ofEpochMilli(beat), Instant.now()).toMillis() + " ms ago");
        registered++;
      }
      System.out.printf("TaskManagers registered: %d%n", registered);
      if (registered > 0) {
        taskManagers.print(System.out);
      }
      JsonNode jobs = get(rest.get() + "/jobs/overview");
      TextTable running = new TextTable("job", "Flink job id", "state", "for");
      int count = 0;
      for (JsonNode j : jobs.path("jobs")) {
        String state = j.path("state").asText();
        if (List.of("RUNNING", "CREATED", "INITIALIZING", "RESTARTING", "FAILING", "CANCELLING").contains(state)) {
          running.row(j.path("name").asText(), j.path("jid").asText(), state,
              Duration.ofMillis(j.path("duration").asLong()).toSeconds() + " s");
          count++;
        }
      }
      System.out.printf("jobs running: %d%n", count);
      if (count > 0) {
        running.print(System.out);
      }
      return 0;
    }

    private JsonNode get(String url) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
      } catch (Exception e) {
        return null;
      }
    }
  }
}
