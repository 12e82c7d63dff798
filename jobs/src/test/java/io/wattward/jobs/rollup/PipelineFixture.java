package io.wattward.jobs.rollup;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.schema.DeadLetter;
import io.wattward.simulator.KafkaPublisher;
import io.wattward.testing.LocalInfra;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** One isolated pipeline of a test: its own topics, ClickHouse database and configuration. */
public final class PipelineFixture {

  public final LocalInfra infra = LocalInfra.get();
  public final ClickHouseEndpoint clickhouse;
  public final WattwardConfig config;

  public PipelineFixture(String name) {
    clickhouse = infra.newDatabase(name);
    String suffix = clickhouse.database();
    WattwardConfig base = infra.config(clickhouse.database());
    config = base
        .withTopics(base.kafka().topics().prefixed(suffix + "-"))
        .withPipeline(new WattwardConfig.Pipeline(null, 2, 2_000, 2_000, 3_600_000, 500,
            infra.projectRoot().resolve(".local/checkpoints").toString(), 2_000, 200, 2_000));
  }

  private PipelineFixture(ClickHouseEndpoint clickhouse, WattwardConfig config) {
    this.clickhouse = clickhouse;
    this.config = config;
  }

  /** The same database and topics with other settings. */
  public PipelineFixture withConfig(WattwardConfig other) {
    return new PipelineFixture(clickhouse, other);
  }

  public KafkaPublisher publisher() {
    return new KafkaPublisher(config.kafka().bootstrap(), config.kafka().topics().meterReadings(),
        config.kafka().topics().envReadings(), config.kafka().partitions(), 0, s -> {});
  }

  /** Runs the rollup job, bounded, on a local MiniCluster over what is in the topics now. */
  public org.apache.flink.api.common.JobExecutionResult runRollup(java.util.List<io.wattward.schema.MeterRegistration> topology)
      throws Exception {
    return runRollup(topology, List.of());
  }

  /** The same, with a sensor registry for the environment readings. */
  public org.apache.flink.api.common.JobExecutionResult runRollup(java.util.List<io.wattward.schema.MeterRegistration> topology,
      List<io.wattward.topology.SensorInfo> sensors) throws Exception {
    return RollupJob.fromConfig(config, topology, sensors, true).run(localFlink(0));
  }

  public static StreamExecutionEnvironment localFlink(int restarts) {
    Configuration conf = new Configuration();
    if (restarts == 0) {
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failing job fails the test, not retries forever
    } else {
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, restarts);
      conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    }
    return StreamExecutionEnvironment.createLocalEnvironment(2, conf);
  }

  /** meter_minute as (meter id -> minute start ms -> consumption milli), deduplicated with FINAL. */
  Map<String, Map<Long, Long>> meterMinutes() throws SQLException {
    Map<String, Map<Long, Long>> out = new HashMap<>();
    try (Connection c = clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT meter_id, toUnixTimestamp(minute_start), "
            + "toInt64(consumption * 1000) FROM meter_minute FINAL")) {
      while (rs.next()) {
        out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getLong(2) * 1000, rs.getLong(3));
      }
    }
    return out;
  }

  public long queryLong(String sql) throws SQLException {
    try (Connection c = clickhouse.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Everything on the dead-letter topic, decoded. */
  public List<DeadLetter> deadLetters() throws Exception {
    return readDeadLetters(config.kafka().topics().deadLetters());
  }

  /** Everything on the late-readings topic, decoded. */
  List<DeadLetter> lateReadings() throws Exception {
    return readDeadLetters(config.kafka().topics().lateReadings());
  }

  private List<DeadLetter> readDeadLetters(String topic) throws Exception {
    List<DeadLetter> out = new ArrayList<>();
    for (byte[] v : topicValues(topic)) {
      out.add(DeadLetter.getDecoder().decode(ByteBuffer.wrap(v)));
    }
    return out;
  }

  /** The values on a topic, in partition order, read until it has been quiet for a few seconds. */
  public List<byte[]> topicValues(String topic) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, LocalInfra.uniqueName("topic-reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<byte[]> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 15_000;
      int emptyPolls = 0;
      while (System.currentTimeMillis() < deadline && emptyPolls < 3) {
        var records = consumer.poll(Duration.ofMillis(1_000));
        if (records.isEmpty() && !out.isEmpty()) {
          emptyPolls++;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          out.add(r.value());
        }
      }
    }
    return out;
  }
}
