package io.wattward.jobs.rollup;

import io.wattward.config.Tariff;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.DeadLetterKafkaSink;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.connectors.kafka.TopologyKafkaSource;
import io.wattward.connectors.replay.EmptySource;
import io.wattward.environment.EnvAggregate;
import io.wattward.environment.EnvEventTime;
import io.wattward.environment.EnvSample;
import io.wattward.environment.RangeProfiles;
import io.wattward.environment.SensorMinute;
import io.wattward.ingest.ReadingEventTime;
import io.wattward.jobs.common.AlwaysIdle;
import io.wattward.jobs.common.DeadLetters;
import io.wattward.jobs.common.JobRuntime;
import io.wattward.jobs.common.RawEventTime;
import io.wattward.jobs.common.Registries;
import io.wattward.jobs.common.TopologyState;
import io.wattward.normalize.LedgerReading;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.NodeContribution;
import io.wattward.rollup.WindowSize;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.MeterRegistration;
import io.wattward.topology.NodeLevel;
import io.wattward.topology.SensorInfo;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * ROLLUP: raw meter and environment readings and the topology in; consumption per meter-minute and per
 * node window, and the environment per node window, out.
 *
 * <ul>
 *   <li>In: meter-readings (Avro {@code MeterReading}, keyed by meter id); the compacted topology topic
 *       (Avro {@code MeterRegistration}), broadcast to validation and fan-out on top of the registry the
 *       job started with; env-readings (Avro {@code EnvReading}, keyed by sensor id), checked against
 *       the sensor registry the job started with.
 *   <li>Out (ClickHouse): {@code meter_minute}; {@code node_energy_1m/15m/1h/1d} for every node of both
 *       hierarchies and every virtual meter, per energy type and sub-item; {@code meter_events};
 *       {@code env_1m/15m/1h/1d} per room, floor, building, department (and campus: outdoor).
 *       Out (Kafka): dead letters with reason and original bytes; readings later than the allowed
 *       lateness on the late-readings topic; for the jobs downstream, meter-minutes, node windows of 15
 *       minutes and 1 hour, and room and outdoor environment minutes (Avro).
 *   <li>Keys: meter id (normalisation), node|energy type|sub-item (windows), sensor id (sensor-minutes),
 *       level|node (environment windows). Event time throughout,
 *       watermarks with bounded out-of-orderness; days in the hospital's time zone.
 *   <li>Guarantees: exactly-once results in ClickHouse (checkpointed state and source offsets, sinks
 *       flushed on checkpoints, versioned idempotent rows; corrections replace, never add; a row built
 *       from less data never replaces one built from more); exactly once on the meter-minutes,
 *       node-windows and env-minutes topics (Kafka transactions committed with the checkpoints); at least
 *       once on the dead-letter and late-readings topics.
 * </ul>
 */
public final class RollupJob {

  public static final String NAME = "rollup";

  /**
   * The format of the job's state (2: the meter ledger and the window lifecycle; 1: the builds before). Raised whenever a checkpoint of the build before cannot carry
   * over: the command line then refuses to resume from one and asks for {@code --fresh} once.
   */
  public static final int STATE_FORMAT = 2;

  /** Where the job writes. */
  public record Outputs(Sink<MeterMinute> meterMinutes, Map<WindowSize, Sink<NodeAggregate>> nodeEnergy,
      Sink<MeterEvent> meterEvents, Map<WindowSize, Sink<EnvAggregate>> envWindows, Sink<DeadLetter> deadLetters,
      Sink<DeadLetter> lateReadings, Sink<MeterMinute> meterMinuteTopic, Sink<NodeAggregate> nodeWindowTopic,
      Sink<EnvAggregate> envMinuteTopic) {

    /** The same ClickHouse outputs; nothing to Kafka. */
    public Outputs clickHouseOnly() {
      return new Outputs(meterMinutes, nodeEnergy, meterEvents, envWindows, new DiscardingSink<>(),
          new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>());
    }

    /** The same outputs with another meter_minute sink (tests inject failures this way). */
    public Outputs withMeterMinutes(Sink<MeterMinute> sink) {
      return new Outputs(sink, nodeEnergy, meterEvents, envWindows, deadLetters, lateReadings, meterMinuteTopic,
          nodeWindowTopic, envMinuteTopic);
    }
  }

