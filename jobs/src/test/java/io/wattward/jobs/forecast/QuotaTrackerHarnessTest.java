package io.wattward.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.HourOutlook;
import io.wattward.forecast.stream.NodeHour;
import io.wattward.quota.KpiStatus;
import io.wattward.schema.KpiQuota;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The quota tracker's state per department and energy type, on the last hours of November 2026 against a
 * monthly quota of 100 kWh (warning at a projection of 80 %, default {@code forecast.quotaWarningPct}). On
 * the period's last day the projection is simply what was used plus the forecast of the rest of the day.
 * It keeps the projection's daily totals and the sums of the running month and year; an ended period's sum
 * and anomaly are dropped; no timers.
 */
class QuotaTrackerHarnessTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final String CARDIOLOGY = "PPH/MAIN/CARDIOLOGY";

  private KeyedBroadcastOperatorTestHarness<String, HourOutlook, KpiQuota, KpiStatus> harness;

  @BeforeEach
  void open() throws Exception {
    double warningPct = WattwardConfig.load(null, Map.of()).forecast().quotaWarningPct();
    assertThat(warningPct).isEqualTo(80.0);
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new QuotaTracker("Asia/Shanghai", HolidayCalendar.weekendsOnly(), warningPct), o -> o.hour.key(), Types.STRING,
        QuotaTracker.QUOTAS);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static long local(String t) {
    return LocalDateTime.parse(t).atZone(ZONE).toInstant().toEpochMilli();
  }

  private static String local(long ms) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(ms), ZONE).toString();
  }

  private void hour(String start, double kwh, double restOfTodayKwh) throws Exception {
    HourOutlook o = new HourOutlook();
    o.hour = nodeHour(start, kwh);
    o.restOfToday = restOfTodayKwh;
    harness.processElement(o, o.hour.hourStartMs);
  }

  /** A late correction of an hour taken up before: {@code kwh} more than it had. */
  private void correction(String start, double kwh) throws Exception {
    HourOutlook o = HourOutlook.correction(nodeHour(start, kwh));
    harness.processElement(o, o.hour.hourStartMs);
  }

  private static NodeHour nodeHour(String start, double kwh) {
    NodeHour h = new NodeHour();
    h.level = "department";
    h.nodeId = CARDIOLOGY;
    h.building = "";
    h.energyType = "ELECTRICITY";
    h.unit = "kWh";
    h.hourStartMs = local(start);
    h.consumption = kwh;
    h.cost = 0.5 * kwh;
    return h;
  }

  private List<String> statuses() {
    return harness.extractOutputValues().stream().map(s -> s.period + " as of " + local(s.asOfMs) + ": " + s.toDate
        + " used, " + s.projected + " projected, " + s.status).toList();
  }

  private List<String> anomalies() {
    var side = harness.getSideOutput(QuotaTracker.ANOMALIES);
    return side == null ? List.of() : side.stream().map(r -> r.getValue()).map(a -> a.getKind() + " "
        + a.getSubject() + " " + a.getStatus() + " " + a.getSeverity() + " at " + local(a.getUpdatedAt().toEpochMilli()))
        .toList();
  }

  /** What {@code KeyedOneInputStreamOperatorTestHarness.numKeyedStateEntries} counts, for the broadcast harness. */
  private int numKeyedStateEntries() {
    var backend = ((AbstractStreamOperator<?>) harness.getTwoInputOperator()).getKeyedStateBackend();
    return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
  }

  @Test
  void aMonthGoesFromOkToWarningToAlarmAndItsEndResolvesItsAnomalyAndDropsItsSum() throws Exception {
    harness.processBroadcastElement(KpiQuota.newBuilder().setDepartmentId(CARDIOLOGY).setEnergyType("ELECTRICITY")
        .setPeriod("2026-11").setQuota(100).setUnit("kWh").setBasis("").setPerBasis(0).build(), 0);
    // 21:00: 50 used, + 20 forecast for 22:00-24:00 = 70 projected, 70 % < 80: OK
    hour("2026-11-30T21:00", 50, 20);
    // 22:00: 85 used, + 10 = 95 projected, 95 %: WARNING, an anomaly opens at the hour's end
    hour("2026-11-30T22:00", 35, 10);
    // 23:00: 105 used > 100: ALARM, the anomaly turns critical
    hour("2026-11-30T23:00", 20, 0);
    assertThat(statuses()).containsExactly(
        "2026-11 as of 2026-11-30T22:00: 50.0 used, 70.0 projected, OK",
        "2026-11 as of 2026-11-30T23:00: 85.0 used, 95.0 projected, WARNING",
        "2026-11 as of 2026-12-01T00:00: 105.0 used, 105.0 projected, ALARM");
    assertThat(anomalies()).containsExactly("QUOTA 2026-11 OPEN WARNING at 2026-11-30T23:00",
        "QUOTA 2026-11 UPDATE CRITICAL at 2026-12-01T00:00");
    // the first hour of December: November is over, its anomaly resolves at its end; no December quota
    hour("2026-12-01T00:00", 1, 20);
    assertThat(statuses()).hasSize(3);
    assertThat(anomalies()).last().isEqualTo("QUOTA 2026-11 RESOLVED CRITICAL at 2026-12-01T00:00");
    assertThat(harness.numEventTimeTimers()).isZero();
    assertThat(numKeyedStateEntries()).as("the projection's daily totals and the sums of 2026-12 and 2026, kept "
        + "while their periods run; no open anomaly").isEqualTo(2);
  }

  @Test
  void withoutAQuotaNothingIsReportedButTheSumsAreKept() throws Exception {
    hour("2026-11-30T21:00", 50, 20);
    assertThat(statuses()).isEmpty();
    assertThat(anomalies()).isEmpty();
    assertThat(numKeyedStateEntries()).as("the projection and the sums of 2026-11 and 2026").isEqualTo(2);
  }

  @Test
  void aLateCorrectionOfAnHourCountsInTheNextHoursStatus() throws Exception {
    harness.processBroadcastElement(KpiQuota.newBuilder().setDepartmentId(CARDIOLOGY).setEnergyType("ELECTRICITY")
        .setPeriod("2026-11").setQuota(100).setUnit("kWh").setBasis("").setPerBasis(0).build(), 0);
    hour("2026-11-30T21:00", 50, 20);
    // late readings add 12 kWh to 21:00 after it was counted: no status of its own
    correction("2026-11-30T21:00", 12);
    assertThat(statuses()).hasSize(1);
    // 22:00: 50 + 12 + 10 = 72 used, + 10 forecast = 82 projected: WARNING (it would be 70 without the correction)
    hour("2026-11-30T22:00", 10, 10);
    assertThat(statuses()).last().isEqualTo("2026-11 as of 2026-11-30T23:00: 72.0 used, 82.0 projected, WARNING");
  }

  @Test
  void aCorrectionThatOvertakesItsHourStillCounts() throws Exception {
    harness.processBroadcastElement(KpiQuota.newBuilder().setDepartmentId(CARDIOLOGY).setEnergyType("ELECTRICITY")
        .setPeriod("2026-11").setQuota(100).setUnit("kWh").setBasis("").setPerBasis(0).build(), 0);
    // the correction of 21:00 reaches the tracker before 21:00 itself (which waited for its forecast)
    correction("2026-11-30T21:00", 12);
    hour("2026-11-30T21:00", 50, 20);
    assertThat(statuses()).containsExactly("2026-11 as of 2026-11-30T22:00: 62.0 used, 82.0 projected, WARNING");
  }
}
