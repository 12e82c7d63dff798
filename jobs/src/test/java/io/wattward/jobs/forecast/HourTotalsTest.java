package io.wattward.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.forecast.stream.NodeHour;
import io.wattward.schema.NodeWindow;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's hour totals: the hourly windows of its sub-items summed, out when the watermark passes the hour's
 * end; a window of an hour already out is ignored. Nothing is kept once an hour is out.
 */
class HourTotalsTest {

  private static final long H10 = Instant.parse("2026-10-05T02:00:00Z").toEpochMilli(); // 10:00 in Shanghai
  private static final long HOUR = 3_600_000L;
  /** a window counts up to 2 hours after its hour's end here */
  private static final long KEEP = 2 * HOUR;

  private KeyedOneInputStreamOperatorTestHarness<String, NodeWindow, NodeHour> harness;
  /** each window a newer version than the one before, unless given */
  private long version;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new HourTotals(KEEP), HourTotals::key, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void window(long start, String subItem, double kwh, double cost) throws Exception {
    window(start, subItem, kwh, cost, ++version);
  }

  private void window(long start, String subItem, double kwh, double cost, long version) throws Exception {
    harness.processElement(new StreamRecord<>(NodeWindow.newBuilder().setSize("1h").setHierarchy("SPACE")
        .setLevel("department").setNodeId("PPH/MAIN/CARDIOLOGY").setBuilding("PPH/MAIN").setEnergyType("ELECTRICITY")
        .setSubItem(subItem).setUnit("kWh").setWindowStart(Instant.ofEpochMilli(start)).setWindowMinutes(60)
        .setConsumption(kwh).setMetersExpected(1).setMeterMinutes(60).setCost(cost).setVersion(version).build(), start));
  }

  private List<String> totals() {
    return harness.extractOutputValues().stream()
        .map(h -> h.nodeId + " hour " + (h.hourStartMs - H10) / HOUR + ": " + h.consumption + " kWh, " + h.cost)
        .toList();
  }

  private List<String> corrections() {
    return harness.getSideOutput(HourTotals.CORRECTIONS) == null ? List.of()
        : harness.getSideOutput(HourTotals.CORRECTIONS).stream().map(r -> r.getValue())
            .map(h -> h.nodeId + " hour " + (h.hourStartMs - H10) / HOUR + ": " + h.consumption + " kWh, " + h.cost)
            .toList();
  }

  @Test
  void anHoursSubItemsAreSummedWhenTheWatermarkPassesItsEndAndCorrectionsGoOutAsDifferences() throws Exception {
    window(H10, "lighting", 10, 6.5);
    window(H10, "hvac", 20, 13.5);
    // a later version of a window replaces the earlier one in an hour not yet totalled: hvac 22, not 42
    window(H10, "hvac", 22, 14.5);
    window(H10 + HOUR, "lighting", 5, 3.25);
    harness.processWatermark(H10 + HOUR - 1);
    assertThat(totals()).isEmpty();
    // 10:00: 10 + 22 = 32 kWh, 6.5 + 14.5 = 21.0 (CNY)
    harness.processWatermark(H10 + HOUR);
    assertThat(totals()).containsExactly("PPH/MAIN/CARDIOLOGY hour 0: 32.0 kWh, 21.0");
    // a correction of 10:00 after it went out: hvac 22 -> 25 is +3 kWh, +2.5 CNY, not totalled again
    window(H10, "hvac", 25, 17.0);
    long hvac = version;
    // a sub-item first written late: all of it
    window(H10, "special", 4, 2.0);
    harness.processWatermark(H10 + 2 * HOUR);
    assertThat(totals()).containsExactly("PPH/MAIN/CARDIOLOGY hour 0: 32.0 kWh, 21.0",
        "PPH/MAIN/CARDIOLOGY hour 1: 5.0 kWh, 3.25");
    assertThat(corrections()).containsExactly("PPH/MAIN/CARDIOLOGY hour 0: 3.0 kWh, 2.5",
        "PPH/MAIN/CARDIOLOGY hour 0: 4.0 kWh, 2.0");
    // the same version again, or an older one arriving after it, changes nothing
    window(H10, "hvac", 25, 17.0, hvac);
    window(H10, "hvac", 22, 14.5, hvac - 1);
    assertThat(corrections()).hasSize(2);
    // 2 hours after 11:00 the sub-items of 10:00 are forgotten, and a window of it is taken for a replay: ignored
    harness.processWatermark(H10 + 3 * HOUR);
    harness.processWatermark(H10 + 4 * HOUR);
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
    window(H10, "hvac", 30, 20.0);
    assertThat(corrections()).hasSize(2);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }
}
