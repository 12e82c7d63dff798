package io.wattward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.cli.lifecycle.JobDefinition;
import io.wattward.cli.lifecycle.JobSupervisor;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.kafka.ConsumedTopics;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.connectors.replay.EmptySource;
import io.wattward.schema.MeterRegistration;
import io.wattward.simulator.ExpectedTotals;
import io.wattward.simulator.HospitalSimulator;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.simulator.ReferenceHospital;
import io.wattward.testing.LocalInfra;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The supervisor of `wattward run` in this JVM against the real local Kafka and ClickHouse: what it
 * does when it cannot go on (a missing table, a checkpoint that does not fit the build) and what a run
 * that starts without the state of the runs before may and may not write. Kills and outages: the
 * fault drill ({@code FaultDrillTest}).
 */
@org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class RunLifecycleTest {

  static final Instant START = Instant.parse("2026-11-19T16:00:00Z"); // local midnight, Asia/Shanghai

  private final LocalInfra infra = LocalInfra.get();

  private WattwardConfig config(String database, Path checkpoints) {
    WattwardConfig base = infra.config(database);
    return base.withTopics(base.kafka().topics().prefixed(database + "-"))
        .withPipeline(base.pipeline().withCheckpointIntervalMs(1_000).withCheckpointDir(checkpoints.toString()));
  }

  static JobSupervisor.Outcome run(JobDefinition job, Path runFolder, JobSupervisor.Start start,
      ByteArrayOutputStream console) throws Exception {
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    return new JobSupervisor(job, runFolder, out).run(start, true);
  }

  @Test
  void aTableThatDoesNotExistStopsTheJobWithWhatIsWrongAndWhatToDo() throws Exception {
    String database = LocalInfra.uniqueName("unmigrated");
    Path tmp = Files.createTempDirectory("wattward-run");
    WattwardConfig config = config(database, tmp.resolve("checkpoints"));
    try (Connection c = config.clickhouse().endpoint().openServer(); Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + database); // a database nobody migrated: no tables
    }
    ReferenceHospital hospital = new ReferenceHospital(7);
    publish(config, hospital, 10, null);

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = run(RunCommand.rollup(config, hospital.registrations(), List.of()),
        tmp.resolve("run"), JobSupervisor.Start.RESUME, console);

    String text = console.toString(StandardCharsets.UTF_8);
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.message()).contains("ClickHouse refuses rows for " + database + ".")
        .contains("the table does not exist: run `wattward migrate`");
    assertThat(text).contains("rollup stopped: ClickHouse refuses rows for " + database + ".")
        .contains("after fixing the cause, the same command resumes from them")
        .doesNotContain("Flink restarts it").doesNotContain("\tat ");
  }

  @Test
  void aCheckpointWhoseStateNoLongerFitsTheBuildStopsTheRunNamingTheOperator() throws Exception {
    String name = LocalInfra.uniqueName("restore");
    Path tmp = Files.createTempDirectory("wattward-run");
    WattwardConfig config = config(name, tmp.resolve("checkpoints"));
    String topic = config.kafka().topics().meterReadings();
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(new KafkaTopics.Spec(topic, 2, false)));
    try (KafkaPublisher p = new KafkaPublisher(config.kafka().bootstrap(), topic, topic + "-unused", 2, 0, s -> {})) {
      for (int i = 0; i < 20; i++) {
        p.send(topic, "k" + i % 3, new byte[] {(byte) i});
      }
    }
    ConsumedTopics inputs = new ConsumedTopics("wattward-counter-" + name, List.of(topic));
    // the build before: a count per key kept as a number
    JobDefinition before = counter(config, inputs, false);
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    assertThat(run(before, tmp.resolve("run"), JobSupervisor.Start.RESUME, first).exitCode()).isZero();
    assertThat(new io.wattward.cli.lifecycle.RestorePoints(JobSupervisor.restoreFolder("counter", config)).newest())
        .hasValueSatisfying(p -> assertThat(p.savepoint()).isTrue());

    // the build after: the same state name and operator, now holding text
    JobDefinition after = counter(config, inputs, true);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = run(after, tmp.resolve("run"), JobSupervisor.Start.RESUME, second);

    String text = second.toString(StandardCharsets.UTF_8);
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(text).contains("cannot be restored into this build").contains("count per key")
        .contains("Start with --fresh").doesNotContain("\tat ");
  }

  @Test
  void aBuildThatKeepsItsStateInANewFormatRefusesTheOldCheckpointsAndResumesFromItsOwn() throws Exception {
    String name = LocalInfra.uniqueName("format");
    Path tmp = Files.createTempDirectory("wattward-run");
    WattwardConfig config = config(name, tmp.resolve("checkpoints"));
    String topic = config.kafka().topics().meterReadings();
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(new KafkaTopics.Spec(topic, 2, false)));
    try (KafkaPublisher p = new KafkaPublisher(config.kafka().bootstrap(), topic, topic + "-unused", 2, 0, s -> {})) {
      for (int i = 0; i < 6; i++) {
        p.send(topic, "k" + i % 3, new byte[] {(byte) i});
      }
    }
    ConsumedTopics inputs = new ConsumedTopics("wattward-counter-" + name, List.of(topic));
    Path runs = tmp.resolve("run");
    assertThat(run(counter(config, inputs, false, 1), runs, JobSupervisor.Start.RESUME, new ByteArrayOutputStream())
        .exitCode()).isZero();

    // the same job in a build whose state format is 2: the format-1 savepoint is refused, nothing is read
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    JobSupervisor.Outcome outcome = run(counter(config, inputs, false, 2), runs, JobSupervisor.Start.RESUME, refused);
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(refused.toString(StandardCharsets.UTF_8)).contains("in format 1; this build keeps it in format 2")
        .contains("Start once with --fresh").doesNotContain("is running");

    // once fresh, the new build resumes from its own points
    assertThat(run(counter(config, inputs, false, 2), runs, JobSupervisor.Start.FRESH, new ByteArrayOutputStream())
        .exitCode()).isZero();
    ByteArrayOutputStream resumed = new ByteArrayOutputStream();
    assertThat(run(counter(config, inputs, false, 2), runs, JobSupervisor.Start.RESUME, resumed).exitCode()).isZero();
    assertThat(resumed.toString(StandardCharsets.UTF_8)).contains("resuming from");
  }

  /** A job counting records per key in a ValueState (a number, or text), called "count per key". */
  private static JobDefinition counter(WattwardConfig config, ConsumedTopics inputs, boolean asText) {
    return counter(config, inputs, asText, 1);
  }

  private static JobDefinition counter(WattwardConfig config, ConsumedTopics inputs, boolean asText,
      int stateFormat) {
    String topic = inputs.topics().get(0);
    java.util.function.BiConsumer<StreamExecutionEnvironment, Source<RawRecord, ?, ?>> build = (env, source) -> env
        .fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
        .uid(EmptySource.uid(source, "numbers-source"))
        .keyBy(r -> new String(r.key, StandardCharsets.UTF_8))
        .process(asText ? new TextCount() : new NumberCount()).name("count per key").uid("count")
        .sinkTo(new DiscardingSink<>());
    return new JobDefinition("counter", config,
        env -> build.accept(env, RawKafkaSource.of(config.kafka().bootstrap(), topic, inputs.group(), false,
            v -> 0L)),
        env -> build.accept(env, EmptySource.of(RawRecord.class)), inputs, stateFormat);
  }

  private static final class NumberCount extends KeyedProcessFunction<String, RawRecord, String> {
    private transient ValueState<Long> n;

    @Override
    public void open(OpenContext context) {
      n = getRuntimeContext().getState(new ValueStateDescriptor<>("n", Types.LONG));
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<String> out) throws Exception {
      n.update(n.value() == null ? 1L : n.value() + 1);
      out.collect(String.valueOf(n.value()));
    }
  }

  private static final class TextCount extends KeyedProcessFunction<String, RawRecord, String> {
    private transient ValueState<String> n;

    @Override
    public void open(OpenContext context) {
      n = getRuntimeContext().getState(new ValueStateDescriptor<>("n", Types.STRING));
    }

    @Override
    public void processElement(RawRecord r, Context ctx, Collector<String> out) throws Exception {
      n.update(n.value() == null ? "1" : n.value() + "+1");
      out.collect(n.value());
    }
  }

  @Test
  void aRunStartedWithoutTheEarlierStateNeverReplacesACompleteWindowWithThePartOfItItSaw() throws Exception {
    ClickHouseEndpoint clickhouse = infra.newDatabase("partial");
    Path tmp = Files.createTempDirectory("wattward-run");
    WattwardConfig config = config(clickhouse.database(), tmp.resolve("checkpoints"));
    ReferenceHospital hospital = new ReferenceHospital(11);
    ExpectedTotals truth = new ExpectedTotals(START, 120);
    publish(config, hospital, 120, truth);

    ByteArrayOutputStream first = new ByteArrayOutputStream();
    assertThat(run(RunCommand.rollup(config, hospital.registrations(), hospital.sensorRegistry()), tmp.resolve("run"),
        JobSupervisor.Start.RESUME, first).exitCode()).isZero();
    Map<String, Long> hours = buildingHours(clickhouse);
    assertThat(hours).isEqualTo(expectedBuildingHours(hospital.registrations(), truth));

    // the oldest half of every partition expires (retention), and the job starts over on purpose
    halveTopic(config, config.kafka().topics().meterReadings());
    ByteArrayOutputStream fresh = new ByteArrayOutputStream();
    assertThat(run(RunCommand.rollup(config, hospital.registrations(), hospital.sensorRegistry()), tmp.resolve("run"),
        JobSupervisor.Start.FRESH, fresh).exitCode()).isZero();

    // the fresh run rebuilt the first hour and the day from about half of their readings...
    assertThat(recordsRead(fresh)).isLessThan(recordsRead(first) * 6 / 10);
    assertThat(fresh.toString(StandardCharsets.UTF_8)).contains("starting fresh: discarded savepoint");
    // ...and every complete window written before is still there, exactly
    assertThat(buildingHours(clickhouse)).isEqualTo(hours);
    assertThat(queryLong(clickhouse, "SELECT count() FROM meter_minute FINAL")).isEqualTo(366L * 120);

    // the anomaly job reads what the rollup wrote in Kafka transactions (each partition ends in a commit
    // marker, not a record) to its end, and its bounded run ends
    ByteArrayOutputStream anomaly = new ByteArrayOutputStream();
    assertThat(run(RunCommand.definition("anomaly", config, infra.projectRoot()), tmp.resolve("run"),
        JobSupervisor.Start.RESUME, anomaly).exitCode()).isZero();
    assertThat(anomaly.toString(StandardCharsets.UTF_8)).contains("caught up").contains("anomaly bounded run done");
  }

  private static long recordsRead(ByteArrayOutputStream console) {
    Matcher m = Pattern.compile("up to their end as of now \\(([\\d,]+) records\\)")
        .matcher(console.toString(StandardCharsets.UTF_8));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  /** Deletes the first half of every partition of {@code topic}, as retention would. */
  private static void halveTopic(WattwardConfig config, String topic) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int i = 0; i < config.kafka().partitions(); i++) {
        latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, info) ->
          delete.put(tp, RecordsToDelete.beforeOffset(info.offset() / 2)));
      admin.deleteRecords(delete).all().get();
    }
  }

  private static void publish(WattwardConfig config, ReferenceHospital hospital, int minutes, ExpectedTotals truth) {
    try (KafkaPublisher publisher = new KafkaPublisher(config.kafka().bootstrap(),
        config.kafka().topics().meterReadings(), config.kafka().topics().envReadings(), config.kafka().partitions(), 0,
        s -> {})) {
      new HospitalSimulator(hospital, ZoneId.of("Asia/Shanghai"), 3).run(START, START.plusSeconds(60L * minutes),
          publisher, truth, true);
    }
    io.wattward.topology.TopologyLoader.publish(config.kafka().bootstrap(), config.kafka().topics().topology(),
        hospital.registrations());
  }

  /** Each building's consumption per energy type and hour, in milli-units, from node_energy_1h and _1d. */
  static Map<String, Long> buildingHours(ClickHouseEndpoint clickhouse) throws Exception {
    Map<String, Long> out = new TreeMap<>();
    for (String table : List.of("node_energy_1h", "node_energy_1d")) {
      try (Connection c = clickhouse.open(); Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT node_id, energy_type, toString(window_start), "
              + "toInt64(sum(consumption) * 1000) FROM " + table + " FINAL WHERE node_level = 'building' "
              + "GROUP BY node_id, energy_type, window_start")) {
        while (rs.next()) {
          out.put(table + "|" + rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3), rs.getLong(4));
        }
      }
    }
    return out;
  }

  static Map<String, Long> expectedBuildingHours(List<MeterRegistration> registrations, ExpectedTotals truth) {
    Map<String, Long> out = new TreeMap<>();
    for (MeterRegistration r : registrations) {
      long[] minutes = truth.perMeter().get(r.getMeterId());
      if (!r.getAccounting() || r.getFormula() != null || r.getSpatial().getBuilding() == null || minutes == null) {
        continue;
      }
      String building = r.getSpatial().getHospital() + "/" + r.getSpatial().getCampus() + "/"
          + r.getSpatial().getBuilding();
      for (int i = 0; i < minutes.length; i++) {
        Instant t = Instant.ofEpochMilli(truth.minuteStartMs(i));
        String hour = io.wattward.connectors.clickhouse.ClickHouseTime.utc(t.toEpochMilli() / 3_600_000 * 3_600_000);
        out.merge("node_energy_1h|" + building + "|" + r.getEnergyType() + "|" + hour, minutes[i], Long::sum);
        out.merge("node_energy_1d|" + building + "|" + r.getEnergyType() + "|"
            + io.wattward.connectors.clickhouse.ClickHouseTime.utc(START.toEpochMilli()), minutes[i], Long::sum);
      }
    }
    return out;
  }

  private static long queryLong(ClickHouseEndpoint clickhouse, String sql) throws Exception {
    try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
