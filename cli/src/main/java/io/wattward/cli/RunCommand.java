package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.jobs.rollup.RollupJob;
import io.wattward.schema.MeterRegistration;
import java.util.List;
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
        "rollup: meter-readings and the topology -> ClickHouse meter_minute, node_energy_1m/15m/1h/1d",
        "and meter_events; bad records to the dead-letter topic, too-late readings to the late-readings topic."})
final class RunCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "Job to run: rollup.")
  String job;

  @Option(names = "--bounded", description = "Stop at the end of what is in the topic now (replays) instead of running on.")
  boolean bounded;


  @Override
  public Integer call() throws Exception {
    if (!RollupJob.NAME.equals(job)) {
      throw new IllegalArgumentException("unknown job '" + job + "'; jobs: " + RollupJob.NAME);
    }
    WattwardConfig config = cli.config();
    JobExecutionResult result = runRollup(config, RollupJob.initialTopology(config, cli.local.home()),
        RollupJob.initialSensors(config, cli.local.home()), bounded);
    printDeadLetterCounts(result);
    return 0;
  }

  static JobExecutionResult runRollup(WattwardConfig config, List<MeterRegistration> topology,
      List<io.wattward.topology.SensorInfo> sensors, boolean bounded) throws Exception {
    System.out.printf("running %s on a local Flink MiniCluster (parallelism %d, %s), %,d meter registrations, "
        + "%,d environment sensor sets%n", RollupJob.NAME, config.pipeline().parallelism(),
        bounded ? "bounded" : "unbounded", topology.size(), sensors.size());
    return RollupJob.fromConfig(config, topology, sensors, bounded).run(StreamExecutionEnvironment.getExecutionEnvironment());
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
