package io.wattward.jobs.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.Driver;
import io.wattward.forecast.stream.ForecastRow;
import io.wattward.forecast.stream.NodeHour;
import io.wattward.forecast.stream.OutdoorHour;
import io.wattward.forecast.stream.VolumeDay;
import io.wattward.topology.NodeLevel;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The forecast operator's state and timers: hours wait for the watermark, and nothing is left behind. */
class ForecastOperatorHarnessTest {

  private static final long H = 3_600_000L;
  private static final long MONDAY = LocalDate.of(2024, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  private static final String NODE = "H/C/B1/ICU";

  private static ForecastOperator operator() {
    return new ForecastOperator("UTC", HolidayCalendar.weekendsOnly(),
        io.wattward.config.WattwardConfig.load(null, java.util.Map.of()).anomalies().deviation());
  }

  private static KeyedBroadcastOperatorTestHarness<String, NodeHour, Driver, ForecastRow> harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(operator(), NodeHour::key, Types.STRING,
        ForecastOperator.OUTDOOR, ForecastOperator.VOLUMES);
  }

  private static NodeHour hour(long start, double kwh) {
    NodeHour h = new NodeHour();
    h.level = NodeLevel.DEPARTMENT.code;
    h.nodeId = NODE;
    h.building = "H/C/B1";
    h.energyType = "ELECTRICITY";
    h.unit = "kWh";
    h.hourStartMs = start;
    h.consumption = kwh;
    h.cost = kwh * 0.25;
    return h;
  }

  private static MapState<Long, NodeHour> pending(KeyedBroadcastOperatorTestHarness<String, ?, ?, ?> harness)
      throws Exception {
    harness.getOperator().getKeyedStateBackend().setCurrentKey(NODE + "|ELECTRICITY");
    return harness.getOperator().getKeyedStateBackend().getPartitionedState(VoidNamespace.INSTANCE,
        VoidNamespaceSerializer.INSTANCE, ForecastOperator.PENDING);
  }

  private static List<ForecastRow> forecasts(KeyedBroadcastOperatorTestHarness<String, ?, ?, ForecastRow> harness) {
    List<ForecastRow> rows = new ArrayList<>();
    for (Object o : harness.getOutput()) {
      if (o instanceof StreamRecord<?> r && r.getValue() instanceof ForecastRow f) {
        rows.add(f);
      }
    }
    return rows;
  }

  /** Two days of 2 kWh an hour, the watermark passing each hour's end as it would behind the hour totals. */
  private static void feedTwoDays(KeyedBroadcastOperatorTestHarness<String, NodeHour, Driver, ForecastRow> h)
      throws Exception {
    for (long t = MONDAY; t < MONDAY + 48 * H; t += H) {
      h.processElement(hour(t, 2), t + H - 1);
      h.watermark(t + H);
    }
  }

  @Test
  void hoursWaitForTheWatermarkAndLeaveNoPendingHourOrTimerBehind() throws Exception {
    try (var h = harness()) {
      for (int i = 0; i < 3; i++) {
        h.processElement(hour(MONDAY + i * H, 2), MONDAY + i * H);
      }
      assertThat(h.getOutput()).isEmpty();
      assertThat(h.numEventTimeTimers()).isEqualTo(3);
      assertThat(pending(h).keys()).containsExactlyInAnyOrder(MONDAY, MONDAY + H, MONDAY + 2 * H);

      h.watermark(MONDAY + 2 * H); // the first two hours are over
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      assertThat(pending(h).keys()).containsExactly(MONDAY + 2 * H);
      assertThat(h.getSideOutput(ForecastOperator.OUTLOOK)).hasSize(2);

      h.watermark(MONDAY + 3 * H);
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(pending(h).isEmpty()).isTrue();
      assertThat(h.getSideOutput(ForecastOperator.OUTLOOK)).hasSize(3);
    }
  }

