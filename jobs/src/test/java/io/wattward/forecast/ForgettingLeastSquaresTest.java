package io.wattward.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ForgettingLeastSquaresTest {

  @Test
  void recoversKnownCoefficientsFromNoiselessData() {
    // y = 2 + 3 a - 0.5 b on a grid of (a, b)
    ForgettingLeastSquares ls = new ForgettingLeastSquares(3, 1.0, 1e-9);
    for (int a = 0; a < 5; a++) {
      for (int b = 0; b < 5; b++) {
        ls.update(new double[] {1, a, b * b}, 2 + 3 * a - 0.5 * b * b);
      }
    }
    assertThat(ls.coefficients()).containsExactly(new double[] {2, 3, -0.5}, within(1e-6));
    assertThat(ls.predict(new double[] {1, 10, 4})).isCloseTo(30, within(1e-6));
    assertThat(ls.updates()).isEqualTo(25);
  }

  @Test
  void oneObservationIsShrunkByTheRidge() {
    // (x x' + ridge) theta = x y: (1 + 1) theta = 1
    ForgettingLeastSquares ls = new ForgettingLeastSquares(1, 1.0, 1.0);
    ls.update(new double[] {1}, 1);
    assertThat(ls.coefficients()[0]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void forgettingWeighsTheLatestObservationMost() {
    // lambda 0.5: G = 0.5 * 1 + 1 = 1.5, m = 0.5 * 2 + 4 = 5, theta = 5 / 1.5
    ForgettingLeastSquares ls = new ForgettingLeastSquares(1, 0.5, 1e-12);
    ls.update(new double[] {1}, 2);
    ls.update(new double[] {1}, 4);
    assertThat(ls.coefficients()[0]).isCloseTo(10.0 / 3, within(1e-9));
  }

  @Test
  void forgettingTracksAChangedCoefficient() {
    ForgettingLeastSquares forgetting = new ForgettingLeastSquares(1, 0.9, 1e-6);
    ForgettingLeastSquares remembering = new ForgettingLeastSquares(1, 1.0, 1e-6);
    for (int i = 0; i < 200; i++) {
      double slope = i < 100 ? 1 : 2;
      forgetting.update(new double[] {1 + i % 3}, slope * (1 + i % 3));
      remembering.update(new double[] {1 + i % 3}, slope * (1 + i % 3));
    }
    assertThat(forgetting.coefficients()[0]).isCloseTo(2, within(1e-3));
    assertThat(remembering.coefficients()[0]).isBetween(1.4, 1.6);
  }

  @Test
  void featureThatIsNeverExcitedStaysAtZeroAndDoesNotWindUp() {
    // forgetting 0.95: the weights sum to 1 / (1 - 0.95) = 20, so theta = 20 * 7 / (20 + 0.001)
    ForgettingLeastSquares ls = new ForgettingLeastSquares(2, 0.95, 0.001);
    for (int i = 0; i < 10_000; i++) {
      ls.update(new double[] {1, 0}, 7);
    }
    double[] theta = ls.coefficients();
    assertThat(theta[0]).isCloseTo(140 / 20.001, within(1e-9));
    assertThat(theta[1]).isZero();
    // the first time the feature shows up, the estimate moves but stays finite and sensible
    ls.update(new double[] {1, 1}, 9);
    assertThat(ls.predict(new double[] {1, 1})).isBetween(7.0, 9.0);
  }

  @Test
  void nonFiniteObservationsAreIgnored() {
    ForgettingLeastSquares ls = new ForgettingLeastSquares(1, 1.0, 1.0);
    ls.update(new double[] {1}, Double.NaN);
    ls.update(new double[] {Double.POSITIVE_INFINITY}, 1);
    assertThat(ls.updates()).isZero();
    assertThat(ls.coefficients()[0]).isZero();
  }
}
