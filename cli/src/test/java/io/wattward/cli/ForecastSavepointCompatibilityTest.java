package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.cli.lifecycle.JobSupervisor;
import io.wattward.cli.lifecycle.RestorePoints;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.ClickHouseMigrator;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.OrderedProducer;
import io.wattward.kpi.Quotas;
import io.wattward.schema.KpiQuota;
import io.wattward.schema.NodeWindow;
import io.wattward.testing.LocalInfra;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade keeps the forecast job's state: this build resumes from a savepoint the build before took
 * ({@code src/test/resources/savepoints/forecast}, written by {@link #writeTheFixture} with that build, see
 * docs/reliability.md, "Upgrades").
 *
 * <p>The input is Cardiology's hours of November 2026, 5 kWh each to the 10th and 10 kWh from the 11th, on the
 * node-windows topic {@code fspcompat-node-windows}, against a monthly quota of 5,000 kWh. The savepoint was
 * taken after the first ten days (and the first hour of the 11th); the test publishes them again record for
 * record, then the rest of the month and the first hours of December, deletes the first part from the topic
 * (as retention would) and resumes the job from the savepoint: the month's last quota status must count the
 * whole month, 10 x 24 x 5 + 20 x 24 x 10 = 6,000 kWh, of which the first 1,200 are only in the restored state.
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
// self-contained on purpose but for SavepointFixtures: the class is copied into the build before, with that one, to
// write the fixture there, so it uses nothing that build does not have
class ForecastSavepointCompatibilityTest {

  static final String DATABASE = "fspcompat";
  static final String CARDIOLOGY = "PPH/MAIN/CARDIOLOGY";
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final LocalDateTime FIRST = LocalDateTime.parse("2026-11-01T00:00");
  /** the first hour the savepoint has not seen */
  static final LocalDateTime SPLIT = LocalDateTime.parse("2026-11-11T01:00");
  static final LocalDateTime END = LocalDateTime.parse("2026-12-01T03:00");
  static final Path FIXTURE = Paths.get("src/test/resources/savepoints/forecast");

  @TempDir Path tmp;

  @Test
  void theForecastJobResumesFromTheSavepointOfTheBuildBefore() throws Exception {
    Path savepoint = tmp.resolve("savepoint");
    SavepointFixtures.copyTree(FIXTURE, savepoint);
    WattwardConfig config = reset(tmp.resolve("checkpoints"));
    publish(config, FIRST, SPLIT);
    var firstPart = SavepointFixtures.endOffsets(config.kafka().bootstrap(), 1, config.kafka().topics().nodeWindows());
    publish(config, SPLIT, END);
    SavepointFixtures.deleteRecordsBefore(config.kafka().bootstrap(), firstPart);

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = new JobSupervisor(RunCommand.definition("forecast", config,
        LocalInfra.get().projectRoot()), tmp.resolve("run"), new PrintStream(console, true, StandardCharsets.UTF_8))
        .run(JobSupervisor.Start.from(savepoint), true);
    String said = console.toString(StandardCharsets.UTF_8);
    System.out.println(said);
    assertThat(outcome.exitCode()).as(said).isZero();
    assertThat(said).contains("starting from savepoint");
    assertThat(novembersStatus(config)).as("November's use (the first ten days from the restored state) and status")
        .isEqualTo("6000.0 kWh ALARM");
  }

  /** Cardiology's last quota status of November: its use to date and the status ("" when there is none). */
  static String novembersStatus(WattwardConfig config) throws Exception {
    try (Connection c = config.clickhouse().endpoint().open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT argMax(to_date, as_of), argMax(status, as_of), count()"
            + " FROM kpi_status FINAL WHERE department_id = '" + CARDIOLOGY + "' AND period = '2026-11'")) {
      return rs.next() && rs.getLong(3) > 0 ? rs.getDouble(1) + " kWh " + rs.getString(2) : "";
    }
  }

  /**
   * Writes the fixture with the build it runs in: {@code mvn -q -pl cli -am test
   * -Dtest=ForecastSavepointCompatibilityTest#writeTheFixture -Dsavepoint.fixture=$PWD/cli/src/test/resources/
   * savepoints/forecast -Dsurefire.failIfNoSpecifiedTests=false}.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "savepoint.fixture", matches = ".+")
  void writeTheFixture() throws Exception {
    Path out = Paths.get(System.getProperty("savepoint.fixture"));
    Path work = Files.createTempDirectory("fspcompat");
    WattwardConfig config = reset(work.resolve("checkpoints"));
    publish(config, FIRST, SPLIT);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = new JobSupervisor(RunCommand.definition("forecast", config,
        LocalInfra.get().projectRoot()), work.resolve("run"), new PrintStream(console, true, StandardCharsets.UTF_8))
        .run(JobSupervisor.Start.FRESH, true);
    System.out.println(console.toString(StandardCharsets.UTF_8));
    assertThat(outcome.exitCode()).isZero();
    RestorePoints.Point newest = new RestorePoints(work.resolve("checkpoints").resolve("forecast-" + DATABASE))
        .newest().orElseThrow();
    assertThat(newest.savepoint()).isTrue();
    RestorePoints.deleteTree(out);
    SavepointFixtures.copyTree(newest.path(), out);
    System.out.println("savepoint " + newest.path() + " copied to " + out);
  }

  /** The fixed database and topics (the savepoint names them), dropped and made again, and the quota. */
  private static WattwardConfig reset(Path checkpoints) throws Exception {
    WattwardConfig base = LocalInfra.get().config(DATABASE);
    // the empty driver topics (outdoor minutes, business volume) count as idle after 0.3 s, so the forecasters
    // take the hours up long before the first checkpoint (3 s), which a bounded run waits for to stop
    WattwardConfig.Pipeline p = base.pipeline();
    WattwardConfig config = base.withTopics(base.kafka().topics().prefixed(DATABASE + "-"))
        .withPipeline(new WattwardConfig.Pipeline(p.topologyCsv(), p.parallelism(), p.maxOutOfOrdernessMs(), 300,
            p.maxFutureSkewMs(), 3_000, checkpoints.toString(), p.sinkBatchSize(), p.sinkFlushIntervalMs(),
            p.sinkMaxBackoffMs()));
    ClickHouseEndpoint clickhouse = config.clickhouse().endpoint();
    try (Connection c = clickhouse.openServer(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + DATABASE);
    }
    ClickHouseMigrator.fromClasspath(clickhouse).migrate(s -> {});
    KafkaTopics.deleteWithPrefix(config.kafka().bootstrap(), DATABASE + "-");
    topicsAndQuota(config);
    return config;
  }

  /** The job's input topics (one partition: the savepoint names its offsets) and Cardiology's quota. */
  static void topicsAndQuota(WattwardConfig config) {
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(config.kafka().topics().nodeWindows(), 1, false),
        new KafkaTopics.Spec(config.kafka().topics().quotas(), 1, true)));
    Quotas.publish(config.kafka().bootstrap(), config.kafka().topics().quotas(), List.of(KpiQuota.newBuilder()
        .setDepartmentId(CARDIOLOGY).setEnergyType("ELECTRICITY").setPeriod("2026-11").setQuota(5_000).setUnit("kWh")
        .setBasis("total").setPerBasis(5_000).build()));
  }

  /** Cardiology's hours in [from, to): 5 kWh to 10 November, 10 kWh from the 11th. */
  static void publish(WattwardConfig config, LocalDateTime from, LocalDateTime to) {
    try (KafkaProducer<byte[], byte[]> producer = OrderedProducer.create(config.kafka().bootstrap())) {
      for (LocalDateTime t = from; t.isBefore(to); t = t.plusHours(1)) {
        double kwh = t.isBefore(LocalDateTime.parse("2026-11-11T00:00")) ? 5 : 10;
        NodeWindow w = NodeWindow.newBuilder().setSize("1h").setHierarchy("spatial").setLevel("department")
            .setNodeId(CARDIOLOGY).setBuilding("").setEnergyType("ELECTRICITY").setSubItem("01C00").setUnit("kWh")
            .setWindowStart(t.atZone(ZONE).toInstant()).setWindowMinutes(60).setConsumption(kwh).setMetersExpected(1)
            .setMeterMinutes(60).setCost(kwh * 0.7).setVersion(1).build();
        producer.send(new ProducerRecord<>(config.kafka().topics().nodeWindows(),
            CARDIOLOGY.getBytes(StandardCharsets.UTF_8), AvroMessages.encode(NodeWindow.getEncoder(), w)));
      }
    }
  }
}
