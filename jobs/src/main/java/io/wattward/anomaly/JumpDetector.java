package io.wattward.anomaly;

import java.io.Serializable;
import java.time.ZoneId;

/**
 * An hour's consumption against the learned same hour of the week (e.g. a department's water 20 % above
 * its usual Tuesday 10:00). Abnormal when it exceeds the baseline by {@code thresholdPct} and by at least
 * {@code minExcess} (so small nodes do not alarm on noise) for {@code confirmHours} hours in a row (a
 * single high hour is too often just a busy hour), or at once when it reaches {@code criticalPct}; the
 * anomaly then starts at the first of those hours and carries their excess. The
 * baseline keeps learning, an abnormal hour only up to the threshold, so a lasting step becomes the new
 * normal over weeks, not hours. Pure.
 */
public final class JumpDetector implements Serializable {

  private final ZoneId zone;
  private final double thresholdPct;
  private final double criticalPct;
  private final double minExcess;
  private final double weight;
  private final int minWeeks;
  private final boolean bothWays;
  private final int confirmHours;

  public JumpDetector(ZoneId zone, double thresholdPct, double criticalPct, double minExcess, double weight,
      int minWeeks, boolean bothWays, int confirmHours) {
    this.confirmHours = Math.max(1, confirmHours);
    this.zone = zone;
    this.thresholdPct = thresholdPct;
    this.criticalPct = criticalPct;
    this.minExcess = minExcess;
    this.weight = weight;
    this.minWeeks = minWeeks;
    this.bothWays = bothWays;
  }

  /**
   * Judges the hour starting at {@code startMs} and learns it. Returns null while the baseline has too
   * little history to judge. {@code cost} is the hour's cost, to price the excess.
   */
  public Verdict judge(HourOfWeekBaseline baseline, long startMs, double value, double cost, String unit) {
    double expected = baseline.expected(startMs, zone, minWeeks);
    Verdict verdict = null;
    double learned = value;
    if (!Double.isNaN(expected)) {
      double excess = value - expected;
      double pct = expected > 0 ? 100 * excess / expected : (excess > 0 ? Double.POSITIVE_INFINITY : 0);
      boolean up = excess >= minExcess && pct >= thresholdPct;
      boolean down = bothWays && -excess >= minExcess && -pct >= thresholdPct;
      if (up || down) {
        Severity severity = Math.abs(pct) >= criticalPct ? Severity.CRITICAL : Severity.WARNING;
        // a baseline near zero makes any percentage meaningless beyond this
        double shownPct = Math.max(-999.9, Math.min(999.9, pct));
        baseline.abnormalRun++;
        baseline.pendingExcess += excess;
        baseline.pendingCost += value > 0 ? cost * excess / value : 0;
        if (severity == Severity.CRITICAL || baseline.abnormalRun >= confirmHours) {
          verdict = Verdict.abnormal(severity, expected, value, shownPct, baseline.pendingExcess, baseline.pendingCost,
              String.format("%.2f %s in the hour against %.2f usual for this hour of the week (%+.1f%%)", value, unit,
                  expected, shownPct)).since(startMs - (baseline.abnormalRun - 1) * 3_600_000L);
          baseline.pendingExcess = 0;
          baseline.pendingCost = 0;
        }
        double cap = expected * (1 + Math.signum(excess) * thresholdPct / 100);
        learned = up ? Math.min(value, cap) : Math.max(value, cap);
      } else {
        baseline.abnormalRun = 0;
        baseline.pendingExcess = 0;
        baseline.pendingCost = 0;
        verdict = Verdict.normal(expected, value);
      }
    }
    baseline.learn(startMs, zone, learned, weight);
    return verdict;
  }
}