  @Test
  void anHourWhoseEndTheWatermarkHasPassedIsTakenUpAtOnce() throws Exception {
    try (var h = harness()) {
      h.watermark(MONDAY + 5 * H);
      h.processElement(hour(MONDAY, 2), MONDAY);
      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(pending(h).isEmpty()).isTrue();
      assertThat(h.getSideOutput(ForecastOperator.OUTLOOK)).hasSize(1);
    }
  }

  @Test
  void anHourOfADayTheForecasterHasLeftIsIgnoredNotAFailure() throws Exception {
    try (var h = harness()) {
      feedTwoDays(h); // the forecaster is in Wednesday (its forecasts issued at Tuesday's end)
      int outlooks = h.getSideOutput(ForecastOperator.OUTLOOK).size();
      int rows = forecasts(h).size();
      // Monday's first hour again, as after a restore (the watermark starts low) on a topic read again
      h.processElement(hour(MONDAY, 5), MONDAY);
      h.processElement(hour(MONDAY + 24 * H, 5), MONDAY + 24 * H); // and Tuesday's
      assertThat(h.getSideOutput(ForecastOperator.OUTLOOK)).hasSize(outlooks);
      assertThat(forecasts(h)).hasSize(rows);
      // the next hour is taken up as if nothing happened
      h.processElement(hour(MONDAY + 48 * H, 2), MONDAY + 48 * H);
      h.watermark(MONDAY + 49 * H);
      assertThat(h.getSideOutput(ForecastOperator.OUTLOOK)).hasSize(outlooks + 1);
    }
  }

  @Test
  void theDriversAreKeptInTheBroadcastStateAndOldOnesDropped() throws Exception {
    try (var h = harness()) {
      OutdoorHour t = new OutdoorHour();
      t.campusId = "H/C";
      t.hourStartMs = MONDAY;
      t.temperatureC = 4.5;
      h.processBroadcastElement(Driver.of(t), MONDAY);
      OutdoorHour later = new OutdoorHour();
      later.campusId = "H/C";
      later.hourStartMs = MONDAY + 48 * H;
      later.temperatureC = 6;
      h.processBroadcastElement(Driver.of(later), MONDAY + 48 * H);
      assertThat(h.getBroadcastState(ForecastOperator.OUTDOOR).get("H/C|" + MONDAY)).isNull(); // two days old
      assertThat(h.getBroadcastState(ForecastOperator.OUTDOOR).get("H/C|" + (MONDAY + 48 * H))).isEqualTo(6.0);

      VolumeDay v = new VolumeDay();
      v.nodeId = NODE;
      v.epochDay = LocalDate.of(2024, 1, 2).toEpochDay();
      v.publishedAtMs = MONDAY;
      v.outpatientVisits = 120;
      v.inpatientBedDays = Double.NaN;
      h.processBroadcastElement(Driver.of(v), MONDAY);
      assertThat(h.getBroadcastState(ForecastOperator.VOLUMES).get(NODE + "|" + v.epochDay).versions())
          .singleElement().satisfies(x -> assertThat(x.outpatientVisits()).isEqualTo(120.0));
    }
  }

  @Test
  void aRestoredOperatorForecastsExactlyAsTheOneThatWasSnapshotted() throws Exception {
    OperatorSubtaskState snapshot;
    List<ForecastRow> expected;
    try (var original = harness()) {
      feedTwoDays(original);
      snapshot = original.snapshot(1, MONDAY + 48 * H);
      original.getOutput().clear();
      original.processElement(hour(MONDAY + 48 * H, 3), MONDAY + 49 * H - 1);
      original.watermark(MONDAY + 49 * H);
      expected = forecasts(original);
    }
    try (var restored = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(operator(), List.of(ForecastOperator.OUTDOOR, ForecastOperator.VOLUMES)),
        NodeHour::key, Types.STRING, 1, 1, 0)) {
      restored.setup();
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(hour(MONDAY + 48 * H, 3), MONDAY + 49 * H - 1);
      restored.watermark(MONDAY + 49 * H);
      assertThat(expected).hasSize(24);
      assertThat(forecasts(restored)).usingRecursiveFieldByFieldElementComparator().isEqualTo(expected);
      assertThat(restored.numEventTimeTimers()).isZero();
    }
  }
}
