package io.wattward.cli;

import io.wattward.bench.FlinkSqlRollup;
import io.wattward.cli.lifecycle.RestorePoints;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.hierarchy.MeterTopology;
import io.wattward.jobs.rollup.RollupJob;
import io.wattward.schema.MeterRegistration;
import io.wattward.simulator.ReferenceHospital;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Measure the rollup job through the real path (Kafka, Flink MiniCluster, ClickHouse) and print a table.",
        "For each hospital size: replay simulated readings to a fresh topic and time the bounded job (readings/s,",
        "peak memory, checkpointed state per meter); then run the job live against the simulator in real time and",
        "measure how long after a minute ends its roll-up row is in ClickHouse (p50/p99). Everything is dropped afterwards."})
final class BenchCommand implements Callable<Integer> {

  @ParentCommand WattwardCli cli;

  @Parameters(paramLabel = "JOB", description = "Job to measure: rollup.")
  String job;

  @Option(names = "--meters", split = ",", defaultValue = "1000,10000,100000",
      description = "Hospital sizes in meters, rounded to whole campuses of 366 meters (default: ${DEFAULT-VALUE}).")
  List<Integer> meters;

  @Option(names = "--replay-readings", defaultValue = "1000000",
      description = "About how many readings each replay sends (default: ${DEFAULT-VALUE}).")
  long replayReadings;

  @Option(names = "--live-minutes", defaultValue = "3",
      description = "Minutes of the real-time run for the delay (0 to skip; default: ${DEFAULT-VALUE}).")
  int liveMinutes;

  @Option(names = "--parallelism", description = "Flink parallelism (default: pipeline.parallelism).")
  Integer parallelism;

  @Option(names = "--sql-peer", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = {"Also run the plain Flink SQL roll-up (FlinkSqlRollup) over the replayed topic, in this JVM after the",
          "job, and print the job's speed against it (default: on; not with --cluster)."})
  boolean sqlPeer;

  @Option(names = "--cluster", description = {"Replay on a local Flink cluster of the benchmark's own instead (RocksDB,",
      "under .local/bench-cluster), once per --taskmanagers count, submitted as `wattward submit` does; no live run."})
  boolean onCluster;

  @Option(names = "--taskmanagers", split = ",", defaultValue = "1,2", paramLabel = "N",
      description = "With --cluster: TaskManager counts to measure, the job's subtasks spread evenly over them "
          + "(default: ${DEFAULT-VALUE}).")
  List<Integer> taskManagers;

