package io.wattward.cli;

import io.wattward.cli.lifecycle.ClusterJobs;
import io.wattward.cli.lifecycle.LocalFlink;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "cancel", mixinStandardHelpOptions = true,
    description = {"Cancel a job running on a Flink cluster, without a savepoint. Its retained checkpoints stay",
        "(jobs are submitted with checkpoints retained on cancellation): the next `wattward submit JOB` resumes",
        "from the last one, which it names first. To stop a job for an upgrade, prefer `wattward savepoint JOB",
        "--stop --cluster`. A run on this machine stops with Ctrl-C."})
final class CancelCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "rollup, anomaly or forecast.")
  String job;

  @Option(names = "--cluster", paramLabel = "URL", arity = "0..1", fallbackValue = "",
      description = "The JobManager's REST URL; without a value the local cluster of `wattward cluster up`.")
  String cluster;

  @Override
  public Integer call() throws Exception {
    if (cluster == null) {
      System.err.println("wattward: cancel is for a job on a Flink cluster: add --cluster [URL]; a run on this machine "
          + "stops with Ctrl-C or `wattward savepoint " + job + " --stop`");
      return 2;
    }
    Optional<String> rest = cluster.isEmpty() ? cli.local.clusterRestUrl() : Optional.of(cluster);
    if (rest.isEmpty()) {
      System.err.println("wattward: no local Flink cluster is up; name one with --cluster URL");
      return 1;
    }
    ClusterJobs jobs = new ClusterJobs(rest.get());
    if (!jobs.reachable()) {
      System.err.println("wattward: the Flink cluster at " + rest.get() + " does not answer: check the URL, or "
          + "`wattward cluster status`");
      return 1;
    }
    Optional<ClusterJobs.Job> running = jobs.active(job);
    if (running.isEmpty()) {
      System.err.printf("wattward: %s is not running on %s (`wattward jobs --cluster %s` lists what is)%n", job,
          rest.get(), rest.get());
      return 1;
    }
    ClusterJobs.Job target = running.get();
    Optional<ClusterJobs.Checkpoints> checkpoints = jobs.checkpoints(target.flinkJobId());
    if (checkpoints.isPresent() && Boolean.FALSE.equals(checkpoints.get().retainedOnCancellation())) {
      System.err.printf("wattward: %s's checkpoints are deleted when it is cancelled (it runs without checkpoints "
          + "retained on cancellation): stop it with `wattward savepoint %s --stop --cluster %s` instead%n", job, job,
          rest.get());
      return 1;
    }
    Instant now = Instant.now();
    System.out.printf("cancelling %s on %s (Flink job %s, %s for %s) without a savepoint: %s%n", job, rest.get(),
        target.flinkJobId(), target.state(), target.uptime(now), nextStart(job, checkpoints.orElse(null), now));
    try (var client = LocalFlink.client(rest.get())) {
      client.cancel(JobID.fromHexString(target.flinkJobId())).get(1, TimeUnit.MINUTES);
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    String state = jobs.state(target.flinkJobId()).orElse("?");
    while (!state.equals("CANCELED") && System.nanoTime() < deadline) {
      Thread.sleep(500);
      state = jobs.state(target.flinkJobId()).orElse("?");
    }
    if (!state.equals("CANCELED")) {
      System.err.printf("wattward: %s is %s, not CANCELED, a minute after the cancellation: see the JobManager's log "
          + "(.local/cluster/log/jobmanager.log for the local cluster)%n", job, state);
      return 1;
    }
    // what the job completed up to its cancellation (a checkpoint may have completed since it was named above)
    Optional<ClusterJobs.Point> kept = jobs.checkpoints(target.flinkJobId()).or(() -> checkpoints)
        .map(ClusterJobs.Checkpoints::latest);
    if (kept.isPresent() && kept.get().localPath().isPresent() && !Files.isDirectory(kept.get().localPath().get())) {
      System.err.printf("wattward: %s is cancelled, but its checkpoint %s is gone: the next `wattward submit %s` "
          + "resumes from the newest point left in its folder%n", job, kept.get().localPath().get(), job);
      return 1;
    }
    System.out.printf("%s cancelled%s%n", job, kept.map(p -> "; " + (p.savepoint() ? "savepoint" : "checkpoint " + p.id())
        + " is kept: " + p.externalPath()).orElse(""));
    return 0;
  }

  /** What the job's next start resumes from, said before the job is cancelled. */
  static String nextStart(String job, ClusterJobs.Checkpoints checkpoints, Instant now) {
    String submit = "its next start (`wattward submit " + job + "`) ";
    if (checkpoints == null) {
      return submit + "resumes from the newest checkpoint or savepoint in its folder (the REST API did not name one)";
    }
    if (checkpoints.latest() != null) {
      return submit + "resumes from its last retained " + checkpoints.latest().describe(now)
          + (checkpoints.latest().externalPath() == null ? "" : ", " + checkpoints.latest().externalPath());
    }
    if (checkpoints.restoredFrom() != null) {
      return "it has completed no checkpoint yet: " + submit + "resumes from the "
          + (checkpoints.restoredFrom().savepoint() ? "savepoint" : "checkpoint") + " it started from, "
          + checkpoints.restoredFrom().externalPath();
    }
    return "it has completed no checkpoint yet: " + submit + "starts over with empty state and reads its topics from "
        + "their earliest offsets";
  }
}
