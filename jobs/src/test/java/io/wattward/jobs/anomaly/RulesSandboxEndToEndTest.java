package io.wattward.jobs.anomaly;


import io.wattward.anomaly.rules.RuleException;
import io.wattward.anomaly.rules.RuleSetSignature;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.OrderedProducer;
import io.wattward.jobs.rollup.PipelineFixture;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.EnvMinute;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * User rules through the real path: the anomaly job on a local Flink cluster, real Kafka topics and
 * ClickHouse. A rule that would start a process is refused from the rules file (the job does not start)
 * and from the topic even when signed; an unsigned or otherwise signed set is refused; a signed harmless
 * set is loaded and raises its anomaly. The attacks touch a file if they run: it never appears.
 */
class RulesSandboxEndToEndTest {

  private static final RuleSetSignature SIGNATURE = RuleOperatorTest.SIGNATURE;
  /** 2026-10-05 10:00 UTC */
  private static final Instant T0 = Instant.parse("2026-10-05T10:00:00Z");
  private static final String WARD = "PPH/MAIN/IP2/F07/IP2-F07-R705";

  private static final String HARMLESS = """
      rules:
        - name: ward-co2
          description: CO2 above 1000 ppm in a ward
          epl: |
            select nodeId as nodeId, building as building, co2Ppm as value, 1000.0 as expected
            from Environment(roomType='ward') where co2Ppm > 1000
      """;

  @TempDir Path dir;

  private static String malicious(String name, Path marker) {
    return """
        rules:
          - name: %s
            epl: |
              select nodeId as nodeId, java.lang.Runtime.getRuntime().exec('touch %s') as detail from Environment
        """.formatted(name, marker);
  }

  private static WattwardConfig withRulesFile(PipelineFixture fx, String file) {
    var a = fx.config.anomalies();
    return fx.config.withAnomalies(new WattwardConfig.Anomalies(a.deviation(), a.flatline(), a.offline(),
        a.environment(), new WattwardConfig.Rules(file, 500, 1_800_000)));
  }

  @Test
  void aMaliciousRuleInTheFileStopsTheJobAtStartWithItsName() throws Exception {
    PipelineFixture fx = new PipelineFixture("e2e_rules_file");
    Path marker = dir.resolve("touched-by-the-file");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, malicious("pwn-file", marker));

    // when the job is set up: it is not built
    assertThatThrownBy(() -> AnomalyJob.fromConfig(withRulesFile(fx, rules.toString()), List.of(), false, SIGNATURE))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining("rule 'pwn-file' is refused")
        .hasMessageContaining("java.lang.Runtime");

