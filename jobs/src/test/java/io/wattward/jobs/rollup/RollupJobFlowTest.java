package io.wattward.jobs.rollup;

import static io.wattward.jobs.rollup.RollupJobDeadLetterTest.T0;
import static io.wattward.jobs.rollup.RollupJobDeadLetterTest.meter;
import static io.wattward.jobs.rollup.RollupJobDeadLetterTest.reading;
import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.kafka.RawRecord;
import io.wattward.connectors.replay.EmptySource;
import io.wattward.ingest.ReadingEventTime;
import io.wattward.jobs.testing.FlowCluster;
import io.wattward.jobs.testing.InMemoryTopic;
import io.wattward.jobs.testing.RollupOutputs;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.WindowSize;
import io.wattward.schema.DeadLetter;
import io.wattward.schema.MeterRegistration;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollup job's logic in seconds: the pipeline production runs, on a MiniCluster, with the topics in
 * memory and every output collected (no Kafka, no ClickHouse). Two meters on one floor, and bad records
 * among their readings: the same input as {@link RollupJobDeadLetterTest}, which shows the real path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupJobFlowTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = FlowCluster.extension();

  private static final String FLOOR = "PPH/MAIN/IP1/F01";
  private static final byte[] GARBAGE = "{\"meterId\": \"A\", \"value\": 1}".getBytes(StandardCharsets.UTF_8);

  private final RollupOutputs out = new RollupOutputs();
  private JobExecutionResult result;

  @BeforeAll
  void run() throws Exception {
    WattwardConfig config = WattwardConfig.load(null, Map.of());
    ReadingEventTime eventTime = new ReadingEventTime(config.pipeline().maxFutureSkewMs());
    InMemoryTopic readings = new InMemoryTopic("meter-readings", eventTime::of)
        // meter A: 100.000, 100.250, 100.750, 101.000 kWh at minutes 0..3 -> 0.250, 0.500, 0.250
        .add("A", reading("A", 0, 100.000))
        .add("A", reading("A", 1, 100.250))
        .add("A", GARBAGE)                                   // UNDECODABLE
        .add("A", null)                                      // UNDECODABLE (no value)
        .add("A", reading("A", 1, 100.250))                  // DUPLICATE
        .add("A", reading("A", 2, Double.NaN))               // NOT_FINITE
        .add("A", reading("A", 2, 100.750))
        .add("A", reading("A", 2, -3.0))                     // NEGATIVE
        .add("A", reading("A", 3, 101.000))
        .add("GHOST", reading("GHOST", 1, 5.0))              // UNKNOWN_METER
        .add("A", reading("A", 60 * 24 * 365 * 74, 102.0))   // FAR_FUTURE (year 2100)
        // meter B: 7.000 -> 7.100 -> 7.300
        .add("B", reading("B", 0, 7.000))
        .add("B", reading("B", 1, 7.100))
        .add("B", reading("B", 2, 7.300));
    RollupJob job = new RollupJob(readings.source(), EmptySource.of(MeterRegistration.class),
        List.of(meter("A"), meter("B")), EmptySource.of(RawRecord.class), List.of(), out.outputs(), config);
    StreamExecutionEnvironment env = FlowCluster.environment();
    job.build(env);
    result = env.execute("rollup flow");
  }

  @Test
  void everyValidReadingCountsPerMeterMinute() {
    long m0 = T0.toEpochMilli();
    Map<String, Map<Long, Long>> minutes = new HashMap<>();
    for (MeterMinute m : out.meterMinutes.values()) {
      minutes.computeIfAbsent(m.meterId, k -> new HashMap<>()).put(m.minuteStartMs, m.consumptionMilli);
    }
    assertThat(minutes).isEqualTo(Map.of(
        "A", Map.of(m0, 250L, m0 + 60_000, 500L, m0 + 120_000, 250L),
        "B", Map.of(m0, 100L, m0 + 60_000, 200L)));
    assertThat(out.meterMinuteTopic.values()).hasSameSizeAs(out.meterMinutes.values());
  }

  @Test
  void badRecordsAreDeadLetteredWithTheirReasonAndBytes() {
    List<DeadLetter> dead = out.deadLetters.values();
    assertThat(dead.stream().collect(Collectors.groupingBy(DeadLetter::getReasonCode, Collectors.counting())))
        .isEqualTo(Map.of("UNDECODABLE", 2L, "DUPLICATE", 1L, "NOT_FINITE", 1L, "NEGATIVE", 1L,
            "UNKNOWN_METER", 1L, "FAR_FUTURE", 1L));
    DeadLetter undecodable = dead.stream()
        .filter(d -> d.getReasonCode().equals("UNDECODABLE") && d.getOriginalValue() != null).findFirst().orElseThrow();
    byte[] original = new byte[undecodable.getOriginalValue().remaining()];
    undecodable.getOriginalValue().duplicate().get(original);
    assertThat(original).isEqualTo(GARBAGE);
    assertThat(undecodable.getReason()).startsWith("not a MeterReading");
    assertThat(dead.stream().filter(d -> d.getReasonCode().equals("UNKNOWN_METER")).findFirst().orElseThrow()
        .getReason()).isEqualTo("meter GHOST is not in the registry");
    assertThat((Long) result.getAccumulatorResult("deadLetters.UNDECODABLE")).isEqualTo(2L);
    assertThat((Long) result.getAccumulatorResult("deadLetters.DUPLICATE")).isEqualTo(1L);
    assertThat(out.lateReadings.values()).isEmpty();
  }

  @Test
  void theFloorSumsBothMetersAtEveryWindowSize() {
    // minute 0: 0.250 + 0.100; minute 1: 0.500 + 0.200; minute 2: 0.250 (B's last reading ends at minute 2)
    assertThat(latest(WindowSize.MINUTE, "floor", FLOOR)).isEqualTo(Map.of(
        T0.toEpochMilli(), 350L, T0.toEpochMilli() + 60_000, 700L, T0.toEpochMilli() + 120_000, 250L));
    long day = Instant.parse("2026-11-19T16:00:00Z").toEpochMilli(); // 2026-11-20 00:00 in Shanghai
    assertThat(latest(WindowSize.QUARTER_HOUR, "floor", FLOOR)).isEqualTo(Map.of(T0.toEpochMilli(), 1_300L));
    assertThat(latest(WindowSize.HOUR, "floor", FLOOR)).isEqualTo(Map.of(T0.toEpochMilli(), 1_300L));
    assertThat(latest(WindowSize.DAY, "floor", FLOOR)).isEqualTo(Map.of(day, 1_300L));
    // the same energy at the building, the campus and the hospital, and in the itemized lighting system
    assertThat(latest(WindowSize.HOUR, "hospital", "PPH")).isEqualTo(Map.of(T0.toEpochMilli(), 1_300L));
    assertThat(latest(WindowSize.HOUR, "system", "PPH/MAIN/IP1/lighting-sockets"))
        .isEqualTo(Map.of(T0.toEpochMilli(), 1_300L));
    // the topic for the jobs downstream carries the 15-minute and hourly windows only
    assertThat(out.nodeWindowTopic.values()).extracting(a -> a.size).containsOnly(WindowSize.QUARTER_HOUR,
        WindowSize.HOUR);
  }

  /** A node's windows of one size: window start -> consumption (milli-kWh) of its latest version. */
  private Map<Long, Long> latest(WindowSize size, String level, String node) {
    Map<Long, NodeAggregate> last = new TreeMap<>();
    for (NodeAggregate a : out.windows(size)) {
      if (a.level.equals(level) && a.nodeId.equals(node)) {
        last.merge(a.windowStartMs, a, (x, y) -> y.version >= x.version ? y : x);
      }
    }
    return last.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().consumptionMilli));
  }
}
