package io.wattward.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;

/** The arithmetic of a report, free of ClickHouse: changes between periods, projections, shares. */
final class PeriodMath {

  private PeriodMath() {}

  /** Change from {@code before} to {@code now} in percent; null when there is nothing to compare with. */
  static Double changePct(double now, double before) {
    return before == 0 ? null : round2((now - before) / before * 100);
  }

  /** {@code part} as a percentage of {@code whole}; null without a whole (no quota). */
  static Double sharePct(double part, double whole) {
    return whole == 0 ? null : round2(part / whole * 100);
  }

  /**
   * Month-end projection when the quota tracker has none: the daily average of the elapsed days
   * carried over the whole month (a complete month projects to its total).
   */
  static double linearProjection(double toDate, long elapsedDays, int daysInMonth) {
    return elapsedDays == 0 ? toDate : toDate / elapsedDays * daysInMonth;
  }

  /** Whole local days of {@code month} before {@code asOf}: 0 before the month, its length after it. */
  static long elapsedDays(YearMonth month, LocalDate asOf) {
    long days = ChronoUnit.DAYS.between(month.atDay(1), asOf);
    return Math.max(0, Math.min(days, month.lengthOfMonth()));
  }

  static double round2(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }
}
