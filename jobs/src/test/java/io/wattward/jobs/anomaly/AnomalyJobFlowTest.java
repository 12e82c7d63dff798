package io.wattward.jobs.anomaly;

import static io.wattward.jobs.anomaly.AnomalyScenario.RULES;
import static io.wattward.jobs.anomaly.AnomalyScenario.SIGNATURE;
import static io.wattward.jobs.anomaly.AnomalyScenario.ZONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.jobs.testing.CollectingSink;
import io.wattward.jobs.testing.FlowCluster;
import io.wattward.jobs.testing.InMemoryTopic;
import io.wattward.schema.Anomaly;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.EnvMinute;
import io.wattward.schema.MeterMinuteRecord;
import io.wattward.schema.NodeWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The anomaly job's logic in seconds, on a MiniCluster with its topics in memory and its outputs collected:
 * the {@link AnomalyScenario}, with the same expected figures as {@link AnomalyJobEndToEndTest}. The topics
 * are read as live ones are, in event-time order and paced, so that OFFLINE and a rule's resolution come when
 * the watermark passes their deadlines (a replay read whole would jump to its end, where they do not count).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyJobFlowTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = FlowCluster.extension();

  private final CollectingSink<Anomaly> topic = new CollectingSink<>();
  private final CollectingSink<Anomaly> table = new CollectingSink<>();
  private final CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();

  @BeforeAll
  void run() throws Exception {
    Path rules = Files.createTempDirectory("wattward-rules").resolve("rules.yaml");
    Files.writeString(rules, RULES);
    WattwardConfig base = WattwardConfig.load(null, Map.of());
    var a = base.anomalies();
    WattwardConfig config = base.withAnomalies(new WattwardConfig.Anomalies(a.deviation(),
        a.flatline(), a.offline(), a.environment(), new WattwardConfig.Rules(rules.toString(), 1_000, 1_800_000)));
    Map<AnomalyScenario.Topic, InMemoryTopic> topics = new EnumMap<>(AnomalyScenario.Topic.class);
    topics.put(AnomalyScenario.Topic.NODE_WINDOWS, new InMemoryTopic("node-windows",
        v -> NodeWindow.getDecoder().decode(v).getWindowStart().toEpochMilli()));
    topics.put(AnomalyScenario.Topic.METER_MINUTES, new InMemoryTopic("meter-minutes",
        v -> MeterMinuteRecord.getDecoder().decode(v).getMinuteStart().toEpochMilli()));
    topics.put(AnomalyScenario.Topic.ENV_MINUTES, new InMemoryTopic("env-minutes",
        v -> EnvMinute.getDecoder().decode(v).getMinuteStart().toEpochMilli()));
    topics.put(AnomalyScenario.Topic.RULES, new InMemoryTopic("anomaly-rules", v -> Long.MIN_VALUE));
    for (AnomalyScenario.Record r : new AnomalyScenario(true).records) {
      topics.get(r.topic()).add(r.key(), r.value());
    }
    topics.values().forEach(t -> t.inEventTimeOrder().paced(1_000));
    AnomalyJob job = new AnomalyJob(new AnomalyJob.Sources(topics.get(AnomalyScenario.Topic.NODE_WINDOWS).source(),
        topics.get(AnomalyScenario.Topic.METER_MINUTES).source(), topics.get(AnomalyScenario.Topic.ENV_MINUTES).source(),
        topics.get(AnomalyScenario.Topic.RULES).source()),
        new AnomalyJob.Outputs(topic, table, deadLetters), config, Map.of(), SIGNATURE);
    StreamExecutionEnvironment env = FlowCluster.environment();
    job.build(env);
    env.execute("anomaly flow");
  }

  private static String at(Instant t) {
    return t == null ? "-" : LocalDateTime.ofInstant(t, ZONE).toString();
  }

  @Test
  void eachInjectedAnomalyIsFoundOnceWithItsStartEndAndExcessAndNothingElse() {
    Map<String, Anomaly> latest = new TreeMap<>();
    for (Anomaly x : table.values()) {
      latest.merge(x.getAnomalyId(), x, (p, q) -> q.getVersion() >= p.getVersion() ? q : p);
    }
    Map<String, String> rows = new TreeMap<>();
    for (Anomaly x : latest.values()) {
      rows.put(x.getKind() + " " + x.getNodeId() + " " + x.getSubject(),
          x.getStatus() + " " + x.getSeverity() + " " + at(x.getStartedAt()) + " to " + at(x.getEndedAt())
              + " dev " + Math.round(x.getPeakDeviationPct() * 10) / 10.0 + " excess "
              + Math.round(x.getExcessEnergy() * 1000) / 1000.0 + " cost " + Math.round(x.getExcessCost() * 100) / 100.0);
    }
    assertThat(rows).containsExactlyInAnyOrderEntriesOf(AnomalyScenario.EXPECTED_ROWS);
  }

  @Test
  void theTopicCarriesEachAnomalysLifeInOrder() {
    Map<String, List<String>> lives = new TreeMap<>();
    for (Anomaly x : topic.values()) {
      lives.computeIfAbsent(x.getKind() + " " + x.getNodeId(), k -> new ArrayList<>())
          .add(x.getStatus() + " v" + x.getVersion() + " " + x.getSeverity());
    }
    assertThat(lives).isEqualTo(AnomalyScenario.EXPECTED_LIVES);
  }

  @Test
  void undecodableInputAndARejectedRuleSetAreDeadLettered() {
    List<DeadLetter> letters = deadLetters.values();
    assertThat(letters).extracting(d -> d.getReasonCode() + " " + d.getJob())
        .containsExactlyInAnyOrder("UNDECODABLE anomaly", "RULES_REJECTED anomaly");
    assertThat(letters.stream().filter(d -> d.getReasonCode().equals("RULES_REJECTED")).findFirst().orElseThrow()
        .getReason()).contains("rule 'chiller-hard-in-the-cold' does not compile", "avgKW", "the 1 running rules stay");
  }
}
