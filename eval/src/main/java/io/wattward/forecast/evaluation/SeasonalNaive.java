package io.wattward.forecast.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The seasonal-naive baselines: each hour forecast by the same hour one day (or one week) earlier.
 * A day without data is skipped: the forecast then comes from the latest earlier day (or the same
 * weekday a week further back) that has data, so a baseline is never charged for the upstream gap.
 */
final class SeasonalNaive {

  private final List<double[]> days = new ArrayList<>();

  /** Appends the day that has just ended; null if it had no data. */
  void endOfDay(double[] hourlyKwh) {
    days.add(hourlyKwh == null ? null : hourlyKwh.clone());
  }

  /** The 24 hours of the next day, from {@code lagDays} back; NaN where there is no such day yet. */
  double[] forecast(int lagDays) {
    for (int i = days.size() - lagDays; i >= 0; i -= lagDays) {
      if (days.get(i) != null) {
        return days.get(i).clone();
      }
    }
    double[] none = new double[24];
    Arrays.fill(none, Double.NaN);
    return none;
  }
}
