package io.wattward.forecast.evaluation;

import io.wattward.forecast.ForecastSettings;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.HourlyForecast;
import io.wattward.forecast.LoadForecaster;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays one meter's history day by day as the streaming job would see it: at 00:00 of each day D
 * the forecaster and the seasonal-naive baselines forecast the 24 hours of D from observations up
 * to the end of D-1; then D's hours are scored and only then shown to the forecaster, which keeps
 * learning. The forecaster starts empty at the first day of the series, so with scoring from
 * 2017-01-01 its state at the first forecast comes from 2016 alone.
 *
 * <p>Missing data: the upstream data set wrote 0 for missing hours. A day on which the meter
 * reported exactly 0 in all 24 hours is taken as missing: it is scored for no method, the
 * forecaster sees it as missing, and the baselines skip it (they use the latest earlier day, or
 * same weekday, that has data). Every other hour is scored for every method, zeros included.
 */
public final class DayAheadBacktest {

  /** The forecasts for one scored hour, all made at 00:00 of its day. */
  public record ScoredHour(LocalDateTime hour, double actualKwh, HourlyForecast model, double sameHourYesterdayKwh,
      double sameHourLastWeekKwh) {}

  private DayAheadBacktest() {}

  /**
   * @param load hourly kWh of one meter; forecasting starts at its first day
   * @param outdoorC hourly outdoor temperature; the forecaster sees each hour's value only after
   *     forecasting that hour's day
   * @param scoreFrom first day scored
   * @param scoreTo last day scored, and the last day read at all
   * @param scored receives every scored hour, in time order
   */
  public static void run(HourlySeries load, HourlySeries outdoorC, HolidayCalendar calendar, ForecastSettings settings,
      LocalDate scoreFrom, LocalDate scoreTo, Consumer<ScoredHour> scored) {
    run(load, outdoorC, calendar, settings, scoreFrom, scoreTo, false, scored);
  }

  /**
   * As {@link #run(HourlySeries, HourlySeries, HolidayCalendar, ForecastSettings, LocalDate, LocalDate, Consumer)},
   * or, with {@code everyHour}, with no missing-data rule at all: a day of zeros is data like any other, for the
   * forecaster, the baselines and the scoring, as the streaming job (which cannot tell) sees it.
   */
  public static void run(HourlySeries load, HourlySeries outdoorC, HolidayCalendar calendar, ForecastSettings settings,
      LocalDate scoreFrom, LocalDate scoreTo, boolean everyHour, Consumer<ScoredHour> scored) {
    LoadForecaster forecaster = new LoadForecaster(settings);
    SeasonalNaive naive = new SeasonalNaive();
    for (LocalDate day = load.firstDay(); !day.isAfter(scoreTo); day = day.plusDays(1)) {
      LocalDateTime midnight = day.atStartOfDay();
      if (!day.isBefore(scoreFrom)) {
        List<HourlyForecast> model = forecaster.forecast(midnight, calendar);
        double[] yesterday = naive.forecast(1);
        double[] lastWeek = naive.forecast(7);
        double[] actual = load.day(day);
        if (everyHour || !reportedNothing(actual)) {
          for (int h = 0; h < 24; h++) {
            HourlyForecast f = model.get(h);
            if (Double.isFinite(actual[h]) && f.known() && !Double.isNaN(yesterday[h]) && !Double.isNaN(lastWeek[h])) {
              scored.accept(new ScoredHour(midnight.plusHours(h), actual[h], f, yesterday[h], lastWeek[h]));
            }
          }
        }
      }
      // the day is over: now, and only now, its actuals become history
      double[] actual = load.day(day);
      boolean missing = !everyHour && reportedNothing(actual);
      for (int h = 0; h < 24; h++) {
        LocalDateTime hour = midnight.plusHours(h);
        forecaster.observe(hour, missing ? Double.NaN : actual[h], outdoorC.at(hour), calendar);
      }
      naive.endOfDay(missing ? null : actual);
    }
  }

  /** True if the day has no value above 0: a day of upstream gap-filling, not a measurement. */
  public static boolean reportedNothing(double[] dayKwh) {
    for (double v : dayKwh) {
      if (v > 0) {
        return false;
      }
    }
    return true;
  }
}
