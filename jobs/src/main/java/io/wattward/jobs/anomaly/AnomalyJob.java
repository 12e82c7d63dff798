package io.wattward.jobs.anomaly;

import io.wattward.anomaly.rules.RuleException;
import io.wattward.anomaly.rules.RuleInput;
import io.wattward.anomaly.rules.RuleMatch;
import io.wattward.anomaly.rules.RuleSetSignature;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.DeadLetterKafkaSink;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.jobs.common.AlwaysIdle;
import io.wattward.jobs.common.AnomalyOutputs;
import io.wattward.jobs.common.AvroDecode;
import io.wattward.jobs.common.AvroTopics;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.jobs.common.JobRuntime;
import io.wattward.jobs.common.Registries;
import io.wattward.schema.Anomaly;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.EnvMinute;
import io.wattward.schema.MeterMinuteRecord;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.NodeWindow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * ANOMALY: what the rollup job publishes in; anomalies (open / update / resolve) out.
 *
 * <ul>
 *   <li>In: meter-minutes (FLATLINE; OFFLINE by event-time timers), env-minutes (ENV_OUT_OF_RANGE per room
 *       and factor, with a minimum duration), node-windows (for the user rules). JUMP and NIGHT_BASE_LOAD
 *       are the forecast job's: they judge a node against its load forecaster.
 *   <li>User rules: EPL statements from the rules file (reloaded when it changes) and the anomaly-rules
 *       topic (only sets signed with WATTWARD_RULES_SECRET), run on Esper in a sandbox over every window
 *       and environment minute; a match opens RULE:&lt;name&gt;.
 *   <li>Out: the anomalies topic (Avro {@code Anomaly}, keyed by anomaly id: the notifier reads it) and
 *       ClickHouse {@code anomalies}; undecodable input to the dead letters.
 *   <li>Keys: meter id, room, rule and subject. Event time from the windows' and minutes'
 *       starts, watermarks per Kafka partition.
 *   <li>Guarantees: detector state and open anomalies are checkpointed; anomaly rows are versioned
 *       upserts (at-least-once on the topic: the notifier deduplicates by id and version).
 * </ul>
 */
public final class AnomalyJob {

  public static final String NAME = "anomaly";

  /**
   * The format of the job's state (1: as first released; 2: JUMP and NIGHT_BASE_LOAD moved to the forecast
   * job, their operator and its state gone). Raised whenever a checkpoint of the build before cannot carry
   * over: the command line then refuses to resume from one and asks for {@code --fresh} once.
   */
  public static final int STATE_FORMAT = 2;

  public record Sources(Source<RawRecord, ?, ?> nodeWindows, Source<RawRecord, ?, ?> meterMinutes,
      Source<RawRecord, ?, ?> envMinutes, Source<RawRecord, ?, ?> rules) {}

  public record Outputs(Sink<Anomaly> topic, Sink<Anomaly> clickhouse, Sink<DeadLetter> deadLetters) {}

  private final Sources sources;
  private final Outputs outputs;
  private final WattwardConfig config;
  private final Map<String, String> meterBuildings;
  private final RuleSetSignature rulesSignature;

  /** A job that accepts no rule set from the topic (no rules secret). */
  public AnomalyJob(Sources sources, Outputs outputs, WattwardConfig config, Map<String, String> meterBuildings) {
    this(sources, outputs, config, meterBuildings, RuleSetSignature.none());
  }

  public AnomalyJob(Sources sources, Outputs outputs, WattwardConfig config, Map<String, String> meterBuildings,
      RuleSetSignature rulesSignature) {
    this.sources = sources;
    this.outputs = outputs;
    this.config = config;
    this.meterBuildings = Map.copyOf(meterBuildings);
    this.rulesSignature = rulesSignature;
  }

  /** The job as configured, with the rules secret from WATTWARD_RULES_SECRET. */
  public static AnomalyJob fromConfig(WattwardConfig config, List<MeterRegistration> topology, boolean bounded) {
    return fromConfig(config, topology, bounded, RuleSetSignature.fromEnvironment(System.getenv()));
  }

