package io.wattward.anomaly;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A meter stuck at one value: its consumption per step (a minute in the job) identical for
 * {@code minutes} minutes in a row. A stuck register reads as zero consumption, which is also what an
 * idle machine reads, so a zero run counts only when the meter usually consumes at least
 * {@code minExpectedInRun} over the run (learned per hour of day). Other steps (hourly series in the
 * offline evaluation) keep the run's duration and the learning's memory in time. Pure.
 */
public final class FlatlineDetector implements Serializable {

  /** Per meter. A Flink POJO. */
  public static class Run {
    public long value = Long.MIN_VALUE;
    public long startMs;
    /** steps in the current run (minutes with the job's one-minute step) */
    public int minutes;
    public double expectedInRun;
    public long lastMinuteMs = Long.MIN_VALUE;
    /** usual consumption per step by local hour of day (EWMA) */
    public double[] usual = new double[24];
    public int[] seen = new int[24];
    /** when the meter last held a zero run, and a constant non-zero run, as long as an alarm's (Long.MIN_VALUE: never) */
    public long lastZeroRunMs = Long.MIN_VALUE;
    public long lastFlatRunMs = Long.MIN_VALUE;
    /** whether the current run is like one the meter held within the routine days before */
    public boolean routine;

    public Run() {}
  }

  private static final long MINUTE_MS = 60_000L;

  private final ZoneId zone;
  /** steps a run must last */
  private final int steps;
  private final double minExpectedInRun;
  private final long stepMs;
  /** EWMA weight of a step: 0.01 a minute, the same memory in time for any step */
  private final double learnWeight;
  /** a run like one held within this long before is the meter's routine (0: never) */
  private final long routineMs;

  /** One-minute steps, as the job sees meter-minutes. */
  public FlatlineDetector(ZoneId zone, int minutes, double minExpectedInRun) {
    this(zone, minutes, minExpectedInRun, MINUTE_MS, 1, 0);
  }

  /**
   * Steps of {@code stepMs}; a run must still last {@code minutes} minutes, and at least
   * {@code minReadings} steps (two equal hourly values are a coincidence, not a stuck meter). A meter that held
   * such a run within {@code routineDays} before is following its routine, not stuck: a zero run is not
   * judged at all (heating off for the night or the summer), a constant non-zero run only once it lasts
   * {@link #ROUTINE_FACTOR} times as long (a meter that legitimately holds a level).
   */
  public FlatlineDetector(ZoneId zone, int minutes, double minExpectedInRun, long stepMs, int minReadings,
      double routineDays) {
    if (stepMs <= 0) {
      throw new IllegalArgumentException("stepMs must be positive, got " + stepMs);
    }
    this.zone = zone;
    this.steps = (int) Math.max(Math.max(1, minReadings), (minutes * MINUTE_MS + stepMs - 1) / stepMs);
    this.minExpectedInRun = minExpectedInRun;
    this.stepMs = stepMs;
    this.learnWeight = stepMs == MINUTE_MS ? 0.01 : 1 - Math.pow(0.99, (double) stepMs / MINUTE_MS);
    this.routineMs = (long) (routineDays * 86_400_000L);
  }

  /** How much longer a constant run must last on a meter whose routine holds such runs. */
  public static final int ROUTINE_FACTOR = 2;

  /**
   * Judges one meter-step starting at {@code minuteMs} ({@code milli}: its consumption in milli-units).
   * Steps must come in order.
   */
  public Verdict add(Run r, long minuteMs, long milli, String unit) {
    if (minuteMs <= r.lastMinuteMs) {
      return null; // a correction of a minute already judged
    }
    int hour = Instant.ofEpochMilli(minuteMs).atZone(zone).getHour();
    double usual = r.seen[hour] == 0 ? 0 : r.usual[hour];
    boolean continues = milli == r.value && minuteMs == r.lastMinuteMs + stepMs;
    if (!continues) {
      r.value = milli;
      r.startMs = minuteMs;
      r.minutes = 0;
      r.expectedInRun = 0;
      long last = milli == 0 ? r.lastZeroRunMs : r.lastFlatRunMs;
      r.routine = routineMs > 0 && last != Long.MIN_VALUE && minuteMs - last <= routineMs;
    }
    r.minutes++;
    r.expectedInRun += usual;
    r.lastMinuteMs = minuteMs;
    // learn the usual consumption, but not from a run that already looks stuck
    if (r.minutes < steps) {
      double v = milli / 1000.0;
      r.usual[hour] = r.seen[hour] == 0 ? v : r.usual[hour] + learnWeight * (v - r.usual[hour]);
      r.seen[hour]++;
    }
    double value = milli / 1000.0;
    if (r.minutes == steps) {
      // a run as long as an alarm's: what the next runs are compared with
      if (milli == 0) {
        r.lastZeroRunMs = r.startMs;
      } else {
        r.lastFlatRunMs = r.startMs;
      }
    }
    boolean stuck = r.minutes >= (r.routine ? ROUTINE_FACTOR * steps : steps)
        && (milli != 0 || !r.routine && r.expectedInRun >= minExpectedInRun);
    if (!stuck) {
      return Verdict.normal(usual, value);
    }
    long runMinutes = r.minutes * stepMs / MINUTE_MS;
    String step = stepMs == MINUTE_MS ? "minute" : stepMs == 60 * MINUTE_MS ? "hour" : "reading";
    String what = milli == 0
        ? String.format("no consumption for %d minutes where about %.2f %s was usual", runMinutes, r.expectedInRun, unit)
        : String.format("exactly %.3f %s every %s for %d minutes", value, unit, step, runMinutes);
    return Verdict.abnormal(r.minutes >= 4 * steps ? Severity.CRITICAL : Severity.WARNING, usual, value,
        usual > 0 ? 100 * (value - usual) / usual : 0, 0, 0, "meter stuck since " + Instant.ofEpochMilli(r.startMs)
            + ": " + what);
  }
}
