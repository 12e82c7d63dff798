package io.wattward.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The width of the prediction interval per hour of day: the exponentially weighted RMS of that
 * hour's recent day-ahead residuals times a multiplier, and the multiplier steered online so that
 * the share of actuals outside the interval tends to the nominal one (adaptive conformal
 * inference: widen after a miss, narrow a little after a hit). The steering makes the coverage hold
 * without assuming the residuals are normal. Pure; state 24 + 2 doubles.
 */
public final class ResidualSpread {

  static final int FORMAT_VERSION = 1;

  static final int HOURS = 24;
  /** The two-sided 90% normal quantile: where the multiplier starts before any feedback. */
  static final double INITIAL_MULTIPLIER = 1.645;

  private final double missRate;
  private final double weight;
  private final double gain;
  private final double[] meanSquare = new double[HOURS];
  private double multiplier = INITIAL_MULTIPLIER;

  /**
   * @param coverage nominal share of actuals inside, e.g. 0.9
   * @param memoryDays days over which each hour's squared residuals are averaged
   * @param gain change of the multiplier per observation and unit of miss-rate error
   */
  public ResidualSpread(double coverage, double memoryDays, double gain) {
    this(1 - coverage, 1 / memoryDays, gain, true);
  }

  private ResidualSpread(double missRate, double weight, double gain, boolean unused) {
    this.missRate = missRate;
    this.weight = weight;
    this.gain = gain;
    Arrays.fill(meanSquare, Double.NaN);
  }

  /** Writes the state in {@link #FORMAT_VERSION}; {@link #read} restores it exactly (the derived rates as stored). */
  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    out.writeDouble(missRate);
    out.writeDouble(weight);
    out.writeDouble(gain);
    StateFormat.writeDoubles(out, meanSquare);
    out.writeDouble(multiplier);
  }

  public static ResidualSpread read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "ResidualSpread", FORMAT_VERSION);
    double missRate = in.readDouble();
    double weight = in.readDouble();
    double gain = in.readDouble();
    ResidualSpread s = new ResidualSpread(missRate, weight, gain, true);
    StateFormat.readDoubles(in, s.meanSquare, "ResidualSpread meanSquare");
    s.multiplier = in.readDouble();
    return s;
  }

  /** Half the interval width for this hour, in the residuals' unit; NaN until the hour has a residual. */
  public double halfWidth(int hour) {
    return multiplier * Math.sqrt(meanSquare[hour]);
  }

  public double multiplier() {
    return multiplier;
  }

  /** Scores the interval the hour had against its residual (actual minus forecast), then learns from it. */
  public void update(int hour, double residual) {
    if (!Double.isFinite(residual)) {
      return;
    }
    double half = halfWidth(hour);
    if (!Double.isNaN(half)) {
      double miss = Math.abs(residual) > half ? 1 : 0;
      multiplier = Math.max(0, multiplier + gain * (miss - missRate));
    }
    double square = residual * residual;
    meanSquare[hour] = Double.isNaN(meanSquare[hour]) ? square : (1 - weight) * meanSquare[hour] + weight * square;
  }
}
