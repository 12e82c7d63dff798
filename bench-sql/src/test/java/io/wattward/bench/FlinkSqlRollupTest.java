package io.wattward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.kafka.AvroMessages;
import io.wattward.connectors.kafka.KafkaTopics;
import io.wattward.connectors.kafka.OrderedProducer;
import io.wattward.schema.MeterReading;
import io.wattward.schema.QualityFlag;
import io.wattward.schema.ValueKind;
import io.wattward.testing.LocalInfra;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL peer reads the same Avro readings from Kafka and sums each reading's difference into its meter's nodes. */
class FlinkSqlRollupTest {

  private static final Instant T0 = Instant.parse("2026-11-27T16:00:00Z"); // local midnight in Shanghai
  private static final Map<String, List<String>> ANCESTORS = Map.of(
      "A", List.of("room|R1", "building|B"),
      "B", List.of("room|R2", "building|B"));
  private static String bootstrap;
  private static String topic;

  @BeforeAll
  static void readings() {
    bootstrap = LocalInfra.get().config("sqlpeer").kafka().bootstrap();
    topic = "sql-peer-test-" + Long.toString(System.nanoTime(), 36);
    KafkaTopics.ensure(bootstrap, List.of(new KafkaTopics.Spec(topic, 2, false)));
    try (KafkaProducer<byte[], byte[]> producer = OrderedProducer.create(bootstrap)) {
      // meter A: 100, 103, 110 kWh at 00:00:30, 00:01:30, 00:02:30; meter B: 50, 52 at 00:00:30, 00:01:30
      send(producer, "A", 30, 100);
      send(producer, "A", 90, 103);
      send(producer, "A", 150, 110);
      send(producer, "B", 30, 50);
      send(producer, "B", 90, 52);
      producer.send(new ProducerRecord<>(topic, new byte[] {1, 2, 3})); // not a reading: left out
    }
  }

  @AfterAll
  static void drop() {
    KafkaTopics.deleteWithPrefix(bootstrap, topic);
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String meter, long seconds, double kWh) {
    MeterReading r = MeterReading.newBuilder().setMeterId(meter).setEventTime(T0.plusSeconds(seconds)).setValue(kWh)
        .setValueKind(ValueKind.REGISTER).setUnit("kWh").setQuality(QualityFlag.GOOD).build();
    producer.send(new ProducerRecord<>(topic, meter.getBytes(StandardCharsets.UTF_8),
        AvroMessages.encode(MeterReading.getEncoder(), r)));
  }

  private static List<String> rows(String interval) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    FlinkSqlRollup.views(tables, FlinkSqlRollup.readings(env, bootstrap, topic, Duration.ofSeconds(5), 600_000),
        ANCESTORS, ZoneId.of("Asia/Shanghai"));
    List<String> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = tables.sqlQuery(FlinkSqlRollup.windowed(interval)).execute().collect()) {
      it.forEachRemaining(r -> rows.add(r.getField(0) + " " + r.getField(1) + " " + r.getField(2) + " "
          + r.getField(3)));
    }
    return rows;
  }

  @Test
  void eachDifferenceCountsForEveryAncestorOfItsMeterInItsMinute() throws Exception {
    // A: 3 kWh at 00:01:30, 7 at 00:02:30; B: 2 at 00:01:30 (a meter's first reading has no difference)
    assertThat(rows("INTERVAL '1' MINUTE")).containsExactlyInAnyOrder(
        "room|R1 2026-11-28T00:01 3.0 1", "room|R1 2026-11-28T00:02 7.0 1",
        "room|R2 2026-11-28T00:01 2.0 1",
        "building|B 2026-11-28T00:01 5.0 2", "building|B 2026-11-28T00:02 7.0 1");
  }

  @Test
  void aLocalDayAddsUpEveryDifferenceOfItsNodes() throws Exception {
    assertThat(rows("INTERVAL '1' DAY")).containsExactlyInAnyOrder(
        "room|R1 2026-11-28T00:00 10.0 2", "room|R2 2026-11-28T00:00 2.0 1", "building|B 2026-11-28T00:00 12.0 3");
  }
}
