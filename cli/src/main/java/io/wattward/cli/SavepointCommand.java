package io.wattward.cli;

import io.wattward.cli.lifecycle.JobDefinition;
import io.wattward.cli.lifecycle.JobSupervisor;
import io.wattward.cli.lifecycle.LocalFlink;
import io.wattward.cli.lifecycle.RunLock;
import io.wattward.config.WattwardConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.core.execution.SavepointFormatType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "savepoint", mixinStandardHelpOptions = true,
    description = {"Take a savepoint of a running job (started with `wattward run` on this machine), or stop it",
        "with one: the way to upgrade a job without losing anything. Without --to, the savepoint goes to the",
        "job's own folder, where the next `wattward run` finds and resumes from it (that run deletes the older",
        "ones); keep one elsewhere with --to DIR and start from it with `run --from-savepoint PATH`."})
final class SavepointCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "rollup, anomaly or forecast.")
  String job;

  @Option(names = "--stop", description = "Stop the job after the savepoint (no windows are closed early).")
  boolean stop;

  @Option(names = "--to", paramLabel = "DIR", description = "Write the savepoint under this folder instead.")
  Path to;

  @Option(names = "--cluster", paramLabel = "URL", arity = "0..1", fallbackValue = "",
      description = "The job runs on a Flink cluster (`wattward submit`): this JobManager REST URL, or without a "
          + "value the local cluster of `wattward cluster up`.")
  String cluster;

  @Override
  public Integer call() throws Exception {
    WattwardConfig config = cli.config();
    RunLock.RunInfo info;
    if (cluster != null) {
      Optional<RunLock.RunInfo> onCluster = onCluster(cluster.isEmpty() ? cli.local.clusterRestUrl().orElse(null)
          : cluster);
      if (onCluster.isEmpty()) {
        return 1;
      }
      info = onCluster.get();
    } else {
      var running = RunLock.running(cli.local.local("run"), JobDefinition.runName(job, config));
      if (running.isEmpty()) {
        System.err.printf("wattward: no run of %s for database %s is going on on this machine%n", job,
            config.clickhouse().database());
        return 1;
      }
      info = running.get();
    }
    Path target = to != null ? to.toAbsolutePath() : JobSupervisor.restoreFolder(job, config).resolve("savepoints");
    System.out.printf("%s %s (%s, Flink job %s) with a savepoint under %s ...%n", stop ? "stopping" : "saving",
        job, info.pid() < 0 ? info.restUrl() : "pid " + info.pid(), info.jobId(), target);
    try (var client = LocalFlink.client(info.restUrl())) {
      JobID id = JobID.fromHexString(info.jobId());
      String path = stop
          ? client.stopWithSavepoint(id, false, target.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(10, TimeUnit.MINUTES)
          : client.triggerSavepoint(id, target.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(10, TimeUnit.MINUTES);
      System.out.println("savepoint " + path);
      if (stop) {
        System.out.println("the job stopped; `wattward run " + job + "` resumes from this savepoint"
            + (cluster != null ? " (or `wattward submit " + job + "`)" : "")
            + (to != null ? " when given --from-savepoint " + path : ""));
      }
    }
    return 0;
  }

  /** The job running on a Flink cluster under the name `wattward submit` gives it. */
  private Optional<RunLock.RunInfo> onCluster(String restUrl) throws Exception {
    if (restUrl == null) {
      System.err.println("wattward: no local Flink cluster is up; name one with --cluster URL");
      return Optional.empty();
    }
    try (var client = LocalFlink.client(restUrl)) {
      Optional<JobStatusMessage> running = client.listJobs().get(30, TimeUnit.SECONDS).stream()
          .filter(j -> j.getJobName().equals("wattward " + job) && j.getJobState() == JobStatus.RUNNING).findFirst();
      if (running.isEmpty()) {
        System.err.printf("wattward: %s is not running on %s%n", job, restUrl);
        return Optional.empty();
      }
      return Optional.of(new RunLock.RunInfo(-1, restUrl, running.get().getJobId().toString(), job,
          cli.config().clickhouse().database()));
    }
  }
}
