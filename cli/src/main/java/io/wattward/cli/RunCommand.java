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
        "rollup: meter-readings, env-readings and the topology -> ClickHouse meter_minute, node_energy_*, env_*",
        "and meter_events, and the meter-minutes, node-windows and env-minutes topics; bad records to the",
        "dead-letter topic, too-late readings to the late-readings topic.",
        "anomaly: node-windows, meter-minutes, env-minutes and the rules (anomalies.rules.file, anomaly-rules",
        "topic) -> the anomalies topic and ClickHouse anomalies.",
        "forecast: node-windows, the outdoor temperature, business-volume and quotas -> ClickHouse forecasts",
        "(next 24 h, every hour), forecasts_daily, forecast_accuracy, business_volume, kpi_status, and",
        "FORECAST_RESIDUAL and QUOTA anomalies."})
final class RunCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "Job to run: rollup, anomaly or forecast.")
  String job;

  @Option(names = "--bounded", description = "Stop at the end of what is in the topic now (replays) instead of running on.")
  boolean bounded;


  @Override
  public Integer call() throws Exception {
    WattwardConfig config = cli.config();
    if (io.wattward.jobs.forecast.ForecastJob.NAME.equals(job)) {
      System.out.printf("running %s on a local Flink MiniCluster (parallelism %d, %s)%n", job,
          config.pipeline().parallelism(), bounded ? "bounded" : "unbounded");
      printDeadLetterCounts(io.wattward.jobs.forecast.ForecastJob.fromConfig(config, cli.local.home(), bounded)
          .run(StreamExecutionEnvironment.getExecutionEnvironment()));
      return 0;
    }
    if (io.wattward.jobs.anomaly.AnomalyJob.NAME.equals(job)) {
      System.out.printf("running %s on a local Flink MiniCluster (parallelism %d, %s)%n", job,
          config.pipeline().parallelism(), bounded ? "bounded" : "unbounded");
      printDeadLetterCounts(io.wattward.jobs.anomaly.AnomalyJob.fromConfig(config,
          RollupJob.initialTopology(config, cli.local.home()), bounded)
          .run(StreamExecutionEnvironment.getExecutionEnvironment()));
      return 0;
    }
    if (!RollupJob.NAME.equals(job)) {
      throw new IllegalArgumentException("unknown job '" + job + "'; jobs: " + RollupJob.NAME + ", "
          + io.wattward.jobs.anomaly.AnomalyJob.NAME + ", " + io.wattward.jobs.forecast.ForecastJob.NAME);
    }
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
