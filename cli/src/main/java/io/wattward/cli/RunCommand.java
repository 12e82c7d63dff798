package io.wattward.cli;

import io.wattward.cli.lifecycle.JobDefinition;
import io.wattward.cli.lifecycle.JobSupervisor;
import io.wattward.config.WattwardConfig;
import io.wattward.jobs.anomaly.AnomalyJob;
import io.wattward.jobs.common.Registries;
import io.wattward.jobs.forecast.ForecastJob;
import io.wattward.jobs.rollup.RollupJob;
import io.wattward.schema.MeterRegistration;
import io.wattward.topology.SensorInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a job on an embedded Flink MiniCluster.",
        "rollup: meter-readings, env-readings and the topology -> ClickHouse meter_minute, node_energy_*, env_*",
        "and meter_events, and the meter-minutes, node-windows and env-minutes topics; bad records to the",
        "dead-letter topic, too-late readings to the late-readings topic.",
        "anomaly: meter-minutes, env-minutes, node-windows and the rules (anomalies.rules.file, anomaly-rules",
        "topic) -> FLATLINE, OFFLINE, ENV_OUT_OF_RANGE and RULE anomalies on the anomalies topic and in ClickHouse.",
        "forecast: node-windows, the outdoor temperature, business-volume and quotas -> ClickHouse forecasts",
        "(next 24 h, every hour), forecasts_daily, forecast_accuracy, business_volume, kpi_status, and",
        "JUMP, NIGHT_BASE_LOAD and QUOTA anomalies (each node's hours against its load forecaster).",
        "",
        "A run resumes from the newest checkpoint or savepoint of the job and database (kept under",
        "pipeline.checkpointDir/<job>-<database>), or starts with empty state and reads its topics from the",
        "beginning if there is none. Ctrl-C stops the job with a savepoint."})
final class RunCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "Job to run: rollup, anomaly or forecast.")
  String job;

  @Option(names = "--bounded", description = "Read what is in the input topics now, then stop (replays). The state "
      + "is kept for the next run; windows still open are written as they stand.")
  boolean bounded;

  @ArgGroup(exclusive = true)
  StartOption start;

  static final class StartOption {
    @Option(names = "--fresh", description = "Discard the job's checkpoints and savepoints and start over: empty "
        + "state, every input topic read again from its earliest offset.")
    boolean fresh;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Start from this savepoint (or retained "
        + "checkpoint) folder instead of the newest one.")
    Path savepoint;
  }

  @Override
  public Integer call() throws Exception {
    WattwardConfig config = cli.config();
    JobDefinition definition = definition(job, config, cli.local.home());
    JobSupervisor.Start from = start == null ? JobSupervisor.Start.RESUME
        : start.fresh ? JobSupervisor.Start.FRESH : JobSupervisor.Start.from(start.savepoint);
    JobSupervisor.Outcome outcome = supervise(cli.local, definition, from, bounded);
    printDeadLetterCounts(outcome.deadLetters());
    return outcome.exitCode();
  }

  /** A job by name, wired to Kafka and ClickHouse as the configuration says. */
  static JobDefinition definition(String job, WattwardConfig config, Path home) throws Exception {
    switch (job) {
      case RollupJob.NAME -> {
        return rollup(config, Registries.meters(config, home), Registries.sensors(config, home));
      }
      case AnomalyJob.NAME -> {
        AnomalyJob anomaly = AnomalyJob.fromConfig(config, Registries.meters(config, home), false);
        return new JobDefinition(AnomalyJob.NAME, config, anomaly::build, null, AnomalyJob.inputs(config),
            AnomalyJob.STATE_FORMAT);
      }
      case ForecastJob.NAME -> {
        ForecastJob forecast = ForecastJob.fromConfig(config, home, false);
        return new JobDefinition(ForecastJob.NAME, config, forecast::build, null, ForecastJob.inputs(config),
            ForecastJob.STATE_FORMAT);
      }
      default -> throw new IllegalArgumentException("unknown job '" + job + "'; jobs: " + RollupJob.NAME + ", "
          + AnomalyJob.NAME + ", " + ForecastJob.NAME);
    }
  }

  static JobDefinition rollup(WattwardConfig config, List<MeterRegistration> topology, List<SensorInfo> sensors) {
    System.out.printf("%s: %,d meter registrations, %,d environment sensor sets%n", RollupJob.NAME, topology.size(),
        sensors.size());
    RollupJob rollup = RollupJob.fromConfig(config, topology, sensors, false);
    return new JobDefinition(RollupJob.NAME, config, rollup::build, rollup.withEndedSources()::build,
        RollupJob.inputs(config), RollupJob.STATE_FORMAT);
  }

  /**
   * Runs a job under the supervisor: Ctrl-C and SIGTERM stop it with a savepoint (a second Ctrl-C stops at
   * once; the next run then resumes from the last checkpoint).
   */
  static JobSupervisor.Outcome supervise(LocalEnvironment local, JobDefinition definition, JobSupervisor.Start from,
      boolean bounded) throws Exception {
    JobSupervisor supervisor = new JobSupervisor(definition, local.local("run"), System.out);
    Signals.onStop(() -> {
      System.out.println("stop requested: taking a savepoint (Ctrl-C again to stop at once)");
      supervisor.requestStop();
    });
    try {
      return supervisor.run(from, bounded);
    } finally {
      Signals.reset();
    }
  }

  static void printDeadLetterCounts(Map<String, Long> dead) {
    System.out.println(dead.isEmpty() ? "dead letters this run: none" : "dead letters this run: " + dead);
  }
}
