package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.config.WattwardConfig;
import io.wattward.environment.EnvContribution;
import io.wattward.environment.RangeProfiles;
import io.wattward.environment.SensorMinute;
import io.wattward.topology.SensorInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sensor-minute goes to its room, floor, building and department (an outdoor sensor to its campus), with
 * the number of sensor sets of each node and the factors out of its own room type's range (default
 * profiles: an operating room's humidity at most 60 %, a ward's 65 %).
 */
class EnvFanOutTest {

  private static final long T0 = Instant.parse("2026-10-05T02:00:00Z").toEpochMilli();
  private static final double N = Double.NaN;

  private OneInputStreamOperatorTestHarness<SensorMinute, EnvContribution> harness;

  @BeforeEach
  void open() throws Exception {
    WattwardConfig config = WattwardConfig.load(null, Map.of());
    harness = new OneInputStreamOperatorTestHarness<>(new StreamFlatMap<>(new EnvFanOut(List.of(
        new SensorInfo("OR", "PPH", "MAIN", "IP2", "F05", "OPERATING-THEATRE", "IP2-F05-R501", "operating-room"),
        new SensorInfo("WARD", "PPH", "MAIN", "IP2", "F05", null, "IP2-F05-R505", "ward"),
        new SensorInfo("OUT", "PPH", "MAIN", null, null, null, null, "outdoor")),
        new RangeProfiles(config.environment().profiles()))));
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void minute(String sensorId, double temperatureC, double humidityPct) throws Exception {
    SensorMinute m = new SensorMinute();
    m.sensorId = sensorId;
    m.minuteStartMs = T0;
    m.means = new double[] {temperatureC, humidityPct, N, N, N, N};
    m.readings = 1;
    harness.processElement(m, T0);
  }

  private List<String> contributions() {
    return harness.extractOutputValues().stream()
        .map(c -> c.key + " of " + c.sensorsExpected + " out " + c.outMask + (c.roomType.isEmpty() ? "" : " " + c.roomType))
        .toList();
  }

  @Test
  void aRoomsMinuteGoesToEachNodeAboveItJudgedByItsOwnRoomType() throws Exception {
    minute("OR", 22, 62); // humidity 62 > 60: out, bit 1 (humidity) = 2
    minute("WARD", 22, 62); // 62 <= 65: in
    assertThat(contributions()).containsExactly(
        "building|PPH/MAIN/IP2 of 2 out 2",
        "floor|PPH/MAIN/IP2/F05 of 2 out 2",
        "room|PPH/MAIN/IP2/F05/IP2-F05-R501 of 1 out 2 operating-room",
        "department|PPH/MAIN/OPERATING-THEATRE of 1 out 2",
        "building|PPH/MAIN/IP2 of 2 out 0",
        "floor|PPH/MAIN/IP2/F05 of 2 out 0",
        "room|PPH/MAIN/IP2/F05/IP2-F05-R505 of 1 out 0 ward");
  }

  @Test
  void anOutdoorSensorGoesToItsCampusAndAnUnknownOneNowhere() throws Exception {
    minute("OUT", 8, 90);
    minute("NOBODY", 22, 45);
    assertThat(contributions()).containsExactly("campus|PPH/MAIN of 1 out 0");
  }
}
