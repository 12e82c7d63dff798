package io.wattward.jobs.rollup;


import io.wattward.config.WattwardConfig;
import io.wattward.environment.EnvAggregate;
import io.wattward.environment.EnvContribution;
import io.wattward.environment.EnvSample;
import io.wattward.environment.RangeProfiles;
import io.wattward.environment.SensorMinute;
import io.wattward.rollup.WindowSize;
import io.wattward.topology.EnvFactor;
import io.wattward.topology.SensorInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sensor-minutes and node windows on a small hand-checked case: an operating-room sensor set (humidity
 * range 30-60 %) and a ward sensor set (30-65 %) on one floor.
 */
class EnvWindowsTest {

  private static final long T0 = Instant.parse("2026-11-19T02:00:00Z").toEpochMilli(); // 10:00 in Shanghai
  private static final long M = 60_000;
  private static final long LATENESS = 120_000;
  private static final int HUM = EnvFactor.HUMIDITY.ordinal();
  private static final int TEMP = EnvFactor.TEMPERATURE.ordinal();

  private static EnvSample sample(String sensor, long t, double temperature, double humidity) {
    EnvSample s = new EnvSample();
    s.sensorId = sensor;
    s.eventTimeMs = t;
    s.values = new double[EnvFactor.values().length];
    Arrays.fill(s.values, Double.NaN);
    s.values[TEMP] = temperature;
    s.values[HUM] = humidity;
    s.original = new byte[0];
    return s;
  }

  @Test
  void sensorMinuteIsTheMeanOfItsReadingsAndLateOnesAreSetAside() throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, EnvSample, SensorMinute> h = ProcessFunctionTestHarnesses
        .forKeyedProcessFunction(new SensorMinutes("test", LATENESS), s -> s.sensorId, Types.STRING);
    h.processElement(new StreamRecord<>(sample("OR", T0, 22.0, 50.0), T0));
    h.processElement(new StreamRecord<>(sample("OR", T0 + 30_000, 23.0, 70.0), T0 + 30_000));
    h.processElement(new StreamRecord<>(sample("OR", T0 + 30_000, 23.0, 70.0), T0 + 30_000)); // repeated
    h.processElement(new StreamRecord<>(sample("OR", T0 + M, 22.0, 40.0), T0 + M));
    h.processWatermark(new Watermark(T0 + M + LATENESS - 1));
    assertThat(h.extractOutputValues()).isEmpty(); // the minute still waits for late readings
    h.processWatermark(new Watermark(T0 + M + LATENESS));
    h.processElement(new StreamRecord<>(sample("OR", T0 + 10_000, 30.0, 90.0), T0 + 10_000)); // its minute is closed

