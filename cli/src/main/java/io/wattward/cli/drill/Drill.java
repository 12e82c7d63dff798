package io.wattward.cli.drill;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.topology.TopologyLoader;
import io.wattward.schema.MeterRegistration;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.HostileReadings;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.topology.NodeInfo;
import io.wattward.topology.SensorInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The fault drill: a simulated hospital day is published, paced over a few minutes, into servers of the
 * drill's own, with hostile records mixed in, while {@code wattward run rollup} runs in a JVM of its own.
 * On a schedule the drill kills that JVM (SIGKILL) and starts the same command again, stops ClickHouse
 * and later the Kafka broker for a while, then stops the job as an operator would (Ctrl-C), finishes with
 * a bounded run and runs it a second time. Then it compares ClickHouse with the simulator's exact truth
 * and accounts for every hostile record in the dead letters ({@link DrillReport}).
 *
 * <p>In cluster mode the job runs on a local Flink standalone cluster of the drill's own instead
 * ({@link ClusterRollup}): submitted with {@code wattward submit}, a TaskManager that runs its tasks is
 * SIGKILLed and another started in place of each kill of the job's JVM, and once the job has caught up it
 * is stopped with {@code wattward savepoint --stop --cluster}; the two bounded runs then run on this machine
 * as above, resuming from that savepoint.
 */
public final class Drill {

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final String DATABASE = "wattward_drill";

  /** What the drill does; {@code cluster}: the job runs on a local Flink cluster of the drill's own. */
  public record Settings(Instant from, Duration simulated, Duration publishOver, int kills, Duration outage,
      int hostile, long seed, Path servers, boolean keepServers, boolean cluster) {}

  /** A fault injected, and how long the job took to be back to normal after it. */
  public record Fault(String what, Instant at, Duration lasted, Double recoverySeconds, String note) {}

  private final Path home;
  private final Settings settings;
  private final PrintStream out;
  private final List<Fault> faults = new ArrayList<>();
  private final List<ChildCommand> runs = new java.util.concurrent.CopyOnWriteArrayList<>();
  private int internalRestarts;
  private ClusterRollup cluster;

  public Drill(Path home, Settings settings, PrintStream out) {
    this.home = home;
    this.settings = settings;
    this.out = out;
  }