  @Override
  public Integer call() throws Exception {
    if (!RollupJob.NAME.equals(job)) {
      throw new IllegalArgumentException("unknown job '" + job + "'; benchmarks: " + RollupJob.NAME);
    }
    // the benchmark runs through the real Kafka and ClickHouse, started here as the demo starts them
    if (cli.local.infra("up") != 0) {
      throw new IllegalStateException("local Kafka and ClickHouse did not start (see above; scripts/infra.sh up)");
    }
    if (onCluster) {
      return onCluster();
    }
    TextTable table = new TextTable("meters", "replayed readings", "job wall s", "readings/s", "job CPU s",
        "of it JIT s", "floor readings/s", "job % of floor", "SQL peer readings/s", "SQL peer CPU s", "job / SQL peer",
        "delay p50 s", "delay p99 s", "peak RSS MiB", "checkpoint MiB", "state KiB/meter");
    for (int target : meters) {
      int campuses = Math.max(1, Math.round(target / 366f));
      ReferenceHospital hospital = new ReferenceHospital(42, campuses);
      int n = hospital.meters().size();
      System.out.printf("%n== %,d meters (%d campuses)%n", n, campuses);

      Run replay = new Run(n);
      long minutes = Math.max(10, Math.min(2880, (replayReadings + n - 1) / n));
      Instant from = Instant.parse("2026-01-05T16:00:00Z");
      SimulateCommand.Result sim = SimulateCommand.simulate(replay.config, campuses, 42, ZoneId.of("Asia/Shanghai"), from,
          from.plusSeconds(60 * minutes), 0, false, replay.topologyCsv, false, System.out::println);
      AtomicLong checkpointBytes = new AtomicLong();
      Thread watcher = watchCheckpoints(replay.checkpoints, checkpointBytes);
      long t0 = System.nanoTime();
      long cpu0 = processCpuNanos();
      CompilerThreadsCpu jit = CompilerThreadsCpu.start();
      replayBounded(replay.config, hospital);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      double jitSeconds = jit.seconds();
      jit.close();
      watcher.interrupt();
      long rows = replay.count("SELECT count() FROM meter_minute FINAL");
      System.out.printf("replay: %,d readings in %.1f s, %,d meter-minutes in ClickHouse%n", sim.meterReadings(), seconds, rows);
      ConsumeAndDecodeFloor.Result floor = floor(replay);
      double[] peer = sqlPeer ? sqlPeer(replay, hospital, sim.meterReadings()) : new double[] {Double.NaN, Double.NaN};
      replay.drop();

      double[] delay = {Double.NaN, Double.NaN};
      if (liveMinutes > 0) {
        Run live = new Run(n);
        delay = live.delays(hospital, campuses, liveMinutes);
        live.drop();
      }
      table.row(n, sim.meterReadings(), String.format("%.1f", seconds), Math.round(sim.meterReadings() / seconds),
          String.format("%.1f", cpuSeconds), String.format("%.1f", jitSeconds), Math.round(floor.perSecond()),
          String.format("%.1f", 100 * sim.meterReadings() / seconds / floor.perSecond()),
          Double.isNaN(peer[0]) ? "-" : Math.round(sim.meterReadings() / peer[0]),
          Double.isNaN(peer[0]) ? "-" : String.format("%.1f", peer[1]),
          Double.isNaN(peer[0]) ? "-" : String.format("%.2f", peer[0] / seconds),
          String.format("%.1f", delay[0]), String.format("%.1f", delay[1]), peakRssMiB(),
          String.format("%.1f", checkpointBytes.get() / 1048576.0), String.format("%.2f", checkpointBytes.get() / 1024.0 / n));
    }
    System.out.println();
    table.print(System.out);
    System.out.println("job wall s: submitting the bounded job to its end (MiniCluster start, Kafka, normalising, roll-ups,"
        + " ClickHouse writes). job CPU s: the CPU time this JVM (MiniCluster and job; the simulator is done by then)"
        + " used meanwhile, which other work on the machine does not inflate as it does the wall time; of it JIT s:"
        + " the CPU time of the JVM's just-in-time compiler threads meanwhile (Linux's thread counters, sampled every"
        + " " + CompilerThreadsCpu.EVERY_MS + " ms), a cost a job running for days pays once. " + FLOOR_NOTE
        + " SQL peer: a plain Flink SQL roll-up of the same topic (delta per meter with LAG, the meters' ancestors"
        + " from a table function, tumbling windows of 1 min, 15 min, 1 h and 1 day, blackhole sinks; no validation,"
        + " late data, corrections, cost or writes) on a MiniCluster in this JVM after the floor, same parallelism and"
        + " checkpoint interval; its wall time from submission to end and the CPU this JVM used meanwhile; job / SQL"
        + " peer: the job's speed over the peer's."
        + " delay: ClickHouse written_at minus the end of the minute, first writing of each"
        + " node_energy_1m row of the live run. checkpoint: largest completed checkpoint of the replay. peak RSS: this JVM"
        + " so far (simulator, MiniCluster and job). " + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + System.getProperty("java.version") + ", heap " + Runtime.getRuntime().maxMemory() / 1048576 + " MiB.");
    return 0;
  }

