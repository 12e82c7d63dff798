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

  private KeyedOneInputStreamOperatorTestHarness<String, NodeWindow, NodeHour> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new HourTotals(), HourTotals::key, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void window(long start, String subItem, double kwh, double cost) throws Exception {
    harness.processElement(new StreamRecord<>(NodeWindow.newBuilder().setSize("1h").setHierarchy("SPACE")
        .setLevel("department").setNodeId("PPH/MAIN/CARDIOLOGY").setBuilding("PPH/MAIN").setEnergyType("ELECTRICITY")
        .setSubItem(subItem).setUnit("kWh").setWindowStart(Instant.ofEpochMilli(start)).setWindowMinutes(60)
        .setConsumption(kwh).setMetersExpected(1).setMeterMinutes(60).setCost(cost).setVersion(1).build(), start));
  }

  private List<String> totals() {
    return harness.extractOutputValues().stream()
        .map(h -> h.nodeId + " hour " + (h.hourStartMs - H10) / HOUR + ": " + h.consumption + " kWh, " + h.cost)
        .toList();
  }

  @Test
  void anHoursSubItemsAreSummedWhenTheWatermarkPassesItsEndAndNothingIsLeftAfter() throws Exception {
    window(H10, "lighting", 10, 6.5);
    window(H10, "hvac", 20, 13.5);
    window(H10 + HOUR, "lighting", 5, 3.25);
    assertThat(harness.numEventTimeTimers()).as("one per hour").isEqualTo(2);
    harness.processWatermark(H10 + HOUR - 1);
    assertThat(totals()).isEmpty();
    // 10:00: 10 + 20 = 30 kWh, 6.5 + 13.5 = 20.0 (CNY)
    harness.processWatermark(H10 + HOUR);
    assertThat(totals()).containsExactly("PPH/MAIN/CARDIOLOGY hour 0: 30.0 kWh, 20.0");
    assertThat(harness.numKeyedStateEntries()).as("11:00, still open").isEqualTo(1);
    // a correction of 10:00 after it went out: not totalled again
    window(H10, "hvac", 25, 17.0);
    harness.processWatermark(H10 + 2 * HOUR);
    assertThat(totals()).containsExactly("PPH/MAIN/CARDIOLOGY hour 0: 30.0 kWh, 20.0",
        "PPH/MAIN/CARDIOLOGY hour 1: 5.0 kWh, 3.25");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(harness.numKeyedStateEntries()).isZero();
  }
}
