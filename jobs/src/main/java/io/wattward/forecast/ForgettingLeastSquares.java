package io.wattward.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Recursive least squares with a forgetting factor, kept in information form: the exponentially
 * weighted normal equations {@code G = sum lambda^age x x'} and {@code m = sum lambda^age x y},
 * solved with a constant ridge {@code (G + ridge I) theta = m} when coefficients are needed.
 *
 * <p>This is the estimate the classic covariance-form RLS tracks, but the constant ridge keeps it
 * well posed when a feature is rarely excited (a holiday indicator) or two features coincide for a
 * while, where the covariance form winds up. The ridge also shrinks every coefficient towards zero
 * while there is little data. State: k(k+1)/2 + k doubles for k features. Pure; not thread-safe.
 */
public final class ForgettingLeastSquares {

  static final int FORMAT_VERSION = 1;

  private final int size;
  private final double forgetting;
  private final double ridge;
  /** Lower triangle of G, row by row: (i, j) with j <= i at i(i+1)/2 + j. */
  private final double[] gram;
  private final double[] moment;
  private long updates;

  /**
   * @param size number of features k
   * @param forgetting weight of the past per update, in (0, 1]; 1 remembers everything
   * @param ridge added to G's diagonal, > 0
   */
  public ForgettingLeastSquares(int size, double forgetting, double ridge) {
    if (size < 1 || !(forgetting > 0 && forgetting <= 1) || !(ridge > 0)) {
      throw new IllegalArgumentException("need size >= 1, forgetting in (0, 1], ridge > 0; got " + size + ", "
          + forgetting + ", " + ridge);
    }
    this.size = size;
    this.forgetting = forgetting;
    this.ridge = ridge;
    this.gram = new double[size * (size + 1) / 2];
    this.moment = new double[size];
  }

  public int size() {
    return size;
  }

  public long updates() {
    return updates;
  }

  /** Forgets a little of the past and adds one observation. Non-finite input is ignored. */
  public void update(double[] x, double y) {
    if (x.length != size) {
      throw new IllegalArgumentException("expected " + size + " features, got " + x.length);
    }
    if (!Double.isFinite(y) || !allFinite(x)) {
      return;
    }
    for (int i = 0, p = 0; i < size; i++) {
      for (int j = 0; j <= i; j++, p++) {
        gram[p] = forgetting * gram[p] + x[i] * x[j];
      }
      moment[i] = forgetting * moment[i] + x[i] * y;
    }
    updates++;
  }

  /** The ridge estimate, by Cholesky decomposition of G + ridge I (always positive definite). */
  public double[] coefficients() {
    int n = size;
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = gram[i * (i + 1) / 2 + j] + (i == j ? ridge : 0);
        for (int k = 0; k < j; k++) {
          sum -= l[i * n + k] * l[j * n + k];
        }
        l[i * n + j] = i == j ? Math.sqrt(sum) : sum / l[j * n + j];
      }
    }
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = moment[i];
      for (int k = 0; k < i; k++) {
        sum -= l[i * n + k] * z[k];
      }
      z[i] = sum / l[i * n + i];
    }
    double[] theta = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double sum = z[i];
      for (int k = i + 1; k < n; k++) {
        sum -= l[k * n + i] * theta[k];
      }
      theta[i] = sum / l[i * n + i];
    }
    return theta;
  }

  public double predict(double[] x) {
    return dot(coefficients(), x);
  }

  /** Writes the state in {@link #FORMAT_VERSION}; {@link #read} restores it exactly. */
  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    out.writeInt(size);
    out.writeDouble(forgetting);
    out.writeDouble(ridge);
    StateFormat.writeDoubles(out, gram);
    StateFormat.writeDoubles(out, moment);
    out.writeLong(updates);
  }

  public static ForgettingLeastSquares read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "ForgettingLeastSquares", FORMAT_VERSION);
    int size = in.readInt();
    double forgetting = in.readDouble();
    double ridge = in.readDouble();
    ForgettingLeastSquares f = new ForgettingLeastSquares(size, forgetting, ridge);
    StateFormat.readDoubles(in, f.gram, "ForgettingLeastSquares gram");
    StateFormat.readDoubles(in, f.moment, "ForgettingLeastSquares moment");
    f.updates = in.readLong();
    return f;
  }

  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static boolean allFinite(double[] x) {
    return Arrays.stream(x).allMatch(Double::isFinite);
  }
}
