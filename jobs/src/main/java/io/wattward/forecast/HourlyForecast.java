package io.wattward.forecast;

import java.time.LocalDateTime;

/**
 * The forecast energy of one hour and its prediction interval (nominal coverage from the settings),
 * all in kWh (or the meter's unit) and never negative. NaN when the forecaster has too little history.
 *
 * @param hourStart local start of the hour
 */
public record HourlyForecast(LocalDateTime hourStart, double energyKwh, double lowerKwh, double upperKwh) {

  public boolean known() {
    return !Double.isNaN(energyKwh);
  }

  /** Whether the actual is inside the interval, to within floating-point rounding of the bounds. */
  public boolean covers(double actualKwh) {
    double rounding = 1e-9 * Math.max(1, Math.abs(upperKwh));
    return actualKwh >= lowerKwh - rounding && actualKwh <= upperKwh + rounding;
  }
}
