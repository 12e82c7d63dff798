package io.wattward.anomaly;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * What an hour usually holds: an exponentially weighted mean per hour of the week, and, until an hour of
 * the week has been seen {@code minWeeks} times, per hour of the day and day type (working day or
 * weekend). A Flink POJO; 2 x 168 + 2 x 48 numbers.
 */
public class HourOfWeekBaseline {
  public double[] week = new double[168];
  public int[] weekCount = new int[168];
  public double[] dayType = new double[48];
  public int[] dayTypeCount = new int[48];
  /** consecutive hours over the threshold, and their excess energy and cost while not yet confirmed */
  public int abnormalRun;
  public double pendingExcess;
  public double pendingCost;

  public HourOfWeekBaseline() {}

  static int hourOfWeek(ZonedDateTime t) {
    return (t.getDayOfWeek().getValue() - 1) * 24 + t.getHour();
  }

  static int hourOfDayType(ZonedDateTime t) {
    DayOfWeek d = t.getDayOfWeek();
    boolean weekend = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
    return (weekend ? 24 : 0) + t.getHour();
  }

  /** The expected value of the hour starting at {@code startMs}, or NaN while there is too little history. */
  public double expected(long startMs, ZoneId zone, int minWeeks) {
    ZonedDateTime t = Instant.ofEpochMilli(startMs).atZone(zone);
    int w = hourOfWeek(t);
    if (weekCount[w] >= minWeeks) {
      return week[w];
    }
    int d = hourOfDayType(t);
    return dayTypeCount[d] >= 3 ? dayType[d] : Double.NaN;
  }

  /** Learns the hour's value with weight {@code weight} (the first value of an hour is taken as is). */
  public void learn(long startMs, ZoneId zone, double value, double weight) {
    ZonedDateTime t = Instant.ofEpochMilli(startMs).atZone(zone);
    int w = hourOfWeek(t);
    week[w] = weekCount[w] == 0 ? value : week[w] + weight * (value - week[w]);
    weekCount[w]++;
    int d = hourOfDayType(t);
    // day types see five (or two) days a week: a smaller weight spans about the same time
    double dayWeight = weight / (d < 24 ? 5 : 2);
    dayType[d] = dayTypeCount[d] == 0 ? value : dayType[d] + Math.max(dayWeight, 1.0 / (dayTypeCount[d] + 1)) * (value - dayType[d]);
    dayTypeCount[d]++;
  }
}
