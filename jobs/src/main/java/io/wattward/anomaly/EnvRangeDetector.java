package io.wattward.anomaly;

import java.io.Serializable;

/**
 * One factor of one room out of its room type's range: abnormal once it has been out for
 * {@code minMinutes} minutes in a row, and until it has been back in range for {@code clearMinutes}
 * (so a value wavering at the bound does not open and close an anomaly every minute). Critical after
 * {@code criticalMinutes} out. Pure.
 */
public final class EnvRangeDetector implements Serializable {

  /** Per room and factor. A Flink POJO. */
  public static class Run {
    public int out;
    public int in;
    public boolean open;
    public long lastMinuteMs = Long.MIN_VALUE;

    public Run() {}
  }

  private final int minMinutes;
  private final int clearMinutes;
  private final int criticalMinutes;

  public EnvRangeDetector(int minMinutes, int clearMinutes, int criticalMinutes) {
    this.minMinutes = minMinutes;
    this.clearMinutes = clearMinutes;
    this.criticalMinutes = criticalMinutes;
  }

  /** Judges one minute; a missing minute breaks a run (no data is not out of range). */
  public Verdict add(Run r, long minuteMs, boolean outOfRange, double value, String factor, String roomType) {
    if (minuteMs <= r.lastMinuteMs) {
      return null;
    }
    if (minuteMs != r.lastMinuteMs + 60_000L) {
      r.out = 0;
      r.in = 0;
    }
    r.lastMinuteMs = minuteMs;
    if (outOfRange) {
      r.out++;
      r.in = 0;
    } else {
      r.in++;
      if (!r.open) {
        r.out = 0;
      }
    }
    if (r.open && r.in >= clearMinutes) {
      r.open = false;
      r.out = 0;
    } else if (!r.open && r.out >= minMinutes) {
      r.open = true;
    }
    if (!r.open) {
      return Verdict.normal(value, value);
    }
    return Verdict.abnormal(r.out >= criticalMinutes ? Severity.CRITICAL : Severity.WARNING, value, value, 0, 0, 0,
        String.format("%s %.1f outside the %s range, out for %d minutes", factor, value, roomType, r.out));
  }
}
