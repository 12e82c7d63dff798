package io.wattward.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ResidualSpreadTest {

  @Test
  void halfWidthIsTheMultiplierTimesTheHoursExponentiallyWeightedRms() {
    // memory 2 days: weight 1/2. Residuals 2 then 4: mean square 4, then 0.5 * 4 + 0.5 * 16 = 10
    ResidualSpread spread = new ResidualSpread(0.9, 2, 0);
    assertThat(spread.halfWidth(3)).isNaN();
    spread.update(3, 2);
    assertThat(spread.halfWidth(3)).isCloseTo(1.645 * 2, within(1e-12));
    spread.update(3, -4);
    assertThat(spread.halfWidth(3)).isCloseTo(1.645 * Math.sqrt(10), within(1e-12));
    assertThat(spread.halfWidth(4)).isNaN();
  }

  @Test
  void missWidensAndHitNarrows() {
    // coverage 0.9, gain 0.1: a miss adds 0.1 * (1 - 0.1) = 0.09, a hit takes 0.1 * 0.1 = 0.01
    ResidualSpread spread = new ResidualSpread(0.9, 30, 0.1);
    spread.update(0, 1); // sets the hour's scale; no interval yet, so no feedback
    assertThat(spread.multiplier()).isCloseTo(1.645, within(1e-12));
    spread.update(0, 5); // outside 1.645 * 1
    assertThat(spread.multiplier()).isCloseTo(1.735, within(1e-12));
    spread.update(0, 0); // inside
    assertThat(spread.multiplier()).isCloseTo(1.725, within(1e-12));
  }

  @Test
  void coverageTendsToTheNominalShareEvenForSkewedResiduals() {
    ResidualSpread spread = new ResidualSpread(0.9, 30, 0.01);
    Random random = new Random(7);
    int inside = 0;
    int n = 24 * 2000;
    for (int i = 0; i < n; i++) {
      int hour = i % 24;
      double residual = -Math.log(random.nextDouble()) - 1; // exponential, shifted to mean 0
      if (i >= 24 * 30 && Math.abs(residual) <= spread.halfWidth(hour)) {
        inside++;
      }
      spread.update(hour, residual);
    }
    assertThat((double) inside / (n - 24 * 30)).isCloseTo(0.9, within(0.01));
  }
}
