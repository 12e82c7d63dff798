package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.jobs.meterminute.MeterMinuteJob;
import io.wattward.topology.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a job on an embedded Flink MiniCluster.",
        "meter-minute: meter-readings -> consumption per meter and minute in ClickHouse meter_minute."})
final class RunCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "Job to run: meter-minute.")
  String job;

  @Option(names = "--bounded", description = "Stop at the end of what is in the topic now (replays) instead of running on.")
  boolean bounded;

  @Option(names = "--topology", description = "Topology CSV of the meters (default: pipeline.topologyCsv).")
  Path topology;

  @Override
  public Integer call() throws Exception {
    if (!MeterMinuteJob.NAME.equals(job)) {
      throw new IllegalArgumentException("unknown job '" + job + "'; jobs: " + MeterMinuteJob.NAME);
    }
    WattwardConfig config = cli.config();
    Path csv = topology != null ? topology : cli.local.home().resolve(config.pipeline().topologyCsv());
    JobExecutionResult result = runMeterMinute(config, MeterRegistry.fromCsv(csv), bounded);
    printDeadLetterCounts(result);
    return 0;
  }

  static JobExecutionResult runMeterMinute(WattwardConfig config, MeterRegistry registry, boolean bounded)
      throws Exception {
    System.out.printf("running %s on a local Flink MiniCluster (parallelism %d, %s), %,d registered meters%n",
        MeterMinuteJob.NAME, config.pipeline().parallelism(), bounded ? "bounded" : "unbounded", registry.size());
    return MeterMinuteJob.fromConfig(config, registry, bounded)
        .run(StreamExecutionEnvironment.getExecutionEnvironment());
  }

  static void printDeadLetterCounts(JobExecutionResult result) {
    Map<String, Object> dead = new TreeMap<>();
    result.getAllAccumulatorResults().forEach((k, v) -> {
      if (k.startsWith("deadLetters.") && v instanceof Long n && n > 0) {
        dead.put(k.substring("deadLetters.".length()), n);
      }
    });
    System.out.println(dead.isEmpty() ? "dead letters: none" : "dead letters: " + dead);
  }
}