    List<SensorMinute> out = h.extractOutputValues();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).minuteStartMs).isEqualTo(T0);
    assertThat(out.get(0).readings).isEqualTo(2);
    assertThat(out.get(0).means[TEMP]).isEqualTo(22.5);
    assertThat(out.get(0).means[HUM]).isEqualTo(60.0);
    assertThat(out.get(0).means[EnvFactor.CO2.ordinal()]).isNaN();
    assertThat(h.getSideOutput(io.wattward.jobs.common.DeadLetters.TAG)).hasSize(1);
    assertThat(h.getSideOutput(io.wattward.jobs.rollup.MeterNormalizer.LATE)).hasSize(1);
    h.processWatermark(new Watermark(Long.MAX_VALUE));
    assertThat(h.extractOutputValues()).hasSize(2); // the minute at 10:01 too
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.numKeyedStateEntries()).isZero();
    h.close();
  }

  @Test
  void floorWindowsCountMinutesInWhichAnyRoomWasOutOfItsRange() throws Exception {
    WattwardConfig config = WattwardConfig.load(null, Map.of());
    EnvFanOut fanOut = new EnvFanOut(List.of(
        new SensorInfo("OR", "PPH", "MAIN", "IP2", "F05", "OPERATING-THEATRE", "IP2-F05-R501", "operating-room"),
        new SensorInfo("WARD", "PPH", "MAIN", "IP2", "F05", null, "IP2-F05-R505", "ward")),
        new RangeProfiles(config.environment().profiles()));
    fanOut.open(null);
    KeyedOneInputStreamOperatorTestHarness<String, EnvContribution, EnvAggregate> h = ProcessFunctionTestHarnesses
        .forKeyedProcessFunction(new EnvWindows("Asia/Shanghai", LATENESS), c -> c.key, Types.STRING);
    // humidity per minute 10:00, 10:01, 10:02: OR 62 (out: > 60), 55, 61 (out); ward 62 (in: <= 65), 66 (out), 50
    double[][] humidity = {{62, 62}, {55, 66}, {61, 50}};
    for (int i = 0; i < 3; i++) {
      for (int s = 0; s < 2; s++) {
        SensorMinute m = new SensorMinute();
        m.sensorId = s == 0 ? "OR" : "WARD";
        m.minuteStartMs = T0 + i * M;
        m.means = sample("x", 0, 21.0 + i + s, humidity[i][s]).values;
        m.readings = 1;
        List<EnvContribution> cs = new ArrayList<>();
        fanOut.flatMap(m, new org.apache.flink.api.common.functions.util.ListCollector<>(cs));
        for (EnvContribution c : cs) {
          h.processElement(new StreamRecord<>(c, c.minuteStartMs));
        }
      }
    }
    h.processWatermark(new Watermark(Long.MAX_VALUE));

    EnvAggregate floorHour = find(h, WindowSize.HOUR, "PPH/MAIN/IP2/F05");
    // every one of the three minutes had a room out of range: 10:00 the OR, 10:01 the ward, 10:02 the OR
    assertThat(floorHour.minutesOut[HUM]).isEqualTo(3);
    assertThat(floorHour.minutesOutAny).isEqualTo(3);
    assertThat(floorHour.sensorMinutes).isEqualTo(6);
    assertThat(floorHour.sensorsExpected).isEqualTo(2);
    assertThat(floorHour.avg[HUM]).isCloseTo((62 + 62 + 55 + 66 + 61 + 50) / 6.0, within(1e-9));
    assertThat(floorHour.min[HUM]).isEqualTo(50.0);
    assertThat(floorHour.max[HUM]).isEqualTo(66.0);
    // temperatures 21, 22, 22, 23, 23, 24: none outside 21-25 (OR) or 20-27 (ward)
    assertThat(floorHour.minutesOut[TEMP]).isZero();
    assertThat(floorHour.avg[EnvFactor.CO2.ordinal()]).isNaN();

    EnvAggregate orHour = find(h, WindowSize.HOUR, "PPH/MAIN/IP2/F05/IP2-F05-R501");
    assertThat(orHour.minutesOut[HUM]).isEqualTo(2);
    assertThat(orHour.roomType).isEqualTo("operating-room");
    EnvAggregate wardQuarter = find(h, WindowSize.QUARTER_HOUR, "PPH/MAIN/IP2/F05/IP2-F05-R505");
    assertThat(wardQuarter.minutesOut[HUM]).isEqualTo(1);
    EnvAggregate department = find(h, WindowSize.DAY, "PPH/MAIN/OPERATING-THEATRE");
    assertThat(department.sensorMinutes).isEqualTo(3); // the ward room has no department
    assertThat(department.windowStartMs).isEqualTo(Instant.parse("2026-11-18T16:00:00Z").toEpochMilli());
    List<EnvAggregate> orMinutes = h.extractOutputValues().stream()
        .filter(a -> a.size == WindowSize.MINUTE && a.nodeId.endsWith("R501")).toList();
    assertThat(orMinutes).extracting(a -> a.minutesOut[HUM]).containsExactly(1, 0, 1);
    assertThat(h.numEventTimeTimers()).isZero();
    assertThat(h.numKeyedStateEntries()).isZero(); // every window written, nothing of any node kept
    h.close();
  }

  private static EnvAggregate find(KeyedOneInputStreamOperatorTestHarness<String, EnvContribution, EnvAggregate> h,
      WindowSize size, String node) {
    List<EnvAggregate> written = size == WindowSize.MINUTE ? h.extractOutputValues()
        : h.getSideOutput(EnvWindows.output(size)).stream().map(r -> r.getValue()).toList();
    List<EnvAggregate> rows = written.stream().filter(a -> a.size == size && a.nodeId.equals(node)).toList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