  private final Source<RawRecord, ?, ?> readings;
  private final Source<MeterRegistration, ?, ?> topologyUpdates;
  private final List<MeterRegistration> initialTopology;
  private final Source<RawRecord, ?, ?> envReadings;
  private final List<SensorInfo> sensors;
  private final Outputs outputs;
  private final WattwardConfig.Pipeline pipeline;
  private final WattwardConfig.Rollup rollup;
  private final WattwardConfig.Environment environment;
  private final WattwardConfig config;

  public RollupJob(Source<RawRecord, ?, ?> readings, Source<MeterRegistration, ?, ?> topologyUpdates,
      List<MeterRegistration> initialTopology, Source<RawRecord, ?, ?> envReadings, List<SensorInfo> sensors,
      Outputs outputs, WattwardConfig config) {
    this.readings = readings;
    this.topologyUpdates = topologyUpdates;
    this.initialTopology = initialTopology;
    this.envReadings = envReadings;
    this.sensors = List.copyOf(sensors);
    this.outputs = outputs;
    this.pipeline = config.pipeline();
    this.rollup = config.rollup();
    this.environment = config.environment();
    this.config = config;
  }

  /**
   * The same job with empty sources in place of Kafka, writing to ClickHouse only: restored from a
   * savepoint, it plays the state out to the end of event time and writes every window still open as it
   * stands (the end of a bounded run). The topics for the jobs downstream get those windows only when the
   * job carries on from the savepoint and closes them: a window half-way through is no news for them.
   */
  public RollupJob withEndedSources() {
    return new RollupJob(EmptySource.of(RawRecord.class), EmptySource.of(MeterRegistration.class), initialTopology,
        EmptySource.of(RawRecord.class), sensors, outputs.clickHouseOnly(), config);
  }

  /** The production edges: Kafka in, ClickHouse and Kafka out. */
  public static RollupJob fromConfig(WattwardConfig config, List<MeterRegistration> initialTopology,
      List<SensorInfo> sensors, boolean bounded) {
    ensureTopics(config);
    WattwardConfig.Kafka kafka = config.kafka();
    WattwardConfig.Topics topics = kafka.topics();
    WattwardConfig.Pipeline p = config.pipeline();
    String group = inputs(config).group();
    return new RollupJob(
        RawKafkaSource.of(kafka.bootstrap(), topics.meterReadings(), group, bounded,
            new ReadingEventTime(p.maxFutureSkewMs())),
        TopologyKafkaSource.of(kafka.bootstrap(), topics.topology(), bounded),
        initialTopology,
        RawKafkaSource.of(kafka.bootstrap(), topics.envReadings(), group, bounded, new EnvEventTime(p.maxFutureSkewMs())),
        sensors,
        outputs(config),
        config);
  }

  /** The data topics the job reads, and its consumer group (one per job and database). */
  public static io.wattward.connectors.kafka.ConsumedTopics inputs(WattwardConfig config) {
    WattwardConfig.Topics topics = config.kafka().topics();
    return new io.wattward.connectors.kafka.ConsumedTopics("wattward-" + NAME + "-" + config.clickhouse().database(),
        List.of(topics.meterReadings(), topics.envReadings()));
  }

