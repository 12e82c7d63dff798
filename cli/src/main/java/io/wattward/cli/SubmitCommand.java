package io.wattward.cli;

import io.wattward.cli.lifecycle.ClusterSubmission;
import io.wattward.cli.lifecycle.JobDefinition;
import io.wattward.cli.lifecycle.JobSupervisor;
import io.wattward.config.WattwardConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "submit", mixinStandardHelpOptions = true,
    description = {"Submit a job to a Flink cluster through its REST API and leave it running there.",
        "The job graph is built here with the job's settings and registries in it; the job jar (the jobs with",
        "their connectors and schemas, without the command line's reports, notifier and evaluation) goes up",
        "with it. Like `wattward run`, it resumes from the job's newest retained checkpoint or savepoint",
        "(pipeline.checkpointDir/<job>-<database>), or starts with empty state from the earliest offsets."})
final class SubmitCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "rollup, anomaly or forecast.")
  String job;

  @Option(names = "--cluster", paramLabel = "URL",
      description = "The JobManager's REST URL; default: the cluster `wattward cluster up` started.")
  String cluster;

  @Option(names = "--parallelism", paramLabel = "N", description = "Default: pipeline.parallelism.")
  Integer parallelism;

  @Option(names = "--jar", paramLabel = "FILE",
      description = "The job jar; default: jobs/target/wattward-jobs-cluster.jar (built by mvn package).")
  Path jar;

  @ArgGroup(exclusive = true)
  StartOption start;

  static final class StartOption {
    @Option(names = "--fresh", description = "Discard the job's checkpoints and savepoints and start over.")
    boolean fresh;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
        description = "Start from this savepoint (or retained checkpoint) folder instead of the newest one.")
    Path savepoint;
  }

  @Override
  public Integer call() throws Exception {
    WattwardConfig config = cli.config();
    if (parallelism != null) {
      if (parallelism < 1) {
        System.err.println("wattward: --parallelism must be at least 1");
        return 2;
      }
      config = config.withPipeline(config.pipeline().withParallelism(parallelism));
    }
    String rest = cluster != null ? cluster : cli.local.clusterRestUrl().orElse(null);
    if (rest == null) {
      System.err.println("wattward: no local Flink cluster is up: start one with `wattward cluster up`, or name "
          + "one with --cluster URL");
      return 2;
    }
    JobDefinition definition = RunCommand.definition(job, config, cli.local.home());
    JobSupervisor.Start from = start == null ? JobSupervisor.Start.RESUME
        : start.fresh ? JobSupervisor.Start.FRESH : JobSupervisor.Start.from(start.savepoint);
    Path jobJar = jar != null ? jar : cli.local.home().resolve("jobs/target/wattward-jobs-cluster.jar");
    return new ClusterSubmission(definition, System.out).submit(rest, jobJar, from).exitCode();
  }
}
