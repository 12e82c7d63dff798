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
import io.wattward.schema.MeterMinuteRecord;
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
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade keeps the anomaly job's state: this build resumes from a savepoint the build before took
 * ({@code src/test/resources/savepoints/anomaly}, written by {@link #writeTheFixture} with that build, see
 * docs/reliability.md, "Upgrades"), before the detectors' state changes with the alarm work.
 *
 * <p>The input is two electricity meters' minutes on 27 November 2026 (Shanghai time), on the meter-minutes
 * topic {@code aspcompat-meter-minutes}:
 * <ul>
 *   <li>{@code SPC-FLAT} varies every minute to 10:00, then reads exactly 2 kWh a minute to 12:30, then varies
 *       again: a FLATLINE (120 identical minutes by default) that opens at 11:59, named from 10:00, and resolves
 *       at 12:30;
 *   <li>{@code SPC-GONE} reports every minute but from 10:30 to 11:30: OFFLINE (15 minutes of silence by
 *       default) opens when the other meter's minutes move event time past 10:46, named from 10:30, and
 *       resolves with its minute at 11:30.
 * </ul>
 * The savepoint was taken after the minutes before 11:00. The test publishes them again record for record, then
 * the minutes to 13:00, deletes the first part from the topic (as retention would) and resumes the job from the
 * savepoint. Both anomalies must then be in ClickHouse, resolved, with their starts at 10:00 and 10:30: only the
 * restored state knows them (a job without it sees a flat run of 90 minutes, too short, and no silence at all).
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
// self-contained on purpose but for SavepointFixtures: the class is copied into the build before, with that one, to
// write the fixture there, so it uses nothing that build does not have
class AnomalySavepointCompatibilityTest {

  static final String DATABASE = "aspcompat";
  static final String FLAT = "SPC-FLAT";
  static final String GONE = "SPC-GONE";
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final LocalDateTime FIRST = LocalDateTime.parse("2026-11-27T08:00");
  /** the first minute the savepoint has not seen */
  static final LocalDateTime SPLIT = LocalDateTime.parse("2026-11-27T11:00");
  static final LocalDateTime END = LocalDateTime.parse("2026-11-27T13:00");
  static final Path FIXTURE = Paths.get("src/test/resources/savepoints/anomaly");

  @TempDir Path tmp;

  @Test
  void theAnomalyJobResumesFromTheSavepointOfTheBuildBefore() throws Exception {
    Path savepoint = tmp.resolve("savepoint");
    SavepointFixtures.copyTree(FIXTURE, savepoint);
    WattwardConfig config = reset(tmp.resolve("checkpoints"));
    publish(config, FIRST, SPLIT);
    var firstPart = SavepointFixtures.endOffsets(config.kafka().bootstrap(), 1, config.kafka().topics().meterMinutes());
    publish(config, SPLIT, END);
    SavepointFixtures.deleteRecordsBefore(config.kafka().bootstrap(), firstPart);

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = new JobSupervisor(RunCommand.definition("anomaly", config,
        LocalInfra.get().projectRoot()), tmp.resolve("run"), new PrintStream(console, true, StandardCharsets.UTF_8))
        .run(JobSupervisor.Start.from(savepoint), true);
    String said = console.toString(StandardCharsets.UTF_8);
    System.out.println(said);
    assertThat(outcome.exitCode()).as(said).isZero();
    assertThat(said).contains("starting from savepoint");
    assertThat(anomalies(config)).containsExactly(
        "FLATLINE " + FLAT + " RESOLVED from 10:00 to 12:30",
        "OFFLINE " + GONE + " RESOLVED from 10:30 to 11:30");
  }

  /**
   * Writes the fixture with the build it runs in: {@code mvn -q -pl cli -am test
   * -Dtest=AnomalySavepointCompatibilityTest#writeTheFixture -Dsavepoint.fixture=$PWD/cli/src/test/resources/
   * savepoints/anomaly -Dsurefire.failIfNoSpecifiedTests=false}.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "savepoint.fixture", matches = ".+")
  void writeTheFixture() throws Exception {
    Path out = Paths.get(System.getProperty("savepoint.fixture"));
    Path work = Files.createTempDirectory("aspcompat");
    WattwardConfig config = reset(work.resolve("checkpoints"));
    publish(config, FIRST, SPLIT);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = new JobSupervisor(RunCommand.definition("anomaly", config,
        LocalInfra.get().projectRoot()), work.resolve("run"), new PrintStream(console, true, StandardCharsets.UTF_8))
        .run(JobSupervisor.Start.FRESH, true);
    System.out.println(console.toString(StandardCharsets.UTF_8));
    assertThat(outcome.exitCode()).isZero();
    // the first part's anomalies: the meter gone since 10:30 is open, the flat run not yet long enough
    assertThat(anomalies(config)).containsExactly("OFFLINE " + GONE + " OPEN from 10:30 to -");
    RestorePoints.Point newest = new RestorePoints(work.resolve("checkpoints").resolve("anomaly-" + DATABASE))
        .newest().orElseThrow();
    assertThat(newest.savepoint()).isTrue();
    RestorePoints.deleteTree(out);
    SavepointFixtures.copyTree(newest.path(), out);
    System.out.println("savepoint " + newest.path() + " copied to " + out);
  }

  /** The meter anomalies in ClickHouse, latest version each: kind, meter, status, from and to (local time). */
  static List<String> anomalies(WattwardConfig config) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = config.clickhouse().endpoint().open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT kind, subject, status,"
            + " toUnixTimestamp(started_at), ifNull(toUnixTimestamp(ended_at), 0)"
            + " FROM anomalies FINAL WHERE node_level = 'meter' ORDER BY kind, subject")) {
      while (rs.next()) {
        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) + " from " + local(rs.getLong(4))
            + " to " + (rs.getLong(5) == 0 ? "-" : local(rs.getLong(5))));
      }
    }
    return out;
  }

  private static String local(long epochSecond) {
    return java.time.Instant.ofEpochSecond(epochSecond).atZone(ZONE).toLocalTime().toString();
  }

  /** The fixed database and topics (the savepoint names them), dropped and made again. */
  private static WattwardConfig reset(Path checkpoints) throws Exception {
    WattwardConfig base = LocalInfra.get().config(DATABASE);
    // the empty topics (node windows, environment minutes, rules) count as idle after 0.3 s
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
    topics(config);
    return config;
  }

  /**
   * The job's input topic, of one partition (the savepoint names its offsets), and a meter registry on the
   * topology topic (the job needs one to start; the reference hospital's, which does not know the two meters).
   */
  static void topics(WattwardConfig config) {
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(
        new KafkaTopics.Spec(config.kafka().topics().meterMinutes(), 1, false)));
    io.wattward.topology.TopologyLoader.publish(config.kafka().bootstrap(), config.kafka().topics().topology(),
        new io.wattward.simulator.ReferenceHospital(5).registrations());
  }

  /** Both meters' minutes in [from, to), minute by minute. */
  static void publish(WattwardConfig config, LocalDateTime from, LocalDateTime to) {
    LocalDateTime flatFrom = LocalDateTime.parse("2026-11-27T10:00");
    LocalDateTime flatTo = LocalDateTime.parse("2026-11-27T12:30");
    LocalDateTime goneFrom = LocalDateTime.parse("2026-11-27T10:30");
    LocalDateTime goneTo = LocalDateTime.parse("2026-11-27T11:30");
    try (KafkaProducer<byte[], byte[]> producer = OrderedProducer.create(config.kafka().bootstrap())) {
      int n = 0;
      for (LocalDateTime t = from; t.isBefore(to); t = t.plusMinutes(1), n++) {
        boolean flat = !t.isBefore(flatFrom) && t.isBefore(flatTo);
        send(producer, config, FLAT, t, flat ? 2.0 : 1.5 + (n % 7) * 0.1);
        if (t.isBefore(goneFrom) || !t.isBefore(goneTo)) {
          send(producer, config, GONE, t, 0.8 + (n % 5) * 0.1);
        }
      }
    }
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, WattwardConfig config, String meter,
      LocalDateTime t, double kwh) {
    MeterMinuteRecord m = MeterMinuteRecord.newBuilder().setMeterId(meter).setEnergyType("ELECTRICITY")
        .setMinuteStart(t.atZone(ZONE).toInstant()).setConsumption(kwh).setUnit("kWh").setEstimated(false)
        .setVersion(1).build();
    producer.send(new ProducerRecord<>(config.kafka().topics().meterMinutes(), meter.getBytes(StandardCharsets.UTF_8),
        AvroMessages.encode(MeterMinuteRecord.getEncoder(), m)));
  }
}