  /**
   * The replay on a local standalone cluster: a JobManager and N TaskManagers as their own JVMs with the
   * cluster's settings (RocksDB, incremental checkpoints), the job submitted through the REST API with the job
   * jar, timed from the submission until the meter-minutes of all but the last few minutes are in ClickHouse
   * (an unbounded job leaves the newest minutes open until later readings come).
   */
  private int onCluster() throws Exception {
    Path jobJar = cli.local.home().resolve("jobs/target/wattward-jobs-cluster.jar");
    if (!Files.isRegularFile(jobJar)) {
      System.err.println("wattward: no job jar " + jobJar + ": build it with `mvn -pl jobs -am package -DskipTests`");
      return 2;
    }
    Path local = cli.local.local("bench-cluster");
    TextTable table = new TextTable("meters", "TaskManagers x slots", "replayed readings", "job wall s",
        "readings/s", "floor readings/s", "job % of floor", "state MiB", "state KiB/meter", "TaskManagers' CPU s", "TM CPU µs/reading", "TaskManagers' peak RSS MiB",
        "ClickHouse rows/sim. min");
    for (int target : meters) {
      int campuses = Math.max(1, Math.round(target / 366f));
      ReferenceHospital hospital = new ReferenceHospital(42, campuses);
      int n = hospital.meters().size();
      for (int tms : taskManagers) {
        Run replay = new Run(n);
        int p = replay.config.pipeline().parallelism();
        int slots = (p + tms - 1) / tms;
        System.out.printf("%n== %,d meters (%d campuses), %d TaskManager(s) x %d slot(s), parallelism %d%n", n, campuses,
            tms, slots, p);
        cli.local.cluster(local, "down");
        try {
          // the TaskManagers' heap holds the timers and the Kafka producers' buffers: 256 MiB ran out of heap at
          // 100,000 meters, 1,268 MiB did not; 13 KiB per meter, at least 256 MiB (a rule, not a measured need)
          String taskHeap = Math.max(256, n * 13L / 1024) + "m";
          if (cli.local.cluster(local, "up", "--taskmanagers", String.valueOf(tms), "--slots", String.valueOf(slots),
              "--task-heap", taskHeap) != 0) {
            System.err.println("wattward: the bench cluster did not start (logs in " + local.resolve("cluster/log") + ")");
            return 1;
          }
          String rest = LocalEnvironment.readInfraEnv(local.resolve("cluster/cluster.env")).get("WATTWARD_FLINK_REST");
          long minutes = Math.max(10, Math.min(2880, (replayReadings + n - 1) / n));
          Instant from = Instant.parse("2026-01-05T16:00:00Z");
          SimulateCommand.Result sim = SimulateCommand.simulate(replay.config, campuses, 42, ZoneId.of("Asia/Shanghai"),
              from, from.plusSeconds(60 * minutes), 0, false, replay.topologyCsv, false, System.out::println);
          ClusterReplay run = new ClusterReplay(rest, local.resolve("cluster/pids"));
          run.startCpu();
          long t0 = System.nanoTime();
          var submitted = new io.wattward.cli.lifecycle.ClusterSubmission(
              RunCommand.rollup(replay.config, hospital.registrations(), hospital.sensorRegistry()), System.out)
              .submit(rest, jobJar, io.wattward.cli.lifecycle.JobSupervisor.Start.FRESH);
          if (submitted.exitCode() != 0) {
            return submitted.exitCode();
          }
          long enough = sim.meterReadings() - 3L * n;
          run.awaitRows(submitted.jobId(), () -> replay.count("SELECT count() FROM meter_minute"), enough);
          double seconds = (System.nanoTime() - t0) / 1e9;
          long rows = replay.count("SELECT count() FROM meter_minute FINAL");
          System.out.printf("replay on the cluster: %,d readings in %.1f s, %,d meter-minutes in ClickHouse%n",
              sim.meterReadings(), seconds, rows);
          run.cancel(submitted.jobId());
          ConsumeAndDecodeFloor.Result floor = floor(replay);
          long written = 0;
          for (String t : List.of("meter_minute", "meter_events", "node_energy_1m", "node_energy_15m", "node_energy_1h",
              "node_energy_1d")) {
            written += replay.count("SELECT count() FROM " + t + " FINAL");
          }
          table.row(n, tms + " x " + slots + ", task heap " + taskHeap, sim.meterReadings(), String.format("%.1f", seconds),
              Math.round(sim.meterReadings() / seconds), Math.round(floor.perSecond()),
              String.format("%.1f", 100 * sim.meterReadings() / seconds / floor.perSecond()),
              String.format("%.1f", run.largestStateBytes() / 1048576.0),
              String.format("%.2f", run.largestStateBytes() / 1024.0 / n), String.format("%.1f", run.cpuSeconds()),
              Math.round(run.cpuSeconds() * 1e6 / sim.meterReadings()), run.peakRssMiB(), written / minutes);
        } finally {
          cli.local.cluster(local, "down");
          replay.drop();
        }
      }
    }
    System.out.println();
    table.print(System.out);
    System.out.println("job wall s: from the submission (REST API, job jar) to the meter-minutes of all but the last"
        + " three minutes in ClickHouse. " + FLOOR_NOTE + " state: full size of the largest completed checkpoint (RocksDB, incremental"
        + " on disk). TaskManagers' CPU: user and system time of their JVMs from the submission to the end of the"
        + " replay (job wall), all threads; per reading, that over the replayed readings. TaskManagers' peak RSS: the sum of their JVMs' high-water marks. ClickHouse rows: meter_minute,"
        + " meter_events and node_energy_* rows (final versions) per simulated minute. The JobManager, the"
        + " TaskManagers, Kafka, ClickHouse and the simulator share " + Runtime.getRuntime().availableProcessors()
        + " cores.");
    return 0;
  }