  public static AnomalyJob fromConfig(WattwardConfig config, List<MeterRegistration> topology, boolean bounded,
      RuleSetSignature rulesSignature) {
    WattwardConfig.Kafka kafka = config.kafka();
    WattwardConfig.Topics topics = kafka.topics();
    KafkaTopics.ensure(kafka.bootstrap(), List.of(
        new KafkaTopics.Spec(topics.nodeWindows(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.meterMinutes(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.envMinutes(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.anomalies(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.anomalyRules(), 1, true),
        new KafkaTopics.Spec(topics.deadLetters(), kafka.partitions(), false)));
    String group = inputs(config).group();
    Sources sources = new Sources(
        AvroTopics.source(kafka.bootstrap(), topics.nodeWindows(), group, bounded,
            v -> NodeWindow.getDecoder().decode(v).getWindowStart().toEpochMilli()),
        AvroTopics.source(kafka.bootstrap(), topics.meterMinutes(), group, bounded,
            v -> MeterMinuteRecord.getDecoder().decode(v).getMinuteStart().toEpochMilli()),
        AvroTopics.source(kafka.bootstrap(), topics.envMinutes(), group, bounded,
            v -> EnvMinute.getDecoder().decode(v).getMinuteStart().toEpochMilli()),
        RawKafkaSource.of(kafka.bootstrap(), topics.anomalyRules(), group + "-rules-" + java.util.UUID.randomUUID(),
            bounded, v -> Long.MIN_VALUE));
    try {
      // a bad rule in the file (one that does not compile, or that the sandbox refuses) stops the job here,
      // with the rule's name and the reason
      RuleOperator.readFile(config.anomalies().rules().file());
    } catch (RuleException e) {
      throw e;
    } catch (Exception e) {
      throw new RuleException("cannot read the rules file " + config.anomalies().rules().file() + ": " + e, e);
    }
    Outputs outputs = new Outputs(AnomalyOutputs.topic(kafka.bootstrap(), topics.anomalies()),
        AnomalyOutputs.TABLE.sink(config),
        DeadLetterKafkaSink.of(kafka.bootstrap(), topics.deadLetters()));
    return new AnomalyJob(sources, outputs, config, buildings(topology), rulesSignature);
  }

  /** The data topics the job reads, and its consumer group (one per job and database). */
  public static io.wattward.connectors.kafka.ConsumedTopics inputs(WattwardConfig config) {
    WattwardConfig.Topics topics = config.kafka().topics();
    return new io.wattward.connectors.kafka.ConsumedTopics("wattward-" + NAME + "-" + config.clickhouse().database(),
        List.of(topics.nodeWindows(), topics.meterMinutes(), topics.envMinutes()));
  }

  /** Meter id to the node id of its building (latest registration), for routing meter anomalies. */
  static Map<String, String> buildings(List<MeterRegistration> topology) {
    Map<String, String> out = new HashMap<>();
    for (MeterRegistration r : topology) {
      var s = r.getSpatial();
      if (s.getBuilding() != null) {
        out.put(r.getMeterId(), s.getHospital() + "/" + s.getCampus() + "/" + s.getBuilding());
      }
    }
    return out;
  }

  private <T> SingleOutputStreamOperator<T> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source,
      String name, String type, AvroDecode.Decoder<T> decoder, Class<T> cls) {
    return AvroTopics.read(env, source, config.pipeline(), NAME, name, type, decoder, cls);
  }

  public void build(StreamExecutionEnvironment env) {
    String zone = config.rollup().zone();
    WattwardConfig.Anomalies a = config.anomalies();
    SingleOutputStreamOperator<NodeWindow> windows = read(env, sources.nodeWindows(), "node-windows", "NodeWindow",
        NodeWindow::getDecoder, NodeWindow.class);
    SingleOutputStreamOperator<MeterMinuteRecord> minutes = read(env, sources.meterMinutes(), "meter-minutes",
        "MeterMinuteRecord", MeterMinuteRecord::getDecoder, MeterMinuteRecord.class);
    SingleOutputStreamOperator<EnvMinute> envMinutes = read(env, sources.envMinutes(), "env-minutes", "EnvMinute",
        EnvMinute::getDecoder, EnvMinute.class);

    DataStream<Anomaly> fromMeters = minutes.keyBy(m -> m.getMeterId())
        .process(new MeterMinuteDetection(zone, a, meterBuildings)).name("flatline, offline").uid("meter-detection");
    DataStream<Anomaly> fromRooms = envMinutes.keyBy(m -> m.getNodeId())
        .process(new EnvMinuteDetection(a.environment())).name("environment out of range").uid("env-detection");

    SingleOutputStreamOperator<RuleMatch> matches = ruleMatches(env, windows, envMinutes);
    DataStream<Anomaly> fromRules = matches.keyBy(RuleMatch::key)
        .process(new RuleAnomalies(a.rules().resolveAfterMs())).name("rule anomalies").uid("rule-anomalies");

    DataStream<Anomaly> anomalies = fromMeters.union(fromRooms, fromRules);
    anomalies.sinkTo(outputs.topic()).name("kafka anomalies").uid("anomalies-topic");
    anomalies.sinkTo(outputs.clickhouse()).name("clickhouse anomalies").uid("anomalies-clickhouse");
    DataStream<DeadLetter> rejectedRules = matches.getSideOutput(RuleOperator.REJECTED)
        .map(AnomalyJob::rejectedRules).name("rejected rule sets");
    windows.getSideOutput(DeadLetters.TAG).union(minutes.getSideOutput(DeadLetters.TAG),
            envMinutes.getSideOutput(DeadLetters.TAG), rejectedRules)
        .sinkTo(outputs.deadLetters()).name("dead letters").uid("dead-letter-sink");
  }

  /**
   * User rules: one Esper instance sees every window and environment minute; the rules topic is control, its
   * rule sets checked against their signatures in the rules operator.
   */
  private SingleOutputStreamOperator<RuleMatch> ruleMatches(StreamExecutionEnvironment env,
      DataStream<NodeWindow> windows, DataStream<EnvMinute> envMinutes) {
    WattwardConfig.Rules rules = config.anomalies().rules();
    DataStream<String> ruleSets = env
        .fromSource(sources.rules(), WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle<RawRecord>()), "anomaly-rules")
        .uid("anomaly-rules-source")
        .filter(r -> r.value != null).name("rule sets")
        .map(r -> new String(r.value, java.nio.charset.StandardCharsets.UTF_8)).name("rule set text");
    return windows.filter(w -> w.getVersion() == 1).map(RuleInput::of)
        .name("windows for rules")
        .union(envMinutes.map(RuleInput::of).name("environment for rules"))
        .keyBy(in -> 0)
        .connect(ruleSets.keyBy(text -> 0))
        .process(new RuleOperator(rules.file(), rules.checkIntervalMs(), rulesSignature)).name("user rules (Esper)")
        .uid("rules").setParallelism(1).setMaxParallelism(1);
  }

  /** A rule set that was not loaded, as a dead letter (reason RULES_REJECTED) anyone can list. */
  static DeadLetter rejectedRules(String message) {
    return DeadLetter.newBuilder().setReasonCode("RULES_REJECTED").setReason(message).setJob(NAME)
        .setSourceTopic("").setSourcePartition(-1).setSourceOffset(-1)
        .setDeadLetteredAt(java.time.Instant.now()).build();
  }

  public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
    configure(env);
    build(env);
    return env.execute("wattward " + NAME);
  }

  public void configure(StreamExecutionEnvironment env) {
    JobRuntime.configure(env, config.pipeline());
  }

  public static void main(String[] args) throws Exception {
    WattwardConfig config = WattwardConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
    fromConfig(config, Registries.meters(config, Path.of("")), false)
        .run(StreamExecutionEnvironment.getExecutionEnvironment());
  }
}
