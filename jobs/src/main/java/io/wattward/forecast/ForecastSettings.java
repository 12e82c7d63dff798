package io.wattward.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * How a {@link LoadForecaster} learns. The defaults were chosen on a walk-forward run over 2016 of
 * the development data (see docs/forecast-quality.md), never on the year it is scored on.
 *
 * @param forgetting weight of the past per day in each hour's regression (0.99: a memory of about 100 days)
 * @param ridge shrinkage of the learned correction towards the same-day-type seasonal-naive forecast,
 *     in units of one day's observation
 * @param heatingBaseC daily mean outdoor temperature below which a building heats (UK degree-day base 15.5 C)
 * @param coolingBaseC hourly outdoor temperature above which a building cools
 * @param intervalCoverage nominal share of actuals inside the prediction interval, e.g. 0.9
 * @param spreadMemoryDays days over which each hour's residual variance is averaged (EWMA)
 * @param coverageGain how fast the interval width multiplier moves towards the nominal coverage, per hour
 * @param businessVolume whether the node has a business-volume driver (planned patient visits,
 *     operations, ...) supplied through {@link LoadForecaster#planBusinessVolume}
 */
public record ForecastSettings(double forgetting, double ridge, double heatingBaseC, double coolingBaseC,
    double intervalCoverage, double spreadMemoryDays, double coverageGain, boolean businessVolume) {

  static final int FORMAT_VERSION = 1;

  public ForecastSettings {
    require(forgetting > 0 && forgetting <= 1, "forgetting must be in (0, 1]: " + forgetting);
    require(ridge > 0, "ridge must be > 0: " + ridge);
    require(Double.isFinite(heatingBaseC) && Double.isFinite(coolingBaseC), "temperature bases must be finite");
    require(intervalCoverage > 0 && intervalCoverage < 1, "intervalCoverage must be in (0, 1): " + intervalCoverage);
    require(spreadMemoryDays >= 1, "spreadMemoryDays must be >= 1: " + spreadMemoryDays);
    require(coverageGain >= 0, "coverageGain must be >= 0: " + coverageGain);
  }

  public static ForecastSettings defaults() {
    return new ForecastSettings(0.99, 0.3, 15.5, 18.0, 0.9, 30, 0.01, false);
  }

  public ForecastSettings withBusinessVolume(boolean enabled) {
    return new ForecastSettings(forgetting, ridge, heatingBaseC, coolingBaseC, intervalCoverage, spreadMemoryDays,
        coverageGain, enabled);
  }

  /** Writes the settings in {@link #FORMAT_VERSION}. */
  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    out.writeDouble(forgetting);
    out.writeDouble(ridge);
    out.writeDouble(heatingBaseC);
    out.writeDouble(coolingBaseC);
    out.writeDouble(intervalCoverage);
    out.writeDouble(spreadMemoryDays);
    out.writeDouble(coverageGain);
    out.writeBoolean(businessVolume);
  }

  public static ForecastSettings read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "ForecastSettings", FORMAT_VERSION);
    double forgetting = in.readDouble();
    double ridge = in.readDouble();
    double heatingBaseC = in.readDouble();
    double coolingBaseC = in.readDouble();
    double intervalCoverage = in.readDouble();
    double spreadMemoryDays = in.readDouble();
    double coverageGain = in.readDouble();
    return new ForecastSettings(forgetting, ridge, heatingBaseC, coolingBaseC, intervalCoverage, spreadMemoryDays,
        coverageGain, in.readBoolean());
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
