package io.wattward.jobs.rollup;

import io.wattward.config.Tariff;
import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.DeadLetterKafkaSink;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.connectors.kafka.TopologyKafkaSource;
import io.wattward.hierarchy.TopologyState;
import io.wattward.ingest.DeadLetters;
import io.wattward.ingest.DecodeAndValidate;
import io.wattward.ingest.MeterSample;
import io.wattward.ingest.ReadingEventTime;
import io.wattward.normalize.MeterEvent;
import io.wattward.normalize.MeterMinute;
import io.wattward.normalize.MeterNormalizer;
import io.wattward.rollup.FanOut;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.NodeWindows;
import io.wattward.rollup.WindowSize;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.MeterRegistration;
import io.wattward.topology.TopologyCsv;
import io.wattward.topology.TopologyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * ROLLUP: raw meter readings and the topology in; consumption per meter-minute and per node window out.
 *
 * <ul>
 *   <li>In: meter-readings (Avro {@code MeterReading}, keyed by meter id); the compacted topology topic
 *       (Avro {@code MeterRegistration}), broadcast to validation and fan-out on top of the registry the
 *       job started with.
 *   <li>Out (ClickHouse): {@code meter_minute}; {@code node_energy_1m/15m/1h/1d} for every node of both
 *       hierarchies and every virtual meter, per energy type and sub-item; {@code meter_events}.
 *       Out (Kafka): dead letters with reason and original bytes; readings later than the allowed
 *       lateness on the late-readings topic.
 *   <li>Keys: meter id (normalisation), node|energy type|sub-item (windows). Event time throughout,
 *       watermarks with bounded out-of-orderness; days in the hospital's time zone.
 *   <li>Guarantees: exactly-once results in ClickHouse (checkpointed state and source offsets, sinks
 *       flushed on checkpoints, versioned idempotent rows; corrections replace, never add);
 *       at-least-once on the Kafka topics.
 * </ul>
 */
public final class RollupJob {

  public static final String NAME = "rollup";

  /** Where the job writes. */
  public record Outputs(Sink<MeterMinute> meterMinutes, Map<WindowSize, Sink<NodeAggregate>> nodeEnergy,
      Sink<MeterEvent> meterEvents, Sink<DeadLetter> deadLetters, Sink<DeadLetter> lateReadings) {}

  private final Source<RawRecord, ?, ?> readings;
  private final Source<MeterRegistration, ?, ?> topologyUpdates;
  private final List<MeterRegistration> initialTopology;
  private final Outputs outputs;
  private final WattwardConfig.Pipeline pipeline;
  private final WattwardConfig.Rollup rollup;

  public RollupJob(Source<RawRecord, ?, ?> readings, Source<MeterRegistration, ?, ?> topologyUpdates,
      List<MeterRegistration> initialTopology, Outputs outputs, WattwardConfig.Pipeline pipeline,
      WattwardConfig.Rollup rollup) {
    this.readings = readings;
    this.topologyUpdates = topologyUpdates;
    this.initialTopology = initialTopology;
    this.outputs = outputs;
    this.pipeline = pipeline;
    this.rollup = rollup;
  }

  /** The production edges: Kafka in, ClickHouse and Kafka out. */
  public static RollupJob fromConfig(WattwardConfig config, List<MeterRegistration> initialTopology,
      boolean bounded) {
    ensureTopics(config);
    WattwardConfig.Kafka kafka = config.kafka();
    WattwardConfig.Topics topics = kafka.topics();
    WattwardConfig.Pipeline p = config.pipeline();
    return new RollupJob(
        RawKafkaSource.of(kafka.bootstrap(), topics.meterReadings(), "wattward-" + NAME + "-" + config.clickhouse().database(),
            bounded, new ReadingEventTime(p.maxFutureSkewMs())),
        TopologyKafkaSource.of(kafka.bootstrap(), topics.topology(), bounded),
        initialTopology,
        outputs(config),
        p, config.rollup());
  }

