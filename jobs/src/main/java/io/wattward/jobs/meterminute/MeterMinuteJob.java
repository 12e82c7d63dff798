package io.wattward.jobs.meterminute;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.DeadLetterKafkaSink;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.ingest.DeadLetters;
import io.wattward.ingest.DecodeAndValidate;
import io.wattward.ingest.MeterSample;
import io.wattward.normalize.MeterMinute;
import io.wattward.normalize.MeterMinuteFunction;
import io.wattward.schema.DeadLetter;
import io.wattward.topology.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * METER-MINUTE: raw meter readings in, consumption per meter per minute out.
 *
 * <ul>
 *   <li>In: the meter-readings topic, Avro {@link io.wattward.schema.MeterReading} keyed by meter id.
 *   <li>Out: ClickHouse {@code meter_minute}, one row per (meter, minute) in event time; the
 *       dead-letter topic for every record it cannot use, with the reason and the original bytes.
 *   <li>Keys: meter id. Windows: none; a minute is emitted when a reading at or after its end has
 *       been applied. Watermarks: bounded out-of-orderness, per source subtask, idle-aware.
 *   <li>Guarantees: exactly-once results in ClickHouse (checkpointed state and source offsets, sink
 *       flushed on checkpoints, idempotent rows); at-least-once on the dead-letter topic.
 * </ul>
 */
public final class MeterMinuteJob {

  public static final String NAME = "meter-minute";

  private final Source<RawRecord, ?, ?> readings;
  private final Sink<MeterMinute> minutes;
  private final Sink<DeadLetter> deadLetters;
  private final MeterRegistry registry;
  private final WattwardConfig.MeterMinute settings;

  public MeterMinuteJob(Source<RawRecord, ?, ?> readings, Sink<MeterMinute> minutes,
      Sink<DeadLetter> deadLetters, MeterRegistry registry, WattwardConfig.MeterMinute settings) {
    this.readings = readings;
    this.minutes = minutes;
    this.deadLetters = deadLetters;
    this.registry = registry;
    this.settings = settings;
  }

  /** The production edges: Kafka in, ClickHouse and the dead-letter topic out. */
  public static MeterMinuteJob fromConfig(WattwardConfig config, MeterRegistry registry, boolean bounded) {
    WattwardConfig.Kafka kafka = config.kafka();
    WattwardConfig.MeterMinute s = config.meterMinute();
    KafkaTopics.ensure(kafka.bootstrap(), List.of(
        new KafkaTopics.Spec(kafka.topics().meterReadings(), kafka.partitions(), false),
        new KafkaTopics.Spec(kafka.topics().deadLetters(), kafka.partitions(), false)));
    return new MeterMinuteJob(
        RawKafkaSource.of(kafka.bootstrap(), kafka.topics().meterReadings(),
            "wattward-" + NAME + "-" + config.clickhouse().database(), bounded),
        MeterMinuteSink.of(config.clickhouse().endpoint(), s.sinkBatchSize(), s.sinkFlushIntervalMs(),
            s.sinkMaxRetries()),
        DeadLetterKafkaSink.of(kafka.bootstrap(), kafka.topics().deadLetters()),
        registry, s);
  }

  /** Adds the job's pipeline to {@code env}. */
  public void build(StreamExecutionEnvironment env) {
    DataStream<RawRecord> raw = env.fromSource(readings, WatermarkStrategy.noWatermarks(), "meter-readings")
        .uid("meter-readings-source");

    SingleOutputStreamOperator<MeterSample> valid = raw
        .process(new DecodeAndValidate(NAME, registry, settings.maxFutureSkewMs()))
        .name("decode + validate").uid("decode-validate");

    SingleOutputStreamOperator<MeterMinute> perMinute = valid
        .assignTimestampsAndWatermarks(WatermarkStrategy
            .<MeterSample>forBoundedOutOfOrderness(Duration.ofMillis(settings.maxOutOfOrdernessMs()))
            .withTimestampAssigner((sample, kafkaTs) -> sample.eventTimeMs)
            .withIdleness(Duration.ofMillis(settings.idleSourceMs())))
        .name("event time").uid("event-time")
        .keyBy(sample -> sample.meterId)
        .process(new MeterMinuteFunction(NAME))
        .name("consumption per meter-minute").uid("meter-minute");

    perMinute.sinkTo(minutes).name("clickhouse meter_minute").uid("meter-minute-sink");

    valid.getSideOutput(DeadLetters.TAG)
        .union(perMinute.getSideOutput(DeadLetters.TAG))
        .sinkTo(deadLetters).name("dead letters").uid("dead-letter-sink");
  }

  /** Runs the job on {@code env} (a local MiniCluster when started from the command line). */
  public JobExecutionResult run(StreamExecutionEnvironment env) throws Exception {
    env.setParallelism(settings.parallelism());
    env.enableCheckpointing(settings.checkpointIntervalMs());
    build(env);
    return env.execute("wattward " + NAME);
  }

  public static void main(String[] args) throws Exception {
    WattwardConfig config = WattwardConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv());
    MeterRegistry registry = MeterRegistry.fromCsv(Path.of(config.meterMinute().topologyCsv()));
    fromConfig(config, registry, false).run(StreamExecutionEnvironment.getExecutionEnvironment());
  }
}
