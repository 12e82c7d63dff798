package io.wattward.cli;

import io.wattward.cli.lifecycle.ClusterJobs;
import io.wattward.cli.lifecycle.RunLock;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = {"List WattWard's jobs: the runs going on on this machine (`wattward run`, each on a Flink",
        "MiniCluster of its own) and, with --cluster or whenever the local cluster of `wattward cluster up` is up,",
        "the jobs named `wattward <job>` on the Flink cluster, with their state, Flink job id, uptime and last",
        "completed checkpoint (from the REST API). Jobs that ended are listed while the cluster remembers them."})
final class JobsCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Option(names = "--cluster", paramLabel = "URL", arity = "0..1", fallbackValue = "",
      description = "Also list a Flink cluster's jobs: this JobManager REST URL, or without a value the local cluster "
          + "of `wattward cluster up`.")
  String cluster;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Instant now = Instant.now();
    TextTable table = new TextTable("job", "database", "where", "state", "Flink job id", "up for", "last checkpoint");
    int rows = 0;
    for (RunLock.RunInfo run : RunLock.all(cli.local.local("run"))) {
      ClusterJobs mini = new ClusterJobs(run.restUrl());
      Optional<ClusterJobs.Job> job = mini.list().stream().filter(j -> j.flinkJobId().equals(run.jobId())).findFirst();
      Optional<ClusterJobs.Checkpoints> checkpoints = mini.checkpoints(run.jobId());
      table.row(run.job(), run.database(), "this machine, pid " + run.pid(), job.map(ClusterJobs.Job::state)
              .orElse("?"), run.jobId(), job.map(j -> j.uptime(now)).orElse("?"),
          checkpoints.map(c -> c.lastCompleted(now)).orElse("?"));
      rows++;
    }
    Optional<String> rest = cluster == null || cluster.isEmpty() ? cli.local.clusterRestUrl() : Optional.of(cluster);
    String problem = null;
    if (cluster != null && rest.isEmpty()) {
      problem = "no local Flink cluster is up: start one with `wattward cluster up`, or name one with --cluster URL";
    } else if (rest.isPresent()) {
      ClusterJobs onCluster = new ClusterJobs(rest.get());
      if (!onCluster.reachable()) {
        problem = "the Flink cluster at " + rest.get() + " does not answer: start it with `wattward cluster up`, or "
            + "check the URL";
      } else {
        for (ClusterJobs.Job job : onCluster.list()) {
          Optional<ClusterJobs.Checkpoints> checkpoints = onCluster.checkpoints(job.flinkJobId());
          table.row(job.job(), checkpoints.flatMap(c -> c.database(job.job())).orElse("-"), rest.get(), job.state(),
              job.flinkJobId(), job.uptime(now), checkpoints.map(c -> c.lastCompleted(now)).orElse("?"));
          rows++;
        }
      }
    }
    out.println(summary(rows, problem == null ? rest.orElse(null) : null));
    if (rows > 0) {
      table.print(out);
    }
    if (problem != null) {
      System.err.println("wattward: " + problem);
      return cluster != null ? 1 : 0;
    }
    return 0;
  }

  /** The line above the table: how many jobs, and where it looked ({@code cluster} null if at no cluster). */
  static String summary(int jobs, String cluster) {
    String where = cluster == null ? "on this machine" : "on this machine and on " + cluster;
    return jobs == 0 ? "no WattWard job " + (cluster == null ? "runs on this machine" : "on this machine or on " + cluster)
        : jobs + " WattWard job" + (jobs == 1 ? "" : "s") + " " + where + ":";
  }
}
