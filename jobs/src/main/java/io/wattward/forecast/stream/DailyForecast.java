package io.wattward.forecast.stream;

import io.wattward.forecast.DailyTotals;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Daily forecasts of the rest of a month: today is what was used so far plus the hourly forecast of its
 * remaining hours; a later day is the mean of the last seven complete days of its class (working day or
 * day off), with +-1.645 standard deviations of those days as its interval. Pure; five weeks of daily
 * totals are kept.
 */
public final class DailyForecast {

  static final int FORMAT_VERSION = 1;

  /** One day's forecast. */
  public record Day(LocalDate day, double forecast, double lower, double upper) {}

  private final DailyTotals days;

  public DailyForecast() {
    this(new DailyTotals());
  }

  private DailyForecast(DailyTotals days) {
    this.days = days;
  }

  public void add(LocalDate day, double value) {
    days.add(day, value);
  }

  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    days.write(out);
  }

  public static DailyForecast read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "DailyForecast", FORMAT_VERSION);
    return new DailyForecast(DailyTotals.read(in));
  }

  /** The days from {@code today} to the month's end; {@code restOfToday} is the forecast of today's remaining hours. */
  public List<Day> restOfMonth(LocalDate today, double restOfToday, HolidayCalendar calendar) {
    List<Day> out = new ArrayList<>();
    DailyTotals.Total t = days.get(today);
    double used = t == null ? 0 : t.energy();
    out.add(new Day(today, used + restOfToday, used + restOfToday, used + restOfToday));
    LocalDate end = today.withDayOfMonth(1).plusMonths(1);
    for (LocalDate d = today.plusDays(1); d.isBefore(end); d = d.plusDays(1)) {
      boolean working = calendar.dayType(d).working();
      List<Double> like = new ArrayList<>();
      for (Map.Entry<LocalDate, DailyTotals.Total> e : days.newestFirst().entrySet()) {
        if (e.getKey().isBefore(today) && e.getValue().complete()
            && calendar.dayType(e.getKey()).working() == working) {
          like.add(e.getValue().energy());
          if (like.size() == 7) {
            break;
          }
        }
      }
      if (like.isEmpty()) {
        continue; // no day of its class yet: no forecast rather than a guess
      }
      double mean = like.stream().mapToDouble(Double::doubleValue).average().orElse(0);
      double sd = like.size() < 2 ? 0 : Math.sqrt(like.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum()
          / (like.size() - 1));
      out.add(new Day(d, mean, Math.max(0, mean - 1.645 * sd), mean + 1.645 * sd));
    }
    return out;
  }
}
