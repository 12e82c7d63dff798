package io.wattward.anomaly;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A meter stuck at one value: its minute consumption identical for {@code minutes} in a row. A stuck
 * register reads as zero consumption, which is also what an idle machine reads, so a zero run counts
 * only when the meter usually consumes at least {@code minExpectedInRun} over those minutes (learned
 * per hour of day). Pure.
 */
public final class FlatlineDetector implements Serializable {

  /** Per meter. A Flink POJO. */
  public static class Run {
    public long value = Long.MIN_VALUE;
    public long startMs;
    public int minutes;
    public double expectedInRun;
    public long lastMinuteMs = Long.MIN_VALUE;
    /** usual consumption per minute by local hour of day (EWMA) */
    public double[] usual = new double[24];
    public int[] seen = new int[24];

    public Run() {}
  }

  private final ZoneId zone;
  private final int minutes;
  private final double minExpectedInRun;

  public FlatlineDetector(ZoneId zone, int minutes, double minExpectedInRun) {
    this.zone = zone;
    this.minutes = minutes;
    this.minExpectedInRun = minExpectedInRun;
  }

  /** Judges one meter-minute ({@code milli}: consumption in milli-units). Minutes must come in order. */
  public Verdict add(Run r, long minuteMs, long milli, String unit) {
    if (minuteMs <= r.lastMinuteMs) {
      return null; // a correction of a minute already judged
    }
    int hour = Instant.ofEpochMilli(minuteMs).atZone(zone).getHour();
    double usual = r.seen[hour] == 0 ? 0 : r.usual[hour];
    boolean continues = milli == r.value && minuteMs == r.lastMinuteMs + 60_000L;
    if (!continues) {
      r.value = milli;
      r.startMs = minuteMs;
      r.minutes = 0;
      r.expectedInRun = 0;
    }
    r.minutes++;
    r.expectedInRun += usual;
    r.lastMinuteMs = minuteMs;
    // learn the usual consumption, but not from a run that already looks stuck
    if (r.minutes < minutes) {
      double v = milli / 1000.0;
      r.usual[hour] = r.seen[hour] == 0 ? v : r.usual[hour] + 0.01 * (v - r.usual[hour]);
      r.seen[hour]++;
    }
    double value = milli / 1000.0;
    boolean stuck = r.minutes >= minutes && (milli != 0 || r.expectedInRun >= minExpectedInRun);
    if (!stuck) {
      return Verdict.normal(usual, value);
    }
    String what = milli == 0 ? String.format("no consumption for %d minutes where about %.2f %s was usual", r.minutes,
        r.expectedInRun, unit) : String.format("exactly %.3f %s every minute for %d minutes", value, unit, r.minutes);
    return Verdict.abnormal(r.minutes >= 4 * minutes ? Severity.CRITICAL : Severity.WARNING, usual, value,
        usual > 0 ? 100 * (value - usual) / usual : 0, 0, 0, "meter stuck since " + Instant.ofEpochMilli(r.startMs)
            + ": " + what);
  }
}