  /** Creates the job's topics if they are missing. */
  public static void ensureTopics(WattwardConfig config) {
    WattwardConfig.Kafka kafka = config.kafka();
    KafkaTopics.requireTransactionTimeout(kafka.bootstrap(),
        io.wattward.connectors.kafka.ProducerSettings.TRANSACTION_TIMEOUT_MS);
    WattwardConfig.Topics topics = kafka.topics();
    KafkaTopics.ensure(kafka.bootstrap(), List.of(
        new KafkaTopics.Spec(topics.meterReadings(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.envReadings(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.topology(), 1, true),
        new KafkaTopics.Spec(topics.deadLetters(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.lateReadings(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.meterMinutes(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.nodeWindows(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.envMinutes(), kafka.partitions(), false)));
  }

  public static Outputs outputs(WattwardConfig config) {
    Map<WindowSize, Sink<NodeAggregate>> nodes = new EnumMap<>(WindowSize.class);
    Map<WindowSize, Sink<EnvAggregate>> env = new EnumMap<>(WindowSize.class);
    for (WindowSize size : WindowSize.values()) {
      nodes.put(size, RollupTables.nodeEnergy(size).sink(config));
      env.put(size, RollupTables.envWindows(size).sink(config));
    }
    String bootstrap = config.kafka().bootstrap();
    WattwardConfig.Topics topics = config.kafka().topics();
    String transactions = "wattward-" + NAME + "-" + config.clickhouse().database();
    return new Outputs(RollupTables.METER_MINUTE.sink(config), nodes, RollupTables.METER_EVENTS.sink(config), env,
        DeadLetterKafkaSink.of(bootstrap, topics.deadLetters()),
        DeadLetterKafkaSink.of(bootstrap, topics.lateReadings()),
        RollupTopics.meterMinutes(bootstrap, topics.meterMinutes(), transactions),
        RollupTopics.nodeWindows(bootstrap, topics.nodeWindows(), transactions),
        RollupTopics.envMinutes(bootstrap, topics.envMinutes(), transactions));
  }

  /** Adds the job's pipeline to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    BroadcastStream<MeterRegistration> topology = env
        .fromSource(topologyUpdates, WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle<MeterRegistration>()), "topology")
        .uid(EmptySource.uid(topologyUpdates, "topology-source"))
        .broadcast(TopologyState.DESCRIPTOR);
    SingleOutputStreamOperator<LedgerReading> valid = env
        .fromSource(readings, RawEventTime.of(readings, pipeline), "meter-readings")
        .uid(EmptySource.uid(readings, "meter-readings-source"))
        .connect(topology)
        .process(new DecodeAndValidate(NAME, initialTopology, pipeline.maxFutureSkewMs()))
        .name("decode + validate").uid("decode-validate");
    SingleOutputStreamOperator<MeterMinute> minutes = valid
        .keyBy(sample -> sample.meterId)
        .process(new MeterNormalizer(NAME, rollup.allowedLatenessMs(), rollup.maxGapMs(),
            rollup.spikesBeforeNewBaseline()))
        .name("normalise per meter-minute").uid("meter-minute");
    minutes.sinkTo(outputs.meterMinutes()).name("clickhouse meter_minute").uid("meter-minute-sink");
    minutes.sinkTo(outputs.meterMinuteTopic()).name("kafka meter-minutes").uid("meter-minute-topic");
    minutes.getSideOutput(MeterNormalizer.EVENTS).sinkTo(outputs.meterEvents())
        .name("clickhouse meter_events").uid("meter-events-sink");
    nodeWindows(minutes, topology);

    SingleOutputStreamOperator<EnvSample> envValid = env
        .fromSource(envReadings, RawEventTime.of(envReadings, pipeline), "env-readings")
        .uid(EmptySource.uid(envReadings, "env-readings-source"))
        .process(new DecodeEnv(NAME, sensors, pipeline.maxFutureSkewMs()))
        .name("decode + validate environment").uid("env-decode-validate");
    SingleOutputStreamOperator<SensorMinute> sensorMinutes = envValid
        .keyBy(s -> s.sensorId)
        .process(new SensorMinutes(NAME, environment.allowedLatenessMs()))
        .name("environment per sensor-minute").uid("sensor-minute");
    envWindows(sensorMinutes);

    valid.getSideOutput(DeadLetters.TAG).union(minutes.getSideOutput(DeadLetters.TAG),
            envValid.getSideOutput(DeadLetters.TAG), sensorMinutes.getSideOutput(DeadLetters.TAG))
        .sinkTo(outputs.deadLetters()).name("dead letters").uid("dead-letter-sink");
    minutes.getSideOutput(MeterNormalizer.LATE).union(sensorMinutes.getSideOutput(MeterNormalizer.LATE))
        .sinkTo(outputs.lateReadings()).name("late readings").uid("late-readings-sink");
  }

  /** Meter-minutes to every node of both hierarchies and every virtual meter, windowed at every size. */
  private void nodeWindows(SingleOutputStreamOperator<MeterMinute> minutes,
      BroadcastStream<MeterRegistration> topology) {
    SingleOutputStreamOperator<NodeAggregate> nodes = minutes
        .connect(topology)
        .process(new FanOut(initialTopology)).name("fan out to both hierarchies").uid("fan-out")
        .transform("combine per node-minute", TypeInformation.of(NodeContribution.class), new CombineNodeMinutes())
        .uid("combine-node-minutes")
        .keyBy(c -> c.key)
        .transform("node windows 1m/15m/1h/1d", TypeInformation.of(NodeAggregate.class), new NodeWindowsOperator(
            new NodeWindows(rollup.zone(), rollup.allowedLatenessMs() + rollup.maxGapMs(), Tariff.of(rollup),
                rollup.tceKgPerUnit(), rollup.co2KgPerUnit())))
        .uid("node-windows");
    // minute rows are the main output, the longer windows' rows a side output per size
    Map<WindowSize, DataStream<NodeAggregate>> bySize = new EnumMap<>(WindowSize.class);
    for (WindowSize size : WindowSize.values()) {
      bySize.put(size, size == WindowSize.MINUTE ? nodes : nodes.getSideOutput(NodeWindows.output(size)));
    }
    bySize.get(WindowSize.QUARTER_HOUR).union(bySize.get(WindowSize.HOUR))
        .sinkTo(outputs.nodeWindowTopic()).name("kafka node-windows").uid("node-window-topic");
    for (WindowSize size : WindowSize.values()) {
      bySize.get(size)
          .sinkTo(outputs.nodeEnergy().get(size)).name("clickhouse node_energy_" + size.suffix)
          .uid("node-energy-" + size.suffix + "-sink");
    }
  }

  /** Sensor-minutes to every room, floor, building and department (campus: outdoor), windowed at every size. */
  private void envWindows(SingleOutputStreamOperator<SensorMinute> sensorMinutes) {
    SingleOutputStreamOperator<EnvAggregate> envWindows = sensorMinutes
        .flatMap(new EnvFanOut(sensors, new RangeProfiles(environment.profiles())))
        .name("environment fan out").uid("env-fan-out")
        .keyBy(c -> c.key)
        .process(new EnvWindows(rollup.zone(), environment.allowedLatenessMs()))
        .name("environment windows 1m/15m/1h/1d").uid("env-windows");
    // minute rows are the main output, the longer windows' rows a side output per size
    envWindows.filter(a -> NodeLevel.ROOM.is(a.level) || NodeLevel.CAMPUS.is(a.level))
        .name("env minutes of rooms and outdoors")
        .sinkTo(outputs.envMinuteTopic()).name("kafka env-minutes").uid("env-minute-topic");
    for (WindowSize size : WindowSize.values()) {
      (size == WindowSize.MINUTE ? envWindows : envWindows.getSideOutput(EnvWindows.output(size)))
          .sinkTo(outputs.envWindows().get(size)).name("clickhouse env_" + size.suffix)
          .uid("env-" + size.suffix + "-sink");
    }
  }

  /** Runs the job on {@code env} (a local MiniCluster when started from the command line). */
  public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
    configure(env);
    build(env);
    return env.execute("wattward " + NAME);
  }

  /** Parallelism, checkpoints and their storage, as the job's settings say; then {@link #build}. */
  public void configure(StreamExecutionEnvironment env) {
    JobRuntime.configure(env, pipeline);
  }

  public static void main(String[] args) throws Exception {
    WattwardConfig config = WattwardConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
    fromConfig(config, Registries.meters(config, Path.of("")), Registries.sensors(config, Path.of("")), false)
        .run(StreamExecutionEnvironment.getExecutionEnvironment());
  }
}