  /** Runs the drill and returns the report (its {@link DrillReport#passed()} says whether anything was lost). */
  public DrillReport run() throws Exception {
    ServerSet servers = new ServerSet(home, settings.servers());
    say("starting the drill's own Kafka and ClickHouse in %s", servers.folder());
    servers.upFresh();
    io.wattward.cli.lifecycle.RestorePoints.deleteTree(settings.servers().resolve("logs"));
    io.wattward.cli.lifecycle.RestorePoints.deleteTree(settings.servers().resolve("checkpoints"));
    // Ctrl-C ends the drill without its finally: the servers, the cluster (own sessions) and the job JVMs would
    // outlive it
    AtomicBoolean tornDown = new AtomicBoolean();
    Thread onCtrlC = new Thread(() -> tearDown(servers, tornDown), "drill-teardown");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      return scenario(servers);
    } finally {
      tearDown(servers, tornDown);
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException e) {
        // shutting down already: the hook has run
      }
    }
  }

  private void tearDown(ServerSet servers, AtomicBoolean done) {
    if (!done.compareAndSet(false, true)) {
      return;
    }
    try {
      for (ChildCommand c : runs) {
        c.close();
      }
      if (cluster != null) {
        cluster.close(settings.keepServers());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (!settings.keepServers()) {
        servers.down();
      }
    }
  }

  /** The settings of the drill's commands: its servers, its database, its checkpoint folder, 5 s checkpoints. */
  static Map<String, String> commandEnv(ServerSet servers) {
    Map<String, String> env = new HashMap<>(servers.settings());
    env.put("WATTWARD_CLICKHOUSE_DATABASE", DATABASE);
    env.put("WATTWARD_PIPELINE_CHECKPOINT_DIR", servers.folder().resolve("checkpoints").toString());
    env.put("WATTWARD_PIPELINE_CHECKPOINT_INTERVAL_MS", "5000");
    return env;
  }

  private DrillReport scenario(ServerSet servers) throws Exception {
    Map<String, String> env = commandEnv(servers);
    WattwardConfig config = WattwardConfig.load(null, env);
    ClickHouseEndpoint clickhouse = config.clickhouse().endpoint();
    ClickHouseMigrator.fromClasspath(clickhouse).migrate(s -> {});

    ReferenceHospital hospital = new ReferenceHospital(settings.seed());
    List<MeterRegistration> registrations = hospital.registrations();
    loadTopology(config, clickhouse, hospital);
    Instant from = settings.from();
    Instant to = from.plus(settings.simulated());
    int minutes = (int) settings.simulated().toMinutes();
    ExpectedTotals expected = new ExpectedTotals(from, minutes);
    long validReadings = (long) registrations.size() * (minutes + 1);
    double speed = settings.simulated().toSeconds() / (double) settings.publishOver().toSeconds();
    say("simulating %s .. %s (%,d meter readings and about %,d hostile records) over %d s of wall time",
        from, to, validReadings, settings.hostile(), settings.publishOver().toSeconds());

    WattwardConfig.Topics topics = config.kafka().topics();
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(topics.meterReadings(), config.kafka().partitions(), false),
        new KafkaTopics.Spec(topics.envReadings(), config.kafka().partitions(), false)));
    KafkaPublisher publisher = new KafkaPublisher(config.kafka().bootstrap(), topics.meterReadings(),
        topics.envReadings(), config.kafka().partitions(), speed, line -> { });
    HostileReadings hostile = new HostileReadings(publisher, topics.meterReadings(),
        HostileReadings.spacing(validReadings, settings.hostile()), settings.seed());
    AtomicReference<Exception> publishFailure = new AtomicReference<>();
    Thread publishing = new Thread(() -> {
      try {
        new HospitalSimulator(hospital, ZONE, settings.seed()).run(from, to, hostile, expected, true);
        publisher.close();
      } catch (Exception e) {
        publishFailure.set(e);
      }
    }, "drill-publisher");

    Instant start = Instant.now();
    ChildCommand job = null;
    if (settings.cluster()) {
      say("starting a Flink cluster of the drill's own (2 TaskManagers x 2 slots, RocksDB) in %s",
          servers.folder().resolve("cluster"));
      cluster = new ClusterRollup(home, servers.folder(), env, line -> say("%s", line), out::println);
      cluster.up();
      cluster.submitFresh();
    } else {
      job = startJob(env, "--fresh");
    }
    // the faults' times are shares of the publication's wall time, from when it starts (after the job's start)
    Instant published = Instant.now();
    publishing.start();
    for (Event event : schedule(settings.kills())) {
      // at its time, but not before the job is back from the fault before
      Instant when = published.plusMillis((long) (event.at() * settings.publishOver().toMillis()));
      sleepUntil(when.isAfter(Instant.now()) ? when : Instant.now().plusSeconds(5));
      if (cluster != null) {
        faults.add(switch (event.fault()) {
          case KILL -> cluster.killTaskManager();
          case CLICKHOUSE -> cluster.outage(servers, "clickhouse", "ClickHouse", settings.outage(), clickhouse);
          case KAFKA -> cluster.outage(servers, "kafka", "Kafka", settings.outage(), clickhouse);
        });
        continue;
      }
      switch (event.fault()) {
        case KILL -> job = kill(job, env);
        case CLICKHOUSE -> outage(servers, "clickhouse", "ClickHouse", job);
        case KAFKA -> outage(servers, "kafka", "Kafka", job);
      }
    }
    publishing.join();
    if (publishFailure.get() != null) {
      throw new IllegalStateException("publishing the day failed: " + publishFailure.get().getMessage(),
          publishFailure.get());
    }
    long clusterRestores = 0;
    if (cluster != null) {
      say("the day is published; waiting for the cluster job to catch up, then stopping it with a savepoint");
      cluster.awaitCaughtUp();
      clusterRestores = cluster.restores();
      cluster.stopWithSavepoint();
    } else {
      say("the day is published; letting the job catch up, then stopping it with Ctrl-C (a savepoint)");
      Thread.sleep(10_000);
      if (job.interrupt().equals("TERM")) {
        say("this drill runs with SIGINT ignored (started in the background of a script?): sent SIGTERM instead, "
            + "which the job handles alike");
      }
      Optional<Integer> code = job.waitFor(Duration.ofMinutes(5));
      countRestarts(job);
      if (code.isEmpty() || code.get() != 0) {
        throw new IllegalStateException("the job did not stop cleanly on Ctrl-C (exit " + code.orElse(null) + ")");
      }
    }

    say("bounded run: everything in the topics, then the windows still open");
    runBounded(env, "first");
    DrillReport report = new DrillReport(clickhouse, config, registrations, expected, ZONE, hostile.sent(),
        hostile.counts());
    report.compareWithTruth();
    String before = report.checksum();
    say("second bounded run over the same data: it must change nothing");
    runBounded(env, "second");
    report.secondRun(before, report.checksum());
    report.accountDeadLetters();
    report.countTopicRepeats();
    report.compareMeterMinuteTopic();
    if (cluster != null) {
      report.cluster(cluster.restUrl(), cluster.taskManagersKilled(), clusterRestores);
      internalRestarts += (int) Math.max(0, clusterRestores - cluster.restoresAfterKills());
    }
    report.faults(faults, runs.size(), internalRestarts, Duration.between(start, Instant.now()));
    return report;
  }

  private enum FaultKind { KILL, CLICKHOUSE, KAFKA }

  /** A fault and when it comes, as a share of the publication's wall time. */
  private record Event(double at, FaultKind fault) {}

  /** Kills at 12 %, 24 % and 62 % (more after that), ClickHouse away from 34 %, Kafka from 74 %. */
  private static List<Event> schedule(int kills) {
    List<Event> events = new ArrayList<>(List.of(new Event(0.34, FaultKind.CLICKHOUSE),
        new Event(0.74, FaultKind.KAFKA)));
    double[] first = {0.12, 0.24, 0.62};
    for (int k = 0; k < kills; k++) {
      events.add(new Event(k < first.length ? first[k] : 0.62 + 0.04 * (k - 2), FaultKind.KILL));
    }
    events.sort(java.util.Comparator.comparingDouble(Event::at));
    return events;
  }

  private void loadTopology(WattwardConfig config, ClickHouseEndpoint clickhouse, ReferenceHospital hospital)
      throws Exception {
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(config.kafka().topics().topology(), 1, true)));
    TopologyLoader.publish(config.kafka().bootstrap(), config.kafka().topics().topology(), hospital.registrations());
    TopologyLoader.load(clickhouse, hospital.registrations());
    NodeInfo.load(clickhouse, hospital.nodeInfo());
    SensorInfo.load(clickhouse, hospital.sensorRegistry());
  }

  private ChildCommand startJob(Map<String, String> env, String... extra) throws Exception {
    int n = runs.size() + 1;
    List<String> args = new ArrayList<>(List.of("run", "rollup"));
    args.addAll(List.of(extra));
    ChildCommand job = ChildCommand.start(home, env, settings.servers().resolve("logs/job-" + n + ".log"),
        line -> out.println("   job " + n + " | " + line), args.toArray(String[]::new));
    runs.add(job);
    if (job.await(l -> l.contains("is running on a local Flink"), Duration.ofMinutes(2)).isEmpty()) {
      throw new IllegalStateException("the job did not start (see " + settings.servers().resolve("logs") + ")");
    }
    return job;
  }

  private ChildCommand kill(ChildCommand job, Map<String, String> env) throws Exception {
    Instant at = Instant.now();
    say("fault: SIGKILL of the job's JVM (pid %d); starting the same command again", job.pid());
    job.kill();
    countRestarts(job);
    ChildCommand next = startJob(env);
    Optional<ChildCommand.Line> running = next.await(l -> l.contains("first checkpoint"), Duration.ofMinutes(5));
    faults.add(new Fault("job JVM killed (SIGKILL) and started again", at, Duration.ZERO,
        running.map(l -> Duration.between(at, l.at()).toMillis() / 1000.0).orElse(null),
        "until the new run's first checkpoint after restoring"));
    return next;
  }

  private void outage(ServerSet servers, String server, String name, ChildCommand job) throws Exception {
    int from = job.lines().size();
    servers.stop(server);
    Instant at = Instant.now();
    say("fault: %s stopped for %d s", name, settings.outage().toSeconds());
    Thread.sleep(settings.outage().toMillis());
    Instant back = Instant.now();
    servers.start(server);
    say("%s started again (up %.1f s after its start command)", name,
        Duration.between(back, Instant.now()).toMillis() / 1000.0);
    Optional<ChildCommand.Line> noticed = job.await(l -> l.contains(name + " ") && l.contains("unreachable"),
        from, Duration.ZERO);
    // the sinks retry at most 10 s apart and the supervisor looks for Kafka every second
    Optional<ChildCommand.Line> recovered = noticed.isEmpty() ? Optional.empty()
        : job.await(l -> l.contains(name + " ") && l.contains(" is back"), from, Duration.ofMinutes(1))
            .filter(l -> !l.at().isBefore(back));
    if (noticed.isPresent() && recovered.isEmpty()) {
      // an earlier "is back" (the server answered some calls while shutting down): wait for the real one
      int after = (int) job.lines().stream().filter(l -> l.at().isBefore(back)).count();
      recovered = job.await(l -> l.contains(name + " ") && l.contains(" is back"), after, Duration.ofMinutes(1));
    }
    faults.add(new Fault(name + " stopped", at, Duration.between(at, back),
        recovered.map(l -> Math.max(0, Duration.between(back, l.at()).toMillis() / 1000.0)).orElse(null),
        noticed.isPresent() ? "from starting the server again to the job's \"is back\" line"
            : "the job did not need it during the outage"));
  }

  private void runBounded(Map<String, String> env, String which) throws Exception {
    int n = runs.size() + 1;
    ChildCommand bounded = ChildCommand.start(home, env, settings.servers().resolve("logs/job-" + n + ".log"),
        line -> out.println("   job " + n + " | " + line), "run", "rollup", "--bounded");
    runs.add(bounded);
    Optional<Integer> code = bounded.waitFor(Duration.ofMinutes(10));
    countRestarts(bounded);
    if (code.isEmpty() || code.get() != 0) {
      throw new IllegalStateException("the " + which + " bounded run did not finish (exit " + code.orElse(null) + ")");
    }
  }

  /** Flink's own restarts inside a run (a task failed and was restarted from the last checkpoint). */
  private void countRestarts(ChildCommand job) {
    internalRestarts += (int) job.lines().stream().filter(l -> l.text().contains("Flink restarts it")).count();
  }

  private static void sleepUntil(Instant when) throws InterruptedException {
    long ms = Duration.between(Instant.now(), when).toMillis();
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  private void say(String format, Object... args) {
    out.println(CLOCK.format(Instant.now()) + " drill: " + String.format(format, args));
  }
}
