package io.wattward.forecast.stream;

/**
 * What a node's forecaster said about one hour before it came: the forecast issued an hour before (with
 * its interval; the residual detection judges the actual against it) and the one issued at the local
 * midnight before (day-ahead accuracy is scored on it). NaN: not issued.
 */
public final class IssuedForecast {
  double hourAheadKwh = Double.NaN;
  double hourAheadLowerKwh = Double.NaN;
  double hourAheadUpperKwh = Double.NaN;
  double dayAheadKwh = Double.NaN;

  public double hourAheadKwh() {
    return hourAheadKwh;
  }

  public double hourAheadLowerKwh() {
    return hourAheadLowerKwh;
  }

  public double hourAheadUpperKwh() {
    return hourAheadUpperKwh;
  }

  public double dayAheadKwh() {
    return dayAheadKwh;
  }

  boolean hasHourAhead() {
    return !Double.isNaN(hourAheadKwh);
  }
}
