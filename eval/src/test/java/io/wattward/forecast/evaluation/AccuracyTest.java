package io.wattward.forecast.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AccuracyTest {

  @Test
  void threePointExampleByHand() {
    // actual 10, 20, 30; forecast 12, 18, 33: errors (actual - forecast) -2, 2, -3; mean actual 20
    Accuracy a = new Accuracy();
    a.add(10, 12);
    a.add(20, 18);
    a.add(30, 33);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.meanActual()).isEqualTo(20);
    // RMSE = sqrt((4 + 4 + 9) / 3) = 2.3805; CV(RMSE) = 2.3805 / 20 = 11.90 %
    assertThat(a.rmse()).isCloseTo(Math.sqrt(17.0 / 3), within(1e-12));
    assertThat(a.cvRmse()).isCloseTo(11.9024, within(1e-4));
    // NMBE = (-2 + 2 - 3) / (3 * 20) = -5 %: the forecast is too high
    assertThat(a.nmbe()).isCloseTo(-5, within(1e-12));
  }

  @Test
  void perfectForecastScoresZero() {
    Accuracy a = new Accuracy();
    a.add(5, 5);
    a.add(7, 7);
    assertThat(a.cvRmse()).isZero();
    assertThat(a.nmbe()).isZero();
  }

  @Test
  void nothingScoredIsNaN() {
    assertThat(new Accuracy().cvRmse()).isNaN();
    assertThat(new Accuracy().nmbe()).isNaN();
  }
}
