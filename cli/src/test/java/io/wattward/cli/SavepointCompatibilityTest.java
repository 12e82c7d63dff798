package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.cli.lifecycle.JobSupervisor;
import io.wattward.cli.lifecycle.RestorePoints;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.testing.LocalInfra;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade keeps the rollup job's state: this build resumes from a savepoint that the build before took
 * ({@code src/test/resources/savepoints/rollup}, written by {@link #writeTheFixture} with that build, see
 * docs/reliability.md) and its windows are exact.
 *
 * <p>The savepoint was taken after the first of two simulated hours of the reference hospital (seed 11, from
 * local midnight) in topics {@code spcompat-*}: the test publishes that hour again, record for record, so the
 * savepoint's Kafka offsets point at the same place, then the second hour, and resumes the job from the
 * savepoint, with the first hour's records deleted from the topics (as retention would): each building's hours
 * and day in ClickHouse must equal the simulator's truth over both hours, and the first hour is only in the
 * state the job restored. The savepoint was taken at parallelism 2; the job resumes at 2, and at 4 (a rescale).
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class SavepointCompatibilityTest {

  static final String DATABASE = "spcompat";
  static final long SEED = 11;
  static final int MINUTES = 120;
  static final Path FIXTURE = Paths.get("src/test/resources/savepoints/rollup");

  @TempDir Path tmp;
  /** Where the first hour ends in each partition of the reading topics (set by {@link #publish}). */
  private static java.util.Map<org.apache.kafka.common.TopicPartition, Long> firstHourEnds;

  @Test
  void theRollupJobResumesFromTheSavepointOfTheBuildBefore() throws Exception {
    resumeAt(2);
  }

  /** The savepoint was taken at parallelism 2: its state goes to four subtasks (Flink's key groups). */
  @Test
  void andRescalesThroughItToParallelism4() throws Exception {
    resumeAt(4);
  }

  private void resumeAt(int parallelism) throws Exception {
    Path savepoint = tmp.resolve("savepoint");
    SavepointFixtures.copyTree(FIXTURE, savepoint);
    WattwardConfig reset = reset(tmp.resolve("checkpoints"));
    WattwardConfig config = reset.withPipeline(reset.pipeline().withParallelism(parallelism));
    ReferenceHospital hospital = new ReferenceHospital(SEED);
    ExpectedTotals truth = new ExpectedTotals(RunLifecycleTest.START, MINUTES);
    publish(config, hospital, truth, true);
    SavepointFixtures.deleteRecordsBefore(config.kafka().bootstrap(), firstHourEnds);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = RunLifecycleTest.run(
        RunCommand.rollup(config, hospital.registrations(), hospital.sensorRegistry()), tmp.resolve("run"),
        JobSupervisor.Start.from(savepoint), console);
    String said = console.toString(StandardCharsets.UTF_8);
    System.out.println(said);
    assertThat(outcome.exitCode()).as(said).isZero();
    assertThat(said).contains("starting from savepoint").contains("(parallelism " + parallelism + ",");
    java.util.Map<String, Long> found = RunLifecycleTest.buildingHours(config.clickhouse().endpoint());
    java.util.Map<String, Long> expected = RunLifecycleTest.expectedBuildingHours(hospital.registrations(), truth);
    java.util.List<String> differ = new java.util.ArrayList<>();
    expected.forEach((k, v) -> {
      if (!v.equals(found.get(k))) {
        differ.add(k + ": expected " + v + ", found " + found.get(k));
      }
    });
    found.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> differ.add(k + ": not expected"));
    assertThat(differ).as("building hours and days that differ from the simulator's truth").isEmpty();
  }

  /**
   * Writes the fixture with the build it runs in (docs/reliability.md, "Upgrades"): {@code mvn -q -pl cli -am
   * test -Dtest=SavepointCompatibilityTest#writeTheFixture -Dsavepoint.fixture=$PWD/cli/src/test/resources/
   * savepoints/rollup -Dsurefire.failIfNoSpecifiedTests=false}.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "savepoint.fixture", matches = ".+")
  void writeTheFixture() throws Exception {
    Path out = Paths.get(System.getProperty("savepoint.fixture"));
    Path work = Files.createTempDirectory("spcompat");
    WattwardConfig config = reset(work.resolve("checkpoints"));
    ReferenceHospital hospital = new ReferenceHospital(SEED);
    publish(config, hospital, new ExpectedTotals(RunLifecycleTest.START, MINUTES), false);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = RunLifecycleTest.run(
        RunCommand.rollup(config, hospital.registrations(), hospital.sensorRegistry()), work.resolve("run"),
        JobSupervisor.Start.FRESH, console);
    System.out.println(console.toString(StandardCharsets.UTF_8));
    if (outcome.exitCode() != 0) {
      throw new IllegalStateException("the rollup job did not finish: " + outcome.message());
    }
    Path points = work.resolve("checkpoints").resolve("rollup-" + DATABASE);
    RestorePoints.Point newest = new RestorePoints(points).newest().orElseThrow();
    if (!newest.savepoint()) {
      throw new IllegalStateException("the newest restore point is no savepoint: " + newest.path());
    }
    RestorePoints.deleteTree(out);
    SavepointFixtures.copyTree(newest.path(), out);
    System.out.println("savepoint " + newest.path() + " copied to " + out);
  }

  /** The fixed database and topics (the savepoint names them): dropped and made again. */
  private static WattwardConfig reset(Path checkpoints) throws Exception {
    LocalInfra infra = LocalInfra.get();
    WattwardConfig base = infra.config(DATABASE);
    WattwardConfig config = base.withTopics(base.kafka().topics().prefixed(DATABASE + "-"))
        .withPipeline(base.pipeline().withCheckpointIntervalMs(1_000).withCheckpointDir(checkpoints.toString()));
    ClickHouseEndpoint clickhouse = config.clickhouse().endpoint();
    try (Connection c = clickhouse.openServer(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + DATABASE);
    }
    ClickHouseMigrator.fromClasspath(clickhouse).migrate(s -> {});
    KafkaTopics.deleteWithPrefix(config.kafka().bootstrap(), DATABASE + "-");
    return config;
  }

  /**
   * The simulated two hours: the readings of the first hour (to its end, inclusive) always, in the order
   * the simulator makes them, so that they land at the same offsets as when the fixture was written; the
   * rest only when {@code both}.
   */
  private static void publish(WattwardConfig config, ReferenceHospital hospital, ExpectedTotals truth, boolean both)
      throws Exception {
    java.time.Instant split = RunLifecycleTest.START.plusSeconds(30L * MINUTES);
    java.util.List<Object> later = new java.util.ArrayList<>();
    try (KafkaPublisher publisher = new KafkaPublisher(config.kafka().bootstrap(),
        config.kafka().topics().meterReadings(), config.kafka().topics().envReadings(), config.kafka().partitions(), 0,
        s -> {})) {
      new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 3).run(RunLifecycleTest.START,
          RunLifecycleTest.START.plusSeconds(60L * MINUTES), new HospitalSimulator.Output() {
            @Override
            public void meterReading(io.wattward.schema.MeterReading r) {
              if (r.getEventTime().isAfter(split)) {
                later.add(r);
              } else {
                publisher.meterReading(r);
              }
            }

            @Override
            public void envReading(io.wattward.schema.EnvReading r) {
              if (r.getEventTime().isAfter(split)) {
                later.add(r);
              } else {
                publisher.envReading(r);
              }
            }
          }, truth, true);
      publisher.flush();
      if (both) {
        // the first hour's records go, as retention would take them: from here on they are only in the savepoint
        firstHourEnds = SavepointFixtures.endOffsets(config.kafka().bootstrap(), config.kafka().partitions(),
            config.kafka().topics().meterReadings(), config.kafka().topics().envReadings());
        for (Object r : later) {
          if (r instanceof io.wattward.schema.MeterReading m) {
            publisher.meterReading(m);
          } else {
            publisher.envReading((io.wattward.schema.EnvReading) r);
          }
        }
      }
    }
  }
}
