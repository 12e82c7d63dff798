package io.wattward.anomaly;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * The night base load (mean consumption per hour over the local hours [fromHour, toHour)) against the
 * median of the {@code baselineNights} nights before: a pipe leak or lights left burning raise it while
 * daytime use hides them. Judged once per night, when its last hour arrives; abnormal after
 * {@code consecutiveNights} high nights in a row. Pure.
 */
public final class NightBaseLoadDetector implements Serializable {

  /** Per node: the night being summed and the nights before. A Flink POJO. */
  public static class Nights {
    public long nightStartMs = Long.MIN_VALUE;
    public double sum;
    public int hours;
    public double[] recent = new double[0];
    public int highStreak;

    public Nights() {}
  }

  private final ZoneId zone;
  private final int fromHour;
  private final int toHour;
  private final int baselineNights;
  private final double thresholdPct;
  private final double minExcessPerHour;
  private final int consecutiveNights;

  public NightBaseLoadDetector(ZoneId zone, int fromHour, int toHour, int baselineNights, double thresholdPct,
      double minExcessPerHour, int consecutiveNights) {
    this.zone = zone;
    this.fromHour = fromHour;
    this.toHour = toHour;
    this.baselineNights = baselineNights;
    this.thresholdPct = thresholdPct;
    this.minExcessPerHour = minExcessPerHour;
    this.consecutiveNights = consecutiveNights;
  }

  /**
   * Adds the hour starting at {@code startMs}. Returns the verdict on the night when this was its last
   * hour and enough nights came before (at least half the baseline), else null. A night with missing
   * hours is not judged.
   */
  public Verdict add(Nights n, long startMs, double value, double cost, String unit) {
    ZonedDateTime t = Instant.ofEpochMilli(startMs).atZone(zone);
    int hour = t.getHour();
    if (hour < fromHour || hour >= toHour) {
      return null;
    }
    long night = t.withHour(fromHour).withMinute(0).withSecond(0).withNano(0).toInstant().toEpochMilli();
    if (night != n.nightStartMs) {
      n.nightStartMs = night;
      n.sum = 0;
      n.hours = 0;
    }
    n.sum += value;
    n.hours++;
    if (hour != toHour - 1) {
      return null;
    }
    int nightHours = toHour - fromHour;
    if (n.hours != nightHours) {
      return null;
    }
    double rate = n.sum / nightHours;
    Verdict verdict = null;
    if (n.recent.length >= Math.max(1, baselineNights / 2)) {
      double[] sorted = n.recent.clone();
      Arrays.sort(sorted);
      double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      double excess = rate - median;
      double pct = median > 0 ? 100 * excess / median : (excess > 0 ? 999.9 : 0);
      boolean high = excess >= minExcessPerHour && pct >= thresholdPct;
      n.highStreak = high ? n.highStreak + 1 : 0;
      if (high && n.highStreak >= consecutiveNights) {
        verdict = Verdict.abnormal(pct >= 2 * thresholdPct ? Severity.CRITICAL : Severity.WARNING, median, rate, pct,
            excess * nightHours, value > 0 ? cost / value * excess * nightHours : 0,
            String.format("night base load %.2f %s/h (%02d:00-%02d:00) against %.2f %s/h, the median of the %d nights "
                + "before (%+.1f%%)", rate, unit, fromHour, toHour, median, unit, n.recent.length, pct));
      } else {
        verdict = Verdict.normal(median, rate);
      }
    }
    // the night joins the baseline (a high night too: a leak left alone becomes the norm only slowly, by median)
    double[] next = Arrays.copyOf(n.recent, Math.min(n.recent.length + 1, baselineNights));
    if (n.recent.length >= baselineNights) {
      System.arraycopy(n.recent, 1, next, 0, baselineNights - 1);
    }
    next[next.length - 1] = rate;
    n.recent = next;
    return verdict;
  }
}
