package io.wattward.jobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import static io.wattward.jobs.anomaly.AnomalyScenario.RULES;
import static io.wattward.jobs.anomaly.AnomalyScenario.SIGNATURE;
import static io.wattward.jobs.anomaly.AnomalyScenario.ZONE;


import io.wattward.jobs.rollup.PipelineFixture;
import io.wattward.schema.Anomaly;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link AnomalyScenario} through real Kafka, the anomaly job on Flink, and ClickHouse, live: four weeks
 * of hourly node windows, six hours of meter-minutes and an hour of room environment, with one of each
 * anomaly injected and a noisy but normal node beside them. Every expected figure is worked out in the
 * comments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyJobEndToEndTest {

  private PipelineFixture fx;
  private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();

  @BeforeAll
  void run() throws Exception {
    java.nio.file.Path rules = java.nio.file.Files.createTempDirectory("wattward-rules").resolve("rules.yaml");
    java.nio.file.Files.writeString(rules, RULES);
    PipelineFixture base = new PipelineFixture("e2e_anomaly");
    var a = base.config.anomalies();
    fx = base.withConfig(base.config.withAnomalies(new io.wattward.config.WattwardConfig.Anomalies(a.deviation(),
        a.flatline(), a.offline(), a.environment(),
        new io.wattward.config.WattwardConfig.Rules(rules.toString(), 1_000, 1_800_000))));
    var topics = fx.config.kafka().topics();
    for (AnomalyScenario.Record r : new AnomalyScenario(true).records) {
      String topic = switch (r.topic()) {
        case NODE_WINDOWS -> topics.nodeWindows();
        case METER_MINUTES -> topics.meterMinutes();
        case ENV_MINUTES -> topics.envMinutes();
        case RULES -> topics.anomalyRules();
      };
      records.add(new ProducerRecord<>(topic, r.key().getBytes(StandardCharsets.UTF_8), r.value()));
    }
    publish();
    // live, as in production: offline meters are found when the watermark passes their deadline, which a
    // bounded replay (read whole before the first periodic watermark) would jump over to its end
    AnomalyJob job = AnomalyJob.fromConfig(fx.config, List.of(), false, SIGNATURE);
    StreamExecutionEnvironment env = PipelineFixture.localFlink(0);
    job.configure(env);
    job.build(env);
    JobClient client = env.executeAsync("wattward anomaly test");
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      // every expected anomaly ends resolved or critical
      while (fx.queryLong("SELECT count() FROM anomalies FINAL WHERE status = 'RESOLVED' OR severity = 'CRITICAL'")
          < AnomalyScenario.EXPECTED_ROWS.size() && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
      }
      Thread.sleep(3_000); // whatever else the job would write
    } finally {
      client.cancel().get();
    }
  }

  private void publish() {
    try (KafkaProducer<byte[], byte[]> producer = io.wattward.connectors.kafka.OrderedProducer.create(fx.config.kafka().bootstrap())) {
      io.wattward.connectors.kafka.KafkaTopics.ensure(fx.config.kafka().bootstrap(), List.of(
          new io.wattward.connectors.kafka.KafkaTopics.Spec(fx.config.kafka().topics().nodeWindows(), 4, false),
          new io.wattward.connectors.kafka.KafkaTopics.Spec(fx.config.kafka().topics().meterMinutes(), 4, false),
          new io.wattward.connectors.kafka.KafkaTopics.Spec(fx.config.kafka().topics().envMinutes(), 4, false),
          new io.wattward.connectors.kafka.KafkaTopics.Spec(fx.config.kafka().topics().anomalyRules(), 1, true)));
      records.forEach(producer::send);
    }
  }

  private static String at(Instant t) {
    return t == null ? "-" : LocalDateTime.ofInstant(t, ZONE).toString();
  }

  @Test
  void eachInjectedAnomalyIsFoundOnceWithItsStartEndAndExcessAndNothingElse() throws Exception {
    Map<String, String> rows = new TreeMap<>();
    try (Connection c = fx.clickhouse.open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT kind, node_id, subject, status, severity, toUnixTimestamp(started_at), "
            + "toUnixTimestamp(ended_at), round(peak_deviation_pct, 1), round(excess_energy, 3), round(excess_cost_cny, 2) "
            + "FROM anomalies FINAL")) {
      while (rs.next()) {
        long ended = rs.getLong(7);
        boolean open = rs.wasNull();
        rows.put(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3),
            rs.getString(4) + " " + rs.getString(5) + " " + at(Instant.ofEpochSecond(rs.getLong(6))) + " to "
                + (open ? "-" : at(Instant.ofEpochSecond(ended))) + " dev " + rs.getDouble(8) + " excess "
                + rs.getDouble(9) + " cost " + rs.getDouble(10));
      }
    }
    assertThat(rows).containsExactlyInAnyOrderEntriesOf(AnomalyScenario.EXPECTED_ROWS);
  }

  @Test
  void theTopicCarriesEachAnomalysLifeInOrder() throws Exception {
    Map<String, List<String>> lives = new TreeMap<>();
    for (byte[] v : fx.topicValues(fx.config.kafka().topics().anomalies())) {
      Anomaly a = Anomaly.getDecoder().decode(ByteBuffer.wrap(v));
      lives.computeIfAbsent(a.getKind() + " " + a.getNodeId(), k -> new ArrayList<>())
          .add(a.getStatus() + " v" + a.getVersion() + " " + a.getSeverity());
    }
    assertThat(lives).isEqualTo(AnomalyScenario.EXPECTED_LIVES);
  }

  @Test
  void undecodableInputAndARejectedRuleSetAreDeadLettered() throws Exception {
    List<io.wattward.schema.DeadLetter> letters = fx.deadLetters();
    assertThat(letters.stream().map(d -> d.getReasonCode() + " " + d.getJob()).collect(Collectors.toList()))
        .containsExactlyInAnyOrder("UNDECODABLE anomaly", "RULES_REJECTED anomaly");
    assertThat(letters.stream().filter(d -> d.getReasonCode().equals("RULES_REJECTED")).findFirst().orElseThrow()
        .getReason()).contains("rule 'chiller-hard-in-the-cold' does not compile", "avgKW", "the 1 running rules stay");
  }
}