    // when the file turns malicious between set-up and start (or before a restart): the job fails to start
    Files.writeString(rules, HARMLESS);
    AnomalyJob job = AnomalyJob.fromConfig(withRulesFile(fx, rules.toString()), List.of(), false, SIGNATURE);
    Files.writeString(rules, malicious("pwn-file", marker));
    StreamExecutionEnvironment env = PipelineFixture.localFlink(0);
    job.configure(env);
    job.build(env);
    assertThatThrownBy(() -> env.execute("wattward anomaly, malicious rules file"))
        .hasStackTraceContaining("rule 'pwn-file' is refused");
    assertThat(marker).doesNotExist();
  }

  @Test
  void onTheTopicOnlyASignedSandboxedSetIsLoaded() throws Exception {
    PipelineFixture fx = new PipelineFixture("e2e_rules_topic");
    WattwardConfig config = withRulesFile(fx, "");
    WattwardConfig.Topics topics = config.kafka().topics();
    Path marker = dir.resolve("touched-by-the-topic");
    String bootstrap = config.kafka().bootstrap();
    KafkaTopics.ensure(bootstrap, List.of(new KafkaTopics.Spec(topics.anomalyRules(), 1, true),
        new KafkaTopics.Spec(topics.envMinutes(), config.kafka().partitions(), false)));
    String unsigned = HARMLESS.replace("ward-co2", "unsigned-everything").replace(" where co2Ppm > 1000", "");
    try (KafkaProducer<byte[], byte[]> producer = OrderedProducer.create(bootstrap)) {
      // in this order, on one partition: the harmless set is loaded; the malicious one, though signed, is
      // refused by the sandbox; the unsigned one and the one signed with another secret are refused unread
      for (String value : List.of(SIGNATURE.sign(HARMLESS), SIGNATURE.sign(malicious("pwn-topic", marker)), unsigned,
          RuleSetSignature.withSecret("a secret that is not the job's, 32+ chars").sign(unsigned))) {
        producer.send(new ProducerRecord<>(topics.anomalyRules(), "rules".getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8)));
      }
    }

    AnomalyJob job = AnomalyJob.fromConfig(config, List.of(), false, SIGNATURE);
    StreamExecutionEnvironment env = PipelineFixture.localFlink(0);
    job.configure(env);
    job.build(env);
    JobClient client = env.executeAsync("wattward anomaly, rules on the topic");
    List<DeadLetter> rejected;
    try {
      // three rejections: all four sets have been dealt with, and the harmless one, first, is running
      rejected = rulesRejected(config, 3);
      assertThat(rejected).hasSize(3).allSatisfy(d -> assertThat(d.getReason()).contains(
          "rules from the anomaly-rules topic not loaded, the 1 running rules stay"));
      // a ward's CO2 at 1300 ppm for minutes 3 to 5 (900 otherwise) until 10:44, so that event time passes
      // the rule's 30 minutes without a match
      try (KafkaProducer<byte[], byte[]> producer = OrderedProducer.create(bootstrap)) {
        for (int m = 0; m < 45; m++) {
          EnvMinute e = EnvMinute.newBuilder().setLevel("room").setNodeId(WARD).setBuilding("PPH/MAIN/IP2")
              .setRoomType("ward").setMinuteStart(T0.plusSeconds(60L * m)).setTemperatureC(22.0)
              .setCo2Ppm(m >= 3 && m <= 5 ? 1300.0 : 900.0).setOutOfRange(List.of()).build();
          producer.send(new ProducerRecord<>(topics.envMinutes(), WARD.getBytes(StandardCharsets.UTF_8),
              AvroMessages.encode(EnvMinute.getEncoder(), e)));
        }
      }
      long deadline = System.currentTimeMillis() + 90_000;
      while (fx.queryLong("SELECT count() FROM anomalies FINAL WHERE status = 'RESOLVED'") < 1
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(500);
      }
    } finally {
      client.cancel().get();
    }

    // the dead letters are spread over the topic's partitions: in no particular order
    assertThat(rejected).extracting(DeadLetter::getReason).satisfiesExactlyInAnyOrder(
        r -> assertThat(r).contains("rule 'pwn-topic' is refused", "java.lang.Runtime"),
        r -> assertThat(r).contains("the rule set is not signed"),
        r -> assertThat(r).contains("signature does not match its text"));
    // opened at the end of minute 3 (10:04), last matched at the end of minute 5 (10:06), resolved 30
    // minutes later; 1300 against 1000: +30 %
    assertThat(fx.queryLong("SELECT count() FROM anomalies FINAL")).isEqualTo(1);
    assertThat(fx.queryLong("SELECT count() FROM anomalies FINAL WHERE kind = 'RULE:ward-co2' AND node_id = '" + WARD
        + "' AND status = 'RESOLVED' AND toUnixTimestamp(started_at) = " + T0.plusSeconds(4 * 60).getEpochSecond()
        + " AND toUnixTimestamp(ended_at) = " + T0.plusSeconds(36 * 60).getEpochSecond()
        + " AND round(peak_deviation_pct, 1) = 30.0")).isEqualTo(1);
    assertThat(marker).doesNotExist();
  }

  /** The RULES_REJECTED dead letters, waiting until there are {@code n} of them (or a minute has passed). */
  private static List<DeadLetter> rulesRejected(WattwardConfig config, int n) throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrap());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, io.wattward.testing.LocalInfra.uniqueName("rejected-reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<DeadLetter> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(config.kafka().topics().deadLetters()));
      long deadline = System.currentTimeMillis() + 60_000;
      while (out.size() < n && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          DeadLetter d = DeadLetter.getDecoder().decode(ByteBuffer.wrap(r.value()));
          if (d.getReasonCode().equals("RULES_REJECTED")) {
            out.add(d);
          }
        }
      }
    }
    return out;
  }
}
