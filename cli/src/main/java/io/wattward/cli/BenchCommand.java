package io.wattward.cli;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure a job through the real path and print a table.",
        "rollup: publish N simulated hours of the reference hospital to a fresh topic, then time the",
        "bounded job from submission to its last row in a fresh ClickHouse database (both dropped afterwards)."})
final class BenchCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "Job to measure: rollup.")
  String job;

  @Option(names = "--hours", defaultValue = "48", description = "Simulated hours (default: ${DEFAULT-VALUE}).")
  int hours;

  @Option(names = "--parallelism", description = "Flink parallelism (default: pipeline.parallelism).")
  Integer parallelism;

  @Override
  public Integer call() throws Exception {
    if (!"rollup".equals(job)) {
      throw new IllegalArgumentException("unknown job '" + job + "'; benchmarks: rollup");
    }
    String run = "bench_" + Long.toString(System.currentTimeMillis(), 36);
    WattwardConfig base = cli.config().withDatabase(run);
    WattwardConfig.Pipeline m = base.pipeline();
    WattwardConfig config = base
        .withTopics(base.kafka().topics().prefixed(run + "-"))
        .withPipeline(new WattwardConfig.Pipeline(m.topologyCsv(), parallelism != null ? parallelism : m.parallelism(),
            m.maxOutOfOrdernessMs(), m.idleSourceMs(), m.maxFutureSkewMs(), m.checkpointIntervalMs(),
            cli.local.home().resolve(m.checkpointDir()).toString(), m.sinkBatchSize(),
            m.sinkFlushIntervalMs(), m.sinkMaxRetries()));
    ClickHouseEndpoint clickhouse = config.clickhouse().endpoint();
    ClickHouseMigrator.fromClasspath(clickhouse).migrate(s -> {});
    Instant from = Instant.parse("2026-01-05T16:00:00Z");
    Path topology = Files.createTempFile("wattward-bench", ".csv");
    SimulateCommand.Result sim = SimulateCommand.simulate(config, 42, ZoneId.of("Asia/Shanghai"), from,
        from.plusSeconds(3600L * hours), 0, false, topology, false, System.out::println);

    long t0 = System.nanoTime();
    RunCommand.runRollup(config, sim.hospital().registrations(), true);
    double jobSeconds = (System.nanoTime() - t0) / 1e9;
    long rows;
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count() FROM meter_minute FINAL")) {
      rs.next();
      rows = rs.getLong(1);
      st.execute("DROP DATABASE " + clickhouse.database());
    }
    Files.deleteIfExists(topology);
    io.wattward.connectors.kafka.KafkaTopics.delete(config.kafka().bootstrap(),
        List.of(config.kafka().topics().meterReadings(), config.kafka().topics().deadLetters()));

    System.out.println();
    TextTable table = new TextTable("job", "meters", "simulated h", "readings", "parallelism", "job wall s",
        "readings/s", "rows in ClickHouse", "publish readings/s", "peak RSS MiB");
    table.row("rollup", sim.hospital().meters().size(), hours, sim.meterReadings(), config.pipeline().parallelism(),
        String.format("%.1f", jobSeconds), Math.round(sim.meterReadings() / jobSeconds), rows,
        Math.round(sim.meterReadings() / (sim.wallTime().toMillis() / 1000.0)), peakRssMiB());
    table.print(System.out);
    System.out.println("job wall s: from submitting the bounded job to its end (MiniCluster start, Kafka read, "
        + "ClickHouse writes); " + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + System.getProperty("java.version"));
    return 0;
  }

  /** Peak resident memory of this JVM (VmHWM), which ran the simulator, the MiniCluster and the job. */
  private static long peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: unknown
    }
    return -1;
  }
}
