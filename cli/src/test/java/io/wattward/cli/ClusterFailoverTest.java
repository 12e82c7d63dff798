package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wattward.cli.lifecycle.ClusterSubmission;
import io.wattward.cli.lifecycle.JobSupervisor;
import io.wattward.cli.lifecycle.LocalFlink;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseTime;
import io.wattward.schema.MeterRegistration;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.testing.LocalInfra;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rollup job on a real local Flink standalone cluster ({@code scripts/cluster.sh}: a JobManager and two
 * TaskManagers, each its own JVM, RocksDB state), submitted as `wattward submit` does: through the REST API,
 * with the job jar as the user jar. One TaskManager is SIGKILLed while the job works through a replay and
 * another is started; the job recovers by itself from its last checkpoint and ClickHouse {@code meter_minute}
 * equals the simulator's truth, meter-minute by meter-minute, and so do the buildings' quarter-hours
 * ({@code node_energy_15m}). Then the job is stopped with a savepoint, as `wattward savepoint rollup --stop
 * --cluster` does, the replay goes on, and the job is submitted again at parallelism 4: it resumes from the
 * savepoint with its state spread over twice the subtasks, and the whole replay is exact again. Last, the
 * anomaly and forecast jobs run on the same cluster and find what their input holds.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClusterFailoverTest {

  private static final Instant START = Instant.parse("2026-11-19T16:00:00Z"); // local midnight, Asia/Shanghai
  /** Minutes compared with the truth after the kill; the replay goes on a few minutes more so the watermark
   * passes them all. */
  private static final int MINUTES = 30;
  private static final int TAIL_MINUTES = 5;
  /** Minutes compared after the rescale (the first {@link #MINUTES} again, and as many more). */
  private static final int RESCALED_MINUTES = 2 * MINUTES;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalInfra infra = LocalInfra.get();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Path clusterHome = infra.projectRoot().resolve(".local/cluster-test");
  private String rest;
  private JobID job;
  /** the anomaly and forecast jobs */
  private final List<JobID> others = new ArrayList<>();

  @AfterEach
  void stopEverything() throws Exception {
    List<JobID> running = new ArrayList<>(others);
    if (job != null) {
      running.add(job);
    }
    for (JobID j : rest == null ? List.<JobID>of() : running) {
      try (var client = LocalFlink.client(rest)) {
        client.cancel(j).get(1, TimeUnit.MINUTES);
      } catch (Exception e) {
        System.out.println("cancelling " + j + ": " + e);
      }
    }
    cluster("down");
  }

  @Test
  void aTaskManagerKilledMidReplayLosesNothingAndDoublesNothing() throws Exception {
    Path jobJar = infra.projectRoot().resolve("jobs/target/wattward-jobs-cluster.jar");
    assertThat(jobJar).as("the job jar (mvn -pl cli -am package builds it before this module's tests)").exists();
    assertThat(Files.getLastModifiedTime(jobJar).toMillis()).as("the job jar is older than the jobs' classes: "
        + "build it again (mvn -pl jobs -am package -DskipTests)").isGreaterThanOrEqualTo(newestClass());

    long t0 = System.nanoTime();
    assertThat(cluster("up", "--taskmanagers", "2", "--slots", "2")).isZero();
    rest = LocalEnvironment.readInfraEnv(clusterHome.resolve("cluster/cluster.env")).get("WATTWARD_FLINK_REST");
    assertThat(taskManagers()).hasSize(2);
    System.out.printf("cluster up in %.1f s%n", seconds(t0));

    ClickHouseEndpoint clickhouse = infra.newDatabase("cluster");
    WattwardConfig base = infra.config(clickhouse.database());
    Path checkpoints = Files.createTempDirectory("wattward-cluster-checkpoints");
    WattwardConfig config = base.withTopics(base.kafka().topics().prefixed(clickhouse.database() + "-"))
        .withPipeline(base.pipeline().withParallelism(2).withCheckpointIntervalMs(2_000)
            .withCheckpointDir(checkpoints.toString()));
    ReferenceHospital hospital = new ReferenceHospital(5);
    ExpectedTotals truth = new ExpectedTotals(START, RESCALED_MINUTES + TAIL_MINUTES);
    // the replay: its first part now, its second while a TaskManager is dead, its third after the rescale
    KafkaPublisher publisher = new KafkaPublisher(config.kafka().bootstrap(), config.kafka().topics().meterReadings(),
        config.kafka().topics().envReadings(), config.kafka().partitions(), 0, s -> {});
    CountDownLatch secondPart = new CountDownLatch(1);
    CountDownLatch thirdPart = new CountDownLatch(1);
    Map<Instant, CountDownLatch> pauses = Map.of(START.plusSeconds(60L * MINUTES / 2), secondPart,
        START.plusSeconds(60L * (MINUTES + TAIL_MINUTES)), thirdPart);
    CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> {
      try (publisher) {
        new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 3).run(START,
            START.plusSeconds(60L * (RESCALED_MINUTES + TAIL_MINUTES)), pausingAt(pauses, publisher), truth, true);
      }
    });
    io.wattward.topology.TopologyLoader.publish(config.kafka().bootstrap(), config.kafka().topics().topology(),
        hospital.registrations());

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ClusterSubmission.Submitted submitted = new ClusterSubmission(
        RunCommand.rollup(config, hospital.registrations(), hospital.sensorRegistry()),
        new PrintStream(console, true, StandardCharsets.UTF_8))
        .submit(rest, jobJar, JobSupervisor.Start.RESUME);
    System.out.print(console.toString(StandardCharsets.UTF_8));
    assertThat(submitted.exitCode()).isZero();
    job = submitted.jobId();
    long submittedAt = System.nanoTime();

    // mid-replay: a checkpoint holds part of the work, and part of the meter-minutes are written
    long expected = (long) truth.perMeter().size() * MINUTES;
    await("a first checkpoint and some meter-minutes", Duration.ofMinutes(3), () ->
        completedCheckpoints() > 0 && meterMinutes(clickhouse, MINUTES) > 0);
    long before = meterMinutes(clickhouse, MINUTES);
    assertThat(before).as("the job has half the replay when the TaskManager dies").isLessThan(expected);

    JsonNode victim = taskManagers().stream().filter(tm -> tm.path("freeSlots").asInt() < tm.path("slotsNumber").asInt())
        .findFirst().orElseThrow();
    String id = victim.path("id").asText();
    long pid = Long.parseLong(Files.readString(clusterHome.resolve("cluster/pids/taskmanager-" + id.substring(3)
        + ".pid")).strip());
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
    process.destroyForcibly(); // SIGKILL
    process.onExit().get(30, TimeUnit.SECONDS);
    long killedAt = System.nanoTime();
    System.out.printf("SIGKILLed TaskManager %s (pid %d) %.1f s after the submission, %,d of %,d meter-minutes "
        + "written%n", id, pid, (killedAt - submittedAt) / 1e9, before, expected);
    secondPart.countDown();
    assertThat(cluster("add-taskmanager")).isZero();

    await("the job restored from a checkpoint and running", Duration.ofMinutes(2), () ->
        restoredCheckpoints() > 0 && "RUNNING".equals(jobState()));
    System.out.printf("recovered (restored from a checkpoint, running) %.1f s after the kill%n", seconds(killedAt));
    await("every meter-minute of the replay", Duration.ofMinutes(4), () -> meterMinutes(clickhouse, MINUTES)
        >= expected);
    System.out.printf("all %,d meter-minutes in ClickHouse %.1f s after the submission%n", expected,
        seconds(submittedAt));

    assertThat(jobState()).isEqualTo("RUNNING");
    assertThat(taskManagers()).extracting(tm -> tm.path("id").asText()).doesNotContain(id).hasSize(2);
    long[] check = compare(clickhouse, truth, MINUTES);
    assertThat(check).as("meter-minutes: found, missing, extra, differing").containsExactly(expected, 0L, 0L, 0L);
    // and the roll-up: each building's quarter-hours, per energy type, as the sum of its accounting meters
    Map<String, Long> quarters = expectedBuildingQuarters(hospital.registrations(), truth, MINUTES);
    assertThat(quarters).as("buildings x energy types x 2 quarter-hours").hasSizeGreaterThan(8);
    await("the buildings' quarter-hours", Duration.ofMinutes(1), () -> buildingQuarters(clickhouse, MINUTES).size()
        >= quarters.size());
    assertThat(buildingQuarters(clickhouse, MINUTES)).isEqualTo(quarters);

    // stop with a savepoint into the job's own folder, where the next submission looks first
    Path savepoints = JobSupervisor.restoreFolder("rollup", config).resolve("savepoints");
    String savepoint;
    try (var client = LocalFlink.client(rest)) {
      savepoint = client.stopWithSavepoint(job, false, savepoints.toUri().toString(),
          org.apache.flink.core.execution.SavepointFormatType.CANONICAL).get(3, TimeUnit.MINUTES);
    }
    await("the job stopped", Duration.ofMinutes(1), () -> "FINISHED".equals(jobState()));
    System.out.printf("stopped with savepoint %s%n", savepoint);
    thirdPart.countDown();
    replay.get(2, TimeUnit.MINUTES);

    console.reset();
    WattwardConfig wider = config.withPipeline(config.pipeline().withParallelism(4));
    submitted = new ClusterSubmission(RunCommand.rollup(wider, hospital.registrations(), hospital.sensorRegistry()),
        new PrintStream(console, true, StandardCharsets.UTF_8)).submit(rest, jobJar, JobSupervisor.Start.RESUME);
    System.out.print(console.toString(StandardCharsets.UTF_8));
    assertThat(submitted.exitCode()).isZero();
    job = submitted.jobId();
    assertThat(console.toString(StandardCharsets.UTF_8)).as("resumed from the savepoint")
        .contains(Path.of(java.net.URI.create(savepoint)).getFileName().toString());
    await("the job's tasks", Duration.ofMinutes(1), () -> get("/jobs/" + job).path("vertices").size() > 0);
    assertThat(get("/jobs/" + job).path("vertices").findValues("parallelism")).extracting(JsonNode::asInt)
        .as("every operator at parallelism 4 but the topology source").contains(4).allMatch(p -> p == 4 || p == 1);

    long rescaledExpected = (long) truth.perMeter().size() * RESCALED_MINUTES;
    long resubmittedAt = System.nanoTime();
    await("every meter-minute after the rescale", Duration.ofMinutes(3), () -> meterMinutes(clickhouse,
        RESCALED_MINUTES) >= rescaledExpected);
    System.out.printf("all %,d meter-minutes in ClickHouse %.1f s after the submission at parallelism 4%n",
        rescaledExpected, seconds(resubmittedAt));
    assertThat(compare(clickhouse, truth, RESCALED_MINUTES)).as("after the rescale: found, missing, extra, differing")
        .containsExactly(rescaledExpected, 0L, 0L, 0L);
    Map<String, Long> allQuarters = expectedBuildingQuarters(hospital.registrations(), truth, RESCALED_MINUTES);
    await("the buildings' quarter-hours after the rescale", Duration.ofMinutes(1), () ->
        buildingQuarters(clickhouse, RESCALED_MINUTES).size() >= allQuarters.size());
    assertThat(buildingQuarters(clickhouse, RESCALED_MINUTES)).isEqualTo(allQuarters);

    try (var client = LocalFlink.client(rest)) {
      client.cancel(job).get(1, TimeUnit.MINUTES); // its four slots for the other two jobs
    }
    job = null;
    theAnomalyAndForecastJobsRunHereToo(clickhouse, base, jobJar, checkpoints);
  }

  /**
   * The anomaly and the forecast job on the same cluster, each submitted as `wattward submit` does, their settings
   * in their operators and their input from Kafka: the inputs of their savepoint tests, whole, on topics of
   * their own. The anomaly job finds the flat meter (FLATLINE from 10:00 to 12:30) and the silent one (OFFLINE
   * from 10:30 to 11:30); the forecast job counts Cardiology's November, 10 x 24 x 5 + 20 x 24 x 10 = 6,000 kWh
   * against its quota of 5,000 (ALARM).
   */
  private void theAnomalyAndForecastJobsRunHereToo(ClickHouseEndpoint clickhouse, WattwardConfig base, Path jobJar,
      Path checkpoints) throws Exception {
    WattwardConfig.Pipeline p = base.pipeline();
    // one subtask each (two of the four slots); empty inputs count as idle after 0.3 s
    WattwardConfig config = base.withTopics(base.kafka().topics().prefixed(clickhouse.database() + "-jobs-"))
        .withPipeline(new WattwardConfig.Pipeline(p.topologyCsv(), 1, p.maxOutOfOrdernessMs(), 300,
            p.maxFutureSkewMs(), 2_000, checkpoints.toString(), p.sinkBatchSize(), p.sinkFlushIntervalMs(),
            p.sinkMaxBackoffMs()));
    AnomalySavepointCompatibilityTest.topics(config);
    AnomalySavepointCompatibilityTest.publish(config, AnomalySavepointCompatibilityTest.FIRST,
        AnomalySavepointCompatibilityTest.END);
    ForecastSavepointCompatibilityTest.topicsAndQuota(config);
    ForecastSavepointCompatibilityTest.publish(config, ForecastSavepointCompatibilityTest.FIRST,
        ForecastSavepointCompatibilityTest.END);

    long submittedAt = System.nanoTime();
    for (String name : List.of("anomaly", "forecast")) {
      ByteArrayOutputStream console = new ByteArrayOutputStream();
      ClusterSubmission.Submitted submitted = new ClusterSubmission(RunCommand.definition(name, config,
          infra.projectRoot()), new PrintStream(console, true, StandardCharsets.UTF_8))
          .submit(rest, jobJar, JobSupervisor.Start.RESUME);
      System.out.print(console.toString(StandardCharsets.UTF_8));
      assertThat(submitted.exitCode()).as(name).isZero();
      others.add(submitted.jobId());
    }
    List<String> expected = List.of(
        "FLATLINE " + AnomalySavepointCompatibilityTest.FLAT + " RESOLVED from 10:00 to 12:30",
        "OFFLINE " + AnomalySavepointCompatibilityTest.GONE + " RESOLVED from 10:30 to 11:30");
    awaitEqual("the meter anomalies", Duration.ofMinutes(2), () -> AnomalySavepointCompatibilityTest.anomalies(config),
        expected);
    System.out.printf("the anomaly job's anomalies in ClickHouse %.1f s after the submissions%n",
        seconds(submittedAt));
    awaitEqual("Cardiology's November", Duration.ofMinutes(2), () ->
        ForecastSavepointCompatibilityTest.novembersStatus(config), "6000.0 kWh ALARM");
    System.out.printf("the forecast job's quota status in ClickHouse %.1f s after the submissions%n",
        seconds(submittedAt));
    for (JobID other : others) {
      assertThat(get("/jobs/" + other).path("state").asText()).as(other.toString()).isEqualTo("RUNNING");
    }
  }

  /** Waits until {@code query} gives {@code expected}; fails with what it gave last. */
  private static <T> void awaitEqual(String what, Duration limit, java.util.concurrent.Callable<T> query, T expected)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = query.call();
    while (!expected.equals(last)) {
      assertThat(System.nanoTime()).as("%s within %d s: the last answer was %s", what, limit.toSeconds(), last)
          .isLessThan(deadline);
      Thread.sleep(500);
      last = query.call();
    }
  }

  /** Each building's consumption per energy type and quarter-hour of the compared minutes, in milli-units. */
  private static Map<String, Long> expectedBuildingQuarters(List<MeterRegistration> registrations,
      ExpectedTotals truth, int minutesCompared) {
    Map<String, Long> out = new TreeMap<>();
    for (MeterRegistration r : registrations) {
      long[] minutes = truth.perMeter().get(r.getMeterId());
      if (!r.getAccounting() || r.getFormula() != null || r.getSpatial().getBuilding() == null || minutes == null) {
        continue;
      }
      String building = r.getSpatial().getHospital() + "/" + r.getSpatial().getCampus() + "/"
          + r.getSpatial().getBuilding();
      for (int i = 0; i < minutesCompared; i++) {
        long quarter = truth.minuteStartMs(i) / 900_000 * 900_000;
        out.merge(building + "|" + r.getEnergyType() + "|" + ClickHouseTime.utc(quarter), minutes[i], Long::sum);
      }
    }
    return out;
  }

  private static Map<String, Long> buildingQuarters(ClickHouseEndpoint clickhouse, int minutesCompared) {
    Map<String, Long> out = new TreeMap<>();
    long to = START.getEpochSecond() + 60L * minutesCompared;
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT node_id, energy_type, toString(window_start), "
            + "toInt64(sum(consumption) * 1000) FROM node_energy_15m FINAL WHERE node_level = 'building' "
            + "AND window_start < toDateTime(" + to + ") GROUP BY node_id, energy_type, window_start")) {
      while (rs.next()) {
        out.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3), rs.getLong(4));
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** The simulator's output to Kafka, holding back after each minute of {@code pauses} until its latch opens. */
  private static HospitalSimulator.Output pausingAt(Map<Instant, CountDownLatch> pauses, KafkaPublisher publisher) {
    return new HospitalSimulator.Output() {
      @Override
      public void meterReading(io.wattward.schema.MeterReading reading) {
        publisher.meterReading(reading);
      }

      @Override
      public void envReading(io.wattward.schema.EnvReading reading) {
        publisher.envReading(reading);
      }

      @Override
      public void minuteDone(Instant t) {
        publisher.minuteDone(t);
        CountDownLatch resume = pauses.get(t);
        if (resume != null) {
          publisher.flush();
          try {
            resume.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
  }

  /** {found, missing, extra, differing} meter-minutes of the first {@code minutes} against the truth. */
  private static long[] compare(ClickHouseEndpoint clickhouse, ExpectedTotals truth, int minutes) throws Exception {
    long from = truth.minuteStartMs(0) / 1000;
    long to = truth.minuteStartMs(minutes) / 1000;
    long found = 0;
    long extra = 0;
    long differing = 0;
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT meter_id, toUnixTimestamp(minute_start), toInt64(consumption * 1000) "
            + "FROM meter_minute FINAL WHERE minute_start >= toDateTime(" + from + ") AND minute_start < toDateTime("
            + to + ")")) {
      while (rs.next()) {
        long[] meter = truth.perMeter().get(rs.getString(1));
        if (meter == null) {
          extra++;
          continue;
        }
        found++;
        if (meter[(int) ((rs.getLong(2) - from) / 60)] != rs.getLong(3)) {
          differing++;
        }
      }
    }
    long expected = (long) truth.perMeter().size() * minutes;
    return new long[] {found, expected - found, extra, differing};
  }

  private static long meterMinutes(ClickHouseEndpoint clickhouse, int minutes) {
    long to = START.getEpochSecond() + 60L * minutes;
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count() FROM meter_minute FINAL WHERE minute_start < toDateTime(" + to
            + ")")) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<JsonNode> taskManagers() {
    List<JsonNode> out = new ArrayList<>();
    get("/taskmanagers").path("taskmanagers").forEach(out::add);
    return out;
  }

  private long completedCheckpoints() {
    return get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
  }

  private long restoredCheckpoints() {
    return get("/jobs/" + job + "/checkpoints").path("counts").path("restored").asLong();
  }

  private String jobState() {
    return get("/jobs/" + job).path("state").asText();
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + path))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no " + what + " within " + limit.toSeconds() + " s");
      }
      Thread.sleep(500);
    }
  }

  private int cluster(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", infra.projectRoot().resolve("scripts/cluster.sh").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().putAll(Map.of("WATTWARD_LOCAL_DIR", clusterHome.toString()));
    return builder.start().waitFor();
  }

  private long newestClass() throws IOException {
    try (Stream<Path> files = Files.walk(infra.projectRoot().resolve("jobs/target/classes"))) {
      return files.filter(f -> f.toString().endsWith(".class")).mapToLong(f -> f.toFile().lastModified()).max()
          .orElse(0);
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