  private static final String FLOOR_NOTE = "floor: one thread of this JVM with a plain Kafka consumer reading the"
      + " replayed topic whole and decoding every record (the project's Avro classes), after the job, in the same"
      + " run, the faster of two passes; job % of floor: the job's readings/s as a share of it.";

  /**
   * The plain Flink SQL roll-up of the replayed topic ({@link FlinkSqlRollup}), on the job's parallelism and
   * checkpoint interval; returns its wall seconds and the CPU seconds this JVM used meanwhile.
   */
  private static double[] sqlPeer(Run replay, ReferenceHospital hospital, long readings) throws Exception {
    MeterTopology topology = MeterTopology.of(hospital.registrations());
    Map<String, List<String>> ancestors = new HashMap<>();
    for (MeterRegistration r : topology.allRegistrations()) {
      ancestors.put(r.getMeterId(), topology.targets(r).stream().map(MeterTopology.Target::key).toList());
    }
    WattwardConfig.Pipeline p = replay.config.pipeline();
    WattwardConfig.Pipeline peer = new WattwardConfig.Pipeline(p.topologyCsv(), p.parallelism(), p.maxOutOfOrdernessMs(),
        p.idleSourceMs(), p.maxFutureSkewMs(), p.checkpointIntervalMs(), replay.checkpoints.resolve("sql-peer").toString(),
        p.sinkBatchSize(), p.sinkFlushIntervalMs(), p.sinkMaxBackoffMs());
    long cpu0 = processCpuNanos();
    double seconds = FlinkSqlRollup.run(replay.config.kafka().bootstrap(), replay.config.kafka().topics().meterReadings(),
        ancestors, peer, ZoneId.of(replay.config.rollup().zone()));
    double cpu = (processCpuNanos() - cpu0) / 1e9;
    System.out.printf("SQL peer: %,d readings in %.1f s (%,d readings/s), %.1f s of CPU%n", readings, seconds,
        Math.round(readings / seconds), cpu);
    return new double[] {seconds, cpu};
  }

  /**
   * The consume-and-decode floor over the replayed readings: two passes, the faster counts (the first also warms
   * up the JIT, which in the cluster mode has not decoded a reading in this JVM yet); printed as measured.
   */
  private static ConsumeAndDecodeFloor.Result floor(Run replay) {
    ConsumeAndDecodeFloor.Result best = null;
    for (int pass = 1; pass <= 2; pass++) {
      ConsumeAndDecodeFloor.Result floor = ConsumeAndDecodeFloor.measure(replay.config.kafka().bootstrap(),
          replay.config.kafka().topics().meterReadings());
      System.out.printf("floor, pass %d: %,d records read and decoded in %.2f s (%,d readings/s) on one thread%n",
          pass, floor.records(), floor.seconds(), Math.round(floor.perSecond()));
      best = best == null || floor.perSecond() > best.perSecond() ? floor : best;
    }
    return best;
  }

  /** A fresh database, topics and checkpoint folder for one measurement. */
  private final class Run {
    final WattwardConfig config;
    final Path checkpoints;
    final Path topologyCsv;
    final ClickHouseEndpoint clickhouse;

