package io.wattward.forecast.evaluation;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hourly values from a first hour on, NaN where there is no value. Immutable.
 *
 * @param start the first hour
 * @param values one per hour from {@code start}
 */
public record HourlySeries(LocalDateTime start, double[] values) {

  public HourlySeries {
    values = values.clone();
  }

  public static HourlySeries of(Map<LocalDateTime, Double> byHour) {
    TreeMap<LocalDateTime, Double> sorted = new TreeMap<>(byHour);
    if (sorted.isEmpty()) {
      return new HourlySeries(LocalDateTime.of(2000, 1, 1, 0, 0), new double[0]);
    }
    LocalDateTime first = sorted.firstKey();
    double[] v = new double[(int) ChronoUnit.HOURS.between(first, sorted.lastKey()) + 1];
    Arrays.fill(v, Double.NaN);
    sorted.forEach((hour, value) -> v[(int) ChronoUnit.HOURS.between(first, hour)] = value);
    return new HourlySeries(first, v);
  }

  public double at(LocalDateTime hour) {
    long i = ChronoUnit.HOURS.between(start, hour);
    return i >= 0 && i < values.length ? values[(int) i] : Double.NaN;
  }

  /** The 24 values of a day (NaN outside the series). */
  public double[] day(LocalDate day) {
    double[] out = new double[24];
    for (int h = 0; h < 24; h++) {
      out[h] = at(day.atTime(h, 0));
    }
    return out;
  }

  public LocalDate firstDay() {
    return start.toLocalDate();
  }

  public LocalDate lastDay() {
    return start.plusHours(Math.max(0, values.length - 1)).toLocalDate();
  }
}
