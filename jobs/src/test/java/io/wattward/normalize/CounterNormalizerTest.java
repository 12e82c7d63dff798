package io.wattward.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.normalize.CounterNormalizer.Outcome;
import io.wattward.normalize.CounterNormalizer.Step;
import org.junit.jupiter.api.Test;

class CounterNormalizerTest {

  @Test
  void risingRegisterYieldsTheDifference() {
    // 1234.500 kWh -> 1236.250 kWh: 1.750 kWh
    assertThat(CounterNormalizer.step(1_234_500, 1_236_250, 100_000_000)).isEqualTo(new Step(1_750, Outcome.ADVANCE));
  }

  @Test
  void unchangedRegisterYieldsZero() {
    assertThat(CounterNormalizer.step(500, 500, 0)).isEqualTo(new Step(0, Outcome.ADVANCE));
  }

  @Test
  void counterRolloverYieldsPositiveDelta() {
    // capacity 100000.000 kWh; 99999.200 -> 0.300 kWh: 0.800 to the top plus 0.300 after = 1.100 kWh
    assertThat(CounterNormalizer.step(99_999_200, 300, 100_000_000)).isEqualTo(new Step(1_100, Outcome.ROLLOVER));
  }

  @Test
  void rolloverExactlyAtCapacity() {
    assertThat(CounterNormalizer.step(100_000_000, 0, 100_000_000)).isEqualTo(new Step(0, Outcome.ROLLOVER));
  }

  @Test
  void dropFarFromTheTopIsAResetWithNewBaseline() {
    // 52000 -> 12 kWh on a 100000 register would be a 48000 kWh "rollover" in one interval: a replaced meter
    assertThat(CounterNormalizer.step(52_000_000, 12_000, 100_000_000)).isEqualTo(new Step(0, Outcome.RESET));
  }

  @Test
  void dropWithUnknownCapacityIsAReset() {
    assertThat(CounterNormalizer.step(99_999_200, 300, 0)).isEqualTo(new Step(0, Outcome.RESET));
  }

  @Test
  void previousAboveCapacityIsAReset() {
    // the register reads more than its capacity: the capacity in the registry is wrong, so do not guess
    assertThat(CounterNormalizer.step(150_000_000, 10, 100_000_000)).isEqualTo(new Step(0, Outcome.RESET));
  }
}
