package io.wattward.forecast.evaluation;

/**
 * Accumulates point-forecast errors and reports them as ASHRAE Guideline 14 does, with n (not n - p)
 * in both denominators: CV(RMSE) = RMSE / mean(actual) * 100 and
 * NMBE = sum(actual - forecast) / (n * mean(actual)) * 100. A positive NMBE means the forecast is too low.
 */
public final class Accuracy {

  private long n;
  private double sumActual;
  private double sumError;
  private double sumSquaredError;

  public void add(double actual, double forecast) {
    double e = actual - forecast;
    n++;
    sumActual += actual;
    sumError += e;
    sumSquaredError += e * e;
  }

  public long count() {
    return n;
  }

  public double meanActual() {
    return n == 0 ? Double.NaN : sumActual / n;
  }

  public double rmse() {
    return n == 0 ? Double.NaN : Math.sqrt(sumSquaredError / n);
  }

  /** In percent. */
  public double cvRmse() {
    return rmse() / meanActual() * 100;
  }

  /** In percent. */
  public double nmbe() {
    return n == 0 ? Double.NaN : sumError / (n * meanActual()) * 100;
  }
}
