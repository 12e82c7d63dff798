package io.wattward.jobs.common;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.connectors.kafka.RawRecordDeserializer;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Reading the topics one WattWard job publishes for another (node-windows, meter-minutes,
 * env-minutes): raw records with their event time read in the source (watermarks per partition), then
 * decoded, the undecodable to the dead letters ({@link DeadLetters#TAG}).
 */
public final class AvroTopics {
  private AvroTopics() {}

  /** Reads a value's event time; may throw for a value that does not decode. */
  @FunctionalInterface
  public interface Time extends java.io.Serializable {
    long of(byte[] value) throws Exception;
  }

  public static Source<RawRecord, ?, ?> source(String bootstrap, String topic, String group, boolean bounded, Time time) {
    RawRecordDeserializer.EventTime eventTime = v -> {
      try {
        return time.of(v);
      } catch (Exception e) {
        return Long.MIN_VALUE;
      }
    };
    return RawKafkaSource.of(bootstrap, topic, group, bounded, eventTime);
  }

  public static <T> SingleOutputStreamOperator<T> read(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source,
      WattwardConfig.Pipeline p, String job, String name, String type, AvroDecode.Decoder<T> decoder, Class<T> cls) {
    return raw(env, source, p, name)
        .process(new AvroDecode<>(job, type, decoder)).returns(cls).name("decode " + type).uid("decode-" + name);
  }

  /** The raw records of a topic, in event time (from {@link #source}'s event time; {@link RawEventTime}). */
  public static org.apache.flink.streaming.api.datastream.DataStreamSource<RawRecord> raw(StreamExecutionEnvironment env,
      Source<RawRecord, ?, ?> source, WattwardConfig.Pipeline p, String name) {
    var stream = env.fromSource(source, RawEventTime.of(source, p), name);
    stream.uid(name + "-source");
    return stream;
  }
}
