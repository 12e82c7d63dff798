package io.wattward.bench;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.RawKafkaSource;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.ingest.ReadingEventTime;
import io.wattward.jobs.common.JobRuntime;
import io.wattward.schema.MeterReading;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

/**
 * A plain Flink SQL roll-up of meter readings, the peer the rollup job is measured against: the same Avro readings
 * from the same topic, the consumption of each reading as its register minus the one before ({@code LAG} over the
 * meter's readings in event time), each difference sent to every ancestor node of the meter in both hierarchies (a
 * table function), and the sum and count per node in tumbling windows of 1 minute, 15 minutes, 1 hour and 1 local
 * day, into blackhole sinks.
 *
 * <p>It does less than the job: no validation or dead letters, no late readings, resets, spikes or gaps, no
 * splitting of a difference over the minutes it spans, no corrections, cost or coverage, no writes. It is what a
 * team would write first in Flink SQL; the job is held against it in the same benchmark run.
 */
public final class FlinkSqlRollup {

  /** The window sizes, as SQL intervals, with the names of their sinks. */
  static final Map<String, String> WINDOWS = Map.of("minute", "INTERVAL '1' MINUTE", "quarter_hour",
      "INTERVAL '15' MINUTE", "hour", "INTERVAL '1' HOUR", "day", "INTERVAL '1' DAY");

  private FlinkSqlRollup() {}

  /**
   * Reads {@code topic} from its start to its end now (event time as the job takes it), rolls it up into
   * blackhole sinks and waits for the job to end.
   *
   * @param ancestors per meter id, the keys of the nodes it counts for (e.g. "building|PPH/MAIN/IP2")
   * @param pipeline parallelism, checkpoints and event time, as the job has them
   * @return seconds from the submission to the end of the job
   */
  public static double run(String bootstrap, String topic, Map<String, List<String>> ancestors,
      WattwardConfig.Pipeline pipeline, ZoneId zone) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobRuntime.configure(env, pipeline);
    Configuration noRestarts = new Configuration(); // a failure ends the measurement instead of repeating it
    noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    env.configure(noRestarts);
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    views(tables, readings(env, bootstrap, topic, Duration.ofMillis(pipeline.maxOutOfOrdernessMs()),
        pipeline.maxFutureSkewMs()), ancestors, zone);
    StatementSet inserts = tables.createStatementSet();
    for (Map.Entry<String, String> w : WINDOWS.entrySet()) {
      tables.executeSql("CREATE TEMPORARY TABLE node_" + w.getKey() + " (node STRING, window_start TIMESTAMP(3),"
          + " consumption DOUBLE, readings BIGINT) WITH ('connector' = 'blackhole')");
      inserts.addInsertSql("INSERT INTO node_" + w.getKey() + " " + windowed(w.getValue()));
    }
    long t0 = System.nanoTime();
    inserts.execute().await();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** The readings of {@code topic} as rows (meter_id, v), timestamped and watermarked as the job does it. */
  static DataStream<Row> readings(StreamExecutionEnvironment env, String bootstrap, String topic,
      Duration outOfOrderness, long maxFutureSkewMs) {
    return env
        .fromSource(RawKafkaSource.of(bootstrap, topic, "wattward-sql-peer-" + UUID.randomUUID(), true,
                new ReadingEventTime(maxFutureSkewMs)),
            WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((raw, kafkaTs) -> raw.eventTimeMs), "meter-readings")
        .flatMap(new Decode()).returns(Decode.TYPE).name("decode");
  }

  /**
   * Registers {@code readings} (with the stream's timestamps and watermarks as {@code rowtime}), the topology
   * function and the views {@code deltas} and {@code contributions} (node, rowtime, delta).
   */
  static void views(StreamTableEnvironment tables, DataStream<Row> readings, Map<String, List<String>> ancestors,
      ZoneId zone) {
    tables.getConfig().setLocalTimeZone(zone);
    tables.createTemporaryView("readings", readings, Schema.newBuilder()
        .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
        .watermark("rowtime", "SOURCE_WATERMARK()")
        .build());
    tables.createTemporarySystemFunction("ancestors", new Ancestors(ancestors));
    tables.executeSql("CREATE TEMPORARY VIEW deltas AS SELECT meter_id, rowtime,"
        + " v - LAG(v) OVER (PARTITION BY meter_id ORDER BY rowtime) AS delta FROM readings");
    tables.executeSql("CREATE TEMPORARY VIEW contributions AS SELECT node, rowtime, delta"
        + " FROM deltas, LATERAL TABLE(ancestors(meter_id)) AS a(node) WHERE delta IS NOT NULL");
  }

  /** The per-node sums and counts of the contributions in tumbling windows of {@code interval}. */
  static String windowed(String interval) {
    return "SELECT node, window_start, SUM(delta), COUNT(*) FROM TABLE(TUMBLE(TABLE contributions,"
        + " DESCRIPTOR(rowtime), " + interval + ")) GROUP BY node, window_start, window_end";
  }

  /** Avro readings to rows (meter_id, v); a record that does not decode is left out. */
  static final class Decode implements FlatMapFunction<RawRecord, Row> {
    static final TypeInformation<Row> TYPE =
        Types.ROW_NAMED(new String[] {"meter_id", "v"}, Types.STRING, Types.DOUBLE);
    private transient BinaryMessageDecoder<MeterReading> decoder;

    @Override
    public void flatMap(RawRecord raw, Collector<Row> out) {
      if (decoder == null) {
        decoder = MeterReading.getDecoder();
      }
      try {
        MeterReading r = decoder.decode(raw.value);
        out.collect(Row.of(r.getMeterId(), r.getValue()));
      } catch (Exception e) {
        // not a reading: the peer has no dead letters
      }
    }
  }

  /** The topology function: a meter id to the keys of its ancestor nodes, one row each. */
  public static final class Ancestors extends TableFunction<String> {
    private final HashMap<String, String[]> nodes = new HashMap<>();

    Ancestors(Map<String, List<String>> ancestors) {
      ancestors.forEach((meter, keys) -> nodes.put(meter, keys.toArray(String[]::new)));
    }

    public void eval(String meterId) {
      String[] keys = nodes.get(meterId);
      if (keys != null) {
        for (String key : keys) {
          collect(key);
        }
      }
    }
  }
}
