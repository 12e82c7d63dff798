package io.wattward.quota;

import io.wattward.forecast.DailyTotals;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;

/**
 * Where a department's consumption of a period will end: what it used so far, plus the hourly forecast
 * of the rest of today, plus, for each later day of the period, what a day of its class (working day or day off, from the calendar) has used lately (the
 * mean of the last seven complete days of the class; of any class while a class has none; the period's
 * own rate over the hours measured in it before any day is complete). Pure; daily totals of the last five
 * weeks are kept.
 */
public final class QuotaProjection {

  public static final int FORMAT_VERSION = 1;

  private final DailyTotals days;

  public QuotaProjection() {
    this(new DailyTotals());
  }

  private QuotaProjection(DailyTotals days) {
    this.days = days;
  }

  /** Adds one hour of consumption. */
  public void add(LocalDateTime hourStart, double value) {
    days.add(hourStart.toLocalDate(), value);
  }

  /** Adds a late correction to the energy of an hour added before (its day keeps its count of hours). */
  public void correct(LocalDateTime hourStart, double difference) {
    days.correct(hourStart.toLocalDate(), difference);
  }

  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    days.write(out);
  }

  public static QuotaProjection read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "QuotaProjection", FORMAT_VERSION);
    return new QuotaProjection(DailyTotals.read(in));
  }

  /** The mean daily energy of the last seven complete days of the class of {@code day}, or NaN. */
  double usualDay(LocalDate day, LocalDate before, HolidayCalendar calendar, boolean anyClass) {
    boolean working = calendar.dayType(day).working();
    double sum = 0;
    int n = 0;
    for (Map.Entry<LocalDate, DailyTotals.Total> e : days.newestFirst().entrySet()) {
      if (!e.getKey().isBefore(before) || !e.getValue().complete()) {
        continue;
      }
      if (anyClass || calendar.dayType(e.getKey()).working() == working) {
        sum += e.getValue().energy();
        n++;
        if (n == 7) {
          break;
        }
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * The projected total of the period [{@code start}, {@code end}) (local dates) at the end of the hour
   * {@code lastHour}, given {@code toDate} used in the period so far and {@code restOfToday}, the
   * forecast of the hours left in {@code lastHour}'s day (NaN: the usual day's share of them instead).
   */
  public double project(LocalDate start, LocalDate end, LocalDateTime lastHour, double toDate, double restOfToday,
      HolidayCalendar calendar) {
    LocalDate today = lastHour.toLocalDate();
    double hoursElapsed = java.time.Duration.between(start.atStartOfDay(), lastHour.plusHours(1)).toHours();
    // the period's own rate: over the hours measured in it (a department metered from the middle of the
    // month did not use nothing before), else over the hours elapsed
    int hoursMeasured = 0;
    for (Map.Entry<LocalDate, DailyTotals.Total> e : days.newestFirst().entrySet()) {
      if (!e.getKey().isBefore(start) && !e.getKey().isAfter(today)) {
        hoursMeasured += e.getValue().hours();
      }
    }
    double hourlyRate = hoursMeasured > 0 ? toDate / hoursMeasured : hoursElapsed > 0 ? toDate / hoursElapsed : 0;
    double total = toDate;
    double hoursLeftToday = 24 - (lastHour.getHour() + 1);
    for (LocalDate d = today; d.isBefore(end); d = d.plusDays(1)) {
      double usual = usualDay(d, today, calendar, false);
      if (Double.isNaN(usual)) {
        usual = usualDay(d, today, calendar, true);
      }
      if (Double.isNaN(usual)) {
        usual = hourlyRate * 24;
      }
      if (d.equals(today)) {
        // the rest of today: its hourly forecast, else the usual day's share of the hours left
        total += Double.isNaN(restOfToday) ? usual * hoursLeftToday / 24.0 : restOfToday;
      } else {
        total += usual;
      }
    }
    return total;
  }
}
