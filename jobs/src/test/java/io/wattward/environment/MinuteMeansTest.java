package io.wattward.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MinuteMeansTest {

  @Test
  void eachFactorIsTheMeanOfTheReadingsThatMeasuredIt() {
    SensorMinute m = MinuteMeans.of("OR", 60_000, List.of(
        new double[] {22.0, 50.0, Double.NaN},
        new double[] {23.0, Double.NaN, Double.NaN},
        new double[] {24.0, 70.0, Double.NaN}));

    assertThat(m.sensorId).isEqualTo("OR");
    assertThat(m.minuteStartMs).isEqualTo(60_000);
    assertThat(m.readings).isEqualTo(3);
    assertThat(m.means[0]).isEqualTo(23.0);
    assertThat(m.means[1]).isEqualTo(60.0); // the reading without humidity does not count as 0
    assertThat(m.means[2]).isNaN();
  }
}