    Run(int meters) throws Exception {
      String name = "bench_" + Long.toString(System.currentTimeMillis(), 36);
      WattwardConfig base = cli.config().withDatabase(name);
      WattwardConfig.Pipeline p = base.pipeline();
      checkpoints = cli.local.local("checkpoints/" + name);
      config = base.withTopics(base.kafka().topics().prefixed(name + "-"))
          .withPipeline(new WattwardConfig.Pipeline(p.topologyCsv(), parallelism != null ? parallelism : p.parallelism(),
              p.maxOutOfOrdernessMs(), p.idleSourceMs(), p.maxFutureSkewMs(), p.checkpointIntervalMs(),
              checkpoints.toString(), p.sinkBatchSize(), p.sinkFlushIntervalMs(), p.sinkMaxBackoffMs()));
      clickhouse = config.clickhouse().endpoint();
      ClickHouseMigrator.fromClasspath(clickhouse).migrate(s -> {});
      topologyCsv = Files.createTempDirectory("wattward-bench").resolve("topology.csv");
    }

    long count(String sql) throws Exception {
      try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }

    /** Runs the job live while the simulator publishes in real time; returns the p50 and p99 delay in seconds. */
    double[] delays(ReferenceHospital hospital, int campuses, int minutes) throws Exception {
      RollupJob rollup = RollupJob.fromConfig(config, hospital.registrations(), hospital.sensorRegistry(), false);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      rollup.configure(env);
      rollup.build(env);
      JobClient client = env.executeAsync("wattward rollup live bench");
      Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
      System.out.printf("live: the job runs; the simulator publishes %d minutes in real time from %s%n", minutes, start);
      SimulateCommand.simulate(config, campuses, 42, ZoneId.of("Asia/Shanghai"), start,
          start.plusSeconds(60L * minutes), 1, false, topologyCsv, false, s -> {});
      Thread.sleep(20_000); // the last minute's rows: watermark delay, sink flush
      client.cancel().get();
      try (Connection c = clickhouse.open(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT quantileExact(0.5)(d), quantileExact(0.99)(d), count() FROM (SELECT "
              + "toInt64(written_at) - (toInt64(window_start) + 60) AS d FROM node_energy_1m "
              // the first writing: revision 1 (the version ranks coverage first, see RowVersion)
              + "WHERE bitAnd(version, 1048575) = 1)")) {
        rs.next();
        System.out.printf("live: %,d node-minute rows, delay p50 %d s, p99 %d s%n", rs.getLong(3), rs.getLong(1), rs.getLong(2));
        return new double[] {rs.getLong(1), rs.getLong(2)};
      }
    }

    void drop() throws Exception {
      try (Connection c = clickhouse.openServer(); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + clickhouse.database());
      }
      KafkaTopics.deleteWithPrefix(config.kafka().bootstrap(), clickhouse.database() + "-");
      RestorePoints.deleteTree(topologyCsv.getParent());
      RestorePoints.deleteTree(checkpoints);
    }
  }

  /** Polls the checkpoint folder and keeps the size of the largest completed checkpoint seen. */
  private static Thread watchCheckpoints(Path root, AtomicLong largest) {
    Thread t = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try (Stream<Path> chk = Files.isDirectory(root) ? Files.find(root, 2,
            (p, a) -> a.isDirectory() && p.getFileName().toString().startsWith("chk-")) : Stream.empty()) {
          for (Path p : chk.toList()) {
            if (Files.exists(p.resolve("_metadata"))) {
              largest.accumulateAndGet(size(p), Math::max);
            }
          }
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        } catch (IOException | RuntimeException e) {
          // a checkpoint folder vanished while we looked: Flink keeps only the latest
        }
      }
    }, "checkpoint-watcher");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static long size(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** CPU time of this JVM so far, all threads. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Peak resident memory of this JVM (VmHWM). */
  private static long peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException e) {
      // not Linux: unknown
    }
    return -1;
  }

  /**
   * The rollup job over what is in the topics, with bounded sources, submitted to its end: what the
   * benchmark times (not the supervisor's catch-up, savepoint and drain around a bounded run).
   */
  private static void replayBounded(WattwardConfig config, ReferenceHospital hospital) throws Exception {
    RollupJob.fromConfig(config, hospital.registrations(), hospital.sensorRegistry(), true)
        .run(StreamExecutionEnvironment.getExecutionEnvironment());
  }
}
