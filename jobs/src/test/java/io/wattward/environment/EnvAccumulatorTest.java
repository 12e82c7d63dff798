package io.wattward.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.rollup.WindowSize;
import org.junit.jupiter.api.Test;

/** Two factors: 0 temperature, 1 humidity. */
class EnvAccumulatorTest {

  private static EnvContribution minute(double temperature, double humidity, int outMask) {
    EnvContribution c = new EnvContribution();
    c.level = "room";
    c.nodeId = "R501";
    c.roomType = "operating-room";
    c.sensorsExpected = 2;
    c.means = new double[] {temperature, humidity};
    c.outMask = outMask;
    return c;
  }

  @Test
  void averageMinimumAndMaximumSkipFactorsNotReported() {
    EnvAccumulator w = EnvAccumulator.empty(2);
    w.add(minute(21, 50, 0), WindowSize.HOUR);
    w.add(minute(23, Double.NaN, 0), WindowSize.HOUR);
    w.add(minute(25, 62, 0), WindowSize.HOUR);

    EnvAggregate a = w.toAggregate(minute(0, 0, 0), WindowSize.HOUR, 1_000);

    assertThat(a.sensorMinutes).isEqualTo(3);
    assertThat(a.avg).containsExactly(23.0, 56.0);
    assertThat(a.min).containsExactly(21.0, 50.0);
    assertThat(a.max).containsExactly(25.0, 62.0);
    assertThat(a.windowStartMs).isEqualTo(1_000);
    assertThat(a.roomType).isEqualTo("operating-room");
  }

  @Test
  void factorNoSensorReportedIsNaN() {
    EnvAccumulator w = EnvAccumulator.empty(2);
    w.add(minute(21, Double.NaN, 0), WindowSize.MINUTE);

    assertThat(w.toAggregate(minute(0, 0, 0), WindowSize.MINUTE, 0).avg[1]).isNaN();
  }

  @Test
  void outOfRangeFactorsOfAMinuteAreCountedOnceWhenItIsComplete() {
    EnvAccumulator minute = EnvAccumulator.empty(2);
    minute.add(minute(21, 62, 0b10), WindowSize.MINUTE); // one sensor set: humidity out
    minute.add(minute(26, 66, 0b11), WindowSize.MINUTE); // another: both out
    EnvAccumulator hour = EnvAccumulator.empty(2);
    hour.add(minute(21, 62, 0b10), WindowSize.HOUR); // longer windows do not keep the mask
    assertThat(hour.outMask).isZero();

    hour.minuteComplete(minute);
    hour.minuteComplete(EnvAccumulator.empty(2)); // a minute in range

    assertThat(hour.minutesOut).containsExactly(1, 1);
    assertThat(hour.minutesOutAny).isEqualTo(1);
  }
}
