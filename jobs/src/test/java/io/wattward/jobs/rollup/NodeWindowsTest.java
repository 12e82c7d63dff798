package io.wattward.jobs.rollup;


import io.wattward.config.Tariff;
import io.wattward.config.WattwardConfig;
import io.wattward.rollup.NodeAggregate;
import io.wattward.rollup.NodeContribution;
import io.wattward.rollup.WindowSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The node windows on the heap state backend ({@link NodeWindowsOnRocksDbTest}: the same on RocksDB). */
class NodeWindowsTest {

  private static final long H01 = Instant.parse("2026-11-19T01:00:00Z").toEpochMilli(); // 09:00 in Shanghai: peak tariff
  private static final long M = 60_000;
  private KeyedOneInputStreamOperatorTestHarness<String, NodeContribution, NodeAggregate> harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
  }

  private KeyedOneInputStreamOperatorTestHarness<String, NodeContribution, NodeAggregate> newHarness()
      throws Exception {
    WattwardConfig.Rollup r = WattwardConfig.load(null, Map.of()).rollup();
    var h = new KeyedOneInputStreamOperatorTestHarness<>(new NodeWindowsOperator(
        new NodeWindows("Asia/Shanghai", 3_600_000, Tariff.of(r), r.tceKgPerUnit(), r.co2KgPerUnit())),
        (NodeContribution c) -> c.key, Types.STRING);
    stateBackend().ifPresent(h::setStateBackend);
    return h;
  }

  /** Entries of keyed state left, of every state (on the heap backend, as the harness counts them). */
  long keyedStateEntries() throws Exception {
    return harness.numKeyedStateEntries();
  }

  KeyedOneInputStreamOperatorTestHarness<String, NodeContribution, NodeAggregate> harness() {
    return harness;
  }

  /** The state backend to test on; the harness's default (heap) when empty. */
  Optional<StateBackend> stateBackend() {
    return Optional.empty();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void contribute(long minute, long milli, int meterMinutes) throws Exception {
    harness.processElement(new StreamRecord<>(contribution(minute, milli, meterMinutes), minute));
  }

  /** A contribution of the building IP2's electricity (01A00) in the minute starting at {@code minute}, of 2 meters. */
  static NodeContribution contribution(long minute, long milli, int meterMinutes) {
    NodeContribution c = new NodeContribution();
    c.key = "building|PPH/MAIN/IP2|ELECTRICITY|01A00";
    c.hierarchy = "spatial";
    c.level = "building";
    c.nodeId = "PPH/MAIN/IP2";
    c.building = "IP2";
    c.energyType = "ELECTRICITY";
    c.subItem = "01A00";
    c.unit = "kWh";
    c.minuteStartMs = minute;
    c.deltaMilli = milli;
    c.deltaMeterMinutes = meterMinutes;
    c.metersExpected = 2;
    return c;
  }

  /** The rows of {@code size} so far: minutes from the main output, the longer windows from their side outputs. */
  private List<NodeAggregate> written(WindowSize size) {
    OutputTag<NodeAggregate> tag = NodeWindows.output(size);
    if (tag == null) {
      return harness.extractOutputValues();
    }
    var side = harness.getSideOutput(tag);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  /** Every row so far, size by size (minutes, quarter-hours, hours, days), each size in the order written. */
  private List<String> rows() {
    return Arrays.stream(WindowSize.values()).flatMap(size -> written(size).stream())
        .map(a -> a.size.suffix + " " + (a.windowStartMs - H01) / M + " " + a.consumptionMilli + " v" + a.version)
        .toList();
  }

  /** The rows written after {@code before} (an earlier {@link #rows}), size by size. */
  private static List<String> since(List<String> before, List<String> now) {
    List<String> added = new ArrayList<>(now);
    before.forEach(added::remove);
    return added;
  }

  private NodeAggregate last(WindowSize size) {
    List<NodeAggregate> all = written(size);
    return all.get(all.size() - 1);
  }

  @Test
  void windowsAreWrittenWhenTheWatermarkPassesTheirEnd() throws Exception {
    contribute(H01, 1_000, 1);
    contribute(H01 + M, 2_000, 1);
    contribute(H01 + 20 * M, 3_000, 1);
    harness.processWatermark(H01 + 15 * M);
    assertThat(rows()).containsExactly("1m 0 1000 v1", "1m 1 2000 v1", "15m 0 3000 v1");

    harness.processWatermark(H01 + 60 * M);

    assertThat(rows()).containsExactly("1m 0 1000 v1", "1m 1 2000 v1", "1m 20 3000 v1",
        "15m 0 3000 v1", "15m 15 3000 v1", "1h 0 6000 v1");
    NodeAggregate hour = last(WindowSize.HOUR);
    assertThat(hour.peakDemandKw).isEqualTo(12.0); // the busiest quarter, 3 kWh, is 12 kW on average
    assertThat(hour.coveragePct).isCloseTo(2.5, within(1e-9)); // 3 meter-minutes of 2 meters x 60 minutes
    assertThat(hour.cost).isCloseTo(6 * 1.1243, within(1e-9)); // 6 kWh at the 09:00 peak price
    assertThat(hour.tceKg).isCloseTo(6 * 0.1229, within(1e-9));
    assertThat(hour.co2Kg).isCloseTo(6 * 0.5703, within(1e-9));
    assertThat(last(WindowSize.MINUTE).peakDemandKw).isZero();
  }

  @Test
  void correctionRewritesEveryWindowItTouchesWithAHigherVersion() throws Exception {
    contribute(H01, 1_000, 1);
    contribute(H01 + M, 2_000, 1);
    contribute(H01 + 20 * M, 3_000, 1);
    harness.processWatermark(H01 + 60 * M);
    List<String> before = rows();

    contribute(H01 + M, -500, 0); // a late reading moved 0.5 kWh out of minute 01:01
    harness.processWatermark(H01 + 61 * M);

    assertThat(since(before, rows())).containsExactly("1m 1 1500 v2", "15m 0 2500 v2", "1h 0 5500 v2");
  }

  @Test
  void dayEndsAtLocalMidnightAndKeepsItsPeakQuarter() throws Exception {
    contribute(H01, 1_000, 1);
    contribute(H01 + 20 * M, 3_000, 1);
    long localMidnight = Instant.parse("2026-11-19T16:00:00Z").toEpochMilli();
    harness.processWatermark(localMidnight);

    NodeAggregate day = last(WindowSize.DAY);
    assertThat(day.windowStartMs).isEqualTo(Instant.parse("2026-11-18T16:00:00Z").toEpochMilli());
    assertThat(day.consumptionMilli).isEqualTo(4_000);
    assertThat(day.peakDemandKw).isEqualTo(12.0);
  }

  @Test
  void differenceForAForgottenWindowIsDroppedNotWrittenAlone() throws Exception {
    contribute(H01, 1_000, 1);
    harness.processWatermark(H01 + 3 * 3_600_000);
    List<String> before = rows();

    contribute(H01, -400, 0);
    harness.processWatermark(H01 + 3 * 3_600_000 + M);

    // the minute and hour were forgotten after the allowed lateness and keep their rows; the quarter-hour
    // lives until its day is forgotten (the day's peak needs it) and is corrected
    assertThat(since(before, rows())).containsExactly("15m 0 600 v2");
  }

  @Test
  void contributionTooLateForEveryWindowLeavesNothingBehind() throws Exception {
    contribute(H01, 1_000, 1);
    harness.processWatermark(Long.MAX_VALUE);
    List<String> before = rows();

    contribute(H01, -400, 0);
    harness.processWatermark(Long.MAX_VALUE); // contributions go into the state at a watermark

    assertThat(rows()).isEqualTo(before);
    assertThat(keyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void nothingOfTheNodeIsKeptOnceItsDayIsPastTheAllowedLateness() throws Exception {
    contribute(H01, 1_000, 1);
    contribute(H01 + 20 * M, 3_000, 1);
    harness.processWatermark(H01 + 60 * M);
    contribute(H01 + M, 500, 1); // a correction within the lateness: written again at the next watermark
    assertThat(keyedStateEntries()).isPositive();

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(rows()).contains("1m 1 500 v1", "15m 0 1500 v2", "1h 0 4500 v2");
    assertThat(last(WindowSize.DAY).consumptionMilli).isEqualTo(4_500);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(keyedStateEntries()).isZero();
  }

  @Test
  void contributionsOfANodeMinuteGoIntoTheWindowsTogetherAtTheWatermark() throws Exception {
    contribute(H01, 1_000, 1); // the sum of one subtask upstream
    contribute(H01, 2_000, 1); // and of another
    contribute(H01 + M, 500, 1);
    assertThat(keyedStateEntries()).isZero(); // held until the watermark

    harness.processWatermark(H01 + 2 * M);

    assertThat(rows()).containsExactly("1m 0 3000 v1", "1m 1 500 v1");
    assertThat(last(WindowSize.MINUTE).meterMinutes).isEqualTo(1); // minute 01:01: 1 of 2 meters
    assertThat(written(WindowSize.MINUTE).get(0).meterMinutes).isEqualTo(2);
  }

  @Test
  void contributionsHeldAtACheckpointAreInItAndWrittenAfterARestore() throws Exception {
    contribute(H01, 1_000, 1);
    contribute(H01, 2_000, 1);
    harness.prepareSnapshotPreBarrier(1); // as a task does before the barrier (the harness's snapshot does not)
    var snapshot = harness.snapshot(1, 1);
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    harness.processWatermark(H01 + M);

    assertThat(rows()).containsExactly("1m 0 3000 v1");
  }
}