  /** Creates the job's topics if they are missing. */
  public static void ensureTopics(WattwardConfig config) {
    WattwardConfig.Kafka kafka = config.kafka();
    WattwardConfig.Topics topics = kafka.topics();
    KafkaTopics.ensure(kafka.bootstrap(), List.of(
        new KafkaTopics.Spec(topics.meterReadings(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.topology(), 1, true),
        new KafkaTopics.Spec(topics.deadLetters(), kafka.partitions(), false),
        new KafkaTopics.Spec(topics.lateReadings(), kafka.partitions(), false)));
  }

  public static Outputs outputs(WattwardConfig config) {
    WattwardConfig.Pipeline p = config.pipeline();
    RollupSinks sinks = new RollupSinks(config.clickhouse().endpoint(), p.sinkBatchSize(), p.sinkFlushIntervalMs(),
        p.sinkMaxRetries());
    Map<WindowSize, Sink<NodeAggregate>> nodes = new EnumMap<>(WindowSize.class);
    for (WindowSize size : WindowSize.values()) {
      nodes.put(size, sinks.nodeEnergy(size));
    }
    String bootstrap = config.kafka().bootstrap();
    return new Outputs(sinks.meterMinutes(), nodes, sinks.meterEvents(),
        DeadLetterKafkaSink.of(bootstrap, config.kafka().topics().deadLetters()),
        DeadLetterKafkaSink.of(bootstrap, config.kafka().topics().lateReadings()));
  }

  /** Adds the job's pipeline to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    BroadcastStream<MeterRegistration> topology = env
        .fromSource(topologyUpdates, WatermarkStrategy.forGenerator(ctx -> new AlwaysIdle()), "topology")
        .uid("topology-source")
        .broadcast(TopologyState.DESCRIPTOR);

    // event time per Kafka partition, in the source: its idleness clock pauses under backpressure, so a
    // busy partition is never taken for an idle one and passed by the watermark
    SingleOutputStreamOperator<MeterSample> valid = env
        .fromSource(readings, WatermarkStrategy
            .<RawRecord>forBoundedOutOfOrderness(Duration.ofMillis(pipeline.maxOutOfOrdernessMs()))
            .withTimestampAssigner((raw, kafkaTs) -> raw.eventTimeMs)
            .withIdleness(Duration.ofMillis(pipeline.idleSourceMs())), "meter-readings")
        .uid("meter-readings-source")
        .connect(topology)
        .process(new DecodeAndValidate(NAME, initialTopology, pipeline.maxFutureSkewMs()))
        .name("decode + validate").uid("decode-validate");

    SingleOutputStreamOperator<MeterMinute> minutes = valid
        .keyBy(sample -> sample.meterId)
        .process(new MeterNormalizer(NAME, rollup.allowedLatenessMs(), rollup.maxGapMs(),
            rollup.spikesBeforeNewBaseline()))
        .name("normalise per meter-minute").uid("meter-minute");

    SingleOutputStreamOperator<NodeAggregate> nodes = minutes
        .connect(topology)
        .process(new FanOut(initialTopology)).name("fan out to both hierarchies").uid("fan-out")
        .keyBy(c -> c.key)
        .process(new NodeWindows(rollup.zone(), rollup.allowedLatenessMs() + rollup.maxGapMs(), Tariff.of(rollup),
            rollup.tceKgPerUnit(), rollup.co2KgPerUnit()))
        .name("node windows 1m/15m/1h/1d").uid("node-windows");

    minutes.sinkTo(outputs.meterMinutes()).name("clickhouse meter_minute").uid("meter-minute-sink");
    for (WindowSize size : WindowSize.values()) {
      nodes.filter(a -> a.size == size).name("window " + size.suffix)
          .sinkTo(outputs.nodeEnergy().get(size)).name("clickhouse node_energy_" + size.suffix)
          .uid("node-energy-" + size.suffix + "-sink");
    }
    minutes.getSideOutput(MeterNormalizer.EVENTS).sinkTo(outputs.meterEvents())
        .name("clickhouse meter_events").uid("meter-events-sink");
    valid.getSideOutput(DeadLetters.TAG).union(minutes.getSideOutput(DeadLetters.TAG))
        .sinkTo(outputs.deadLetters()).name("dead letters").uid("dead-letter-sink");
    minutes.getSideOutput(MeterNormalizer.LATE).sinkTo(outputs.lateReadings())
        .name("late readings").uid("late-readings-sink");
  }

  /** Runs the job on {@code env} (a local MiniCluster when started from the command line). */
  public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
    configure(env);
    build(env);
    return env.execute("wattward " + NAME);
  }

  /** Parallelism, checkpoints and their storage, as the job's settings say; then {@link #build}. */
  public void configure(StreamExecutionEnvironment env) {
    env.setParallelism(pipeline.parallelism());
    env.enableCheckpointing(pipeline.checkpointIntervalMs());
    String dir = pipeline.checkpointDir();
    if (dir != null && !dir.isBlank()) {
      // keyed state holds an allowed lateness worth of readings per meter: far more than the
      // JobManager's in-memory checkpoint storage takes
      org.apache.flink.configuration.Configuration storage = new org.apache.flink.configuration.Configuration();
      storage.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      storage.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          dir.contains("://") ? dir : Path.of(dir).toAbsolutePath().toUri().toString());
      env.configure(storage);
    }
  }

  /**
   * The registry the job starts with: what is on the topology topic, or else the topology CSV of the
   * configuration.
   */
  public static List<MeterRegistration> initialTopology(WattwardConfig config, Path home) throws Exception {
    KafkaTopics.ensure(config.kafka().bootstrap(), List.of(new KafkaTopics.Spec(config.kafka().topics().topology(), 1, true)));
    List<MeterRegistration> fromTopic = TopologyLoader.readAll(config.kafka().bootstrap(), config.kafka().topics().topology());
    if (!fromTopic.isEmpty()) {
      return fromTopic;
    }
    Path csv = home.resolve(config.pipeline().topologyCsv());
    if (Files.isRegularFile(csv)) {
      return TopologyCsv.read(csv);
    }
    throw new IllegalStateException("no meter registry: topic " + config.kafka().topics().topology()
        + " is empty and " + csv + " does not exist (run `wattward topology load --csv FILE`)");
  }

  public static void main(String[] args) throws Exception {
    WattwardConfig config = WattwardConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
    fromConfig(config, initialTopology(config, Path.of("")), false)
        .run(StreamExecutionEnvironment.getExecutionEnvironment());
  }

  /**
   * Watermarks of the topology stream: it carries no event time of its own, so it stays idle, and the
   * operators it is connected to follow the readings' event time alone (an idle input does not count
   * toward a two-input operator's watermark; a stream with a watermark of its own, even the maximum,
   * would take over whenever the readings went quiet).
   */
  private static final class AlwaysIdle implements WatermarkGenerator<MeterRegistration> {
    @Override
    public void onEvent(MeterRegistration event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.markIdle();
    }
  }
}
