package io.wattward.forecast.stream;

import io.wattward.forecast.StateFormat;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Running day-ahead accuracy: sums per local day, kept for the last 30 days. Pure; stored in the versioned format of {@link #write}.
 */
public final class AccuracyTracker {

  static final int FORMAT_VERSION = 1;
  static final int KEPT_DAYS = 30;

  /** Sums of one day. */
  static final class Day {
    long dayStartMs;
    int n;
    double sumActual;
    double sumError;
    double sumSquared;
    int nPct;
    double sumAbsPct;
  }

  private final Deque<Day> days = new ArrayDeque<>();

  /** Adds one hour: its actual and the forecast issued for it at the midnight before. */
  public void add(long dayStartMs, double actual, double forecast) {
    Day d = days.peekLast();
    if (d == null || d.dayStartMs != dayStartMs) {
      d = new Day();
      d.dayStartMs = dayStartMs;
      days.addLast(d);
      while (days.size() > KEPT_DAYS) {
        days.removeFirst();
      }
    }
    double e = actual - forecast;
    d.n++;
    d.sumActual += actual;
    d.sumError += e;
    d.sumSquared += e * e;
    if (actual > 0) {
      d.nPct++;
      d.sumAbsPct += Math.abs(e) / actual;
    }
  }

  /** The row for the day starting at {@code dayStartMs}, or null if no hour of it was scored. */
  public AccuracyRow row(String level, String nodeId, String energyType, long dayStartMs) {
    Day today = null;
    Day all = new Day();
    for (Day d : days) {
      if (d.dayStartMs == dayStartMs) {
        today = d;
      }
      if (d.dayStartMs <= dayStartMs) {
        all.n += d.n;
        all.sumActual += d.sumActual;
        all.sumError += d.sumError;
        all.sumSquared += d.sumSquared;
        all.nPct += d.nPct;
        all.sumAbsPct += d.sumAbsPct;
      }
    }
    if (today == null) {
      return null;
    }
    AccuracyRow r = new AccuracyRow();
    r.level = level;
    r.nodeId = nodeId;
    r.energyType = energyType;
    r.dayStartMs = dayStartMs;
    r.hours = today.n;
    r.cvRmsePct = cvRmse(today);
    r.nmbePct = nmbe(today);
    r.mapePct = mape(today);
    r.hours30d = all.n;
    r.cvRmse30dPct = cvRmse(all);
    r.nmbe30dPct = nmbe(all);
    r.mape30dPct = mape(all);
    return r;
  }

  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    out.writeInt(days.size());
    for (Day d : days) {
      out.writeLong(d.dayStartMs);
      out.writeInt(d.n);
      out.writeDouble(d.sumActual);
      out.writeDouble(d.sumError);
      out.writeDouble(d.sumSquared);
      out.writeInt(d.nPct);
      out.writeDouble(d.sumAbsPct);
    }
  }

  public static AccuracyTracker read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "AccuracyTracker", FORMAT_VERSION);
    AccuracyTracker t = new AccuracyTracker();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Day d = new Day();
      d.dayStartMs = in.readLong();
      d.n = in.readInt();
      d.sumActual = in.readDouble();
      d.sumError = in.readDouble();
      d.sumSquared = in.readDouble();
      d.nPct = in.readInt();
      d.sumAbsPct = in.readDouble();
      t.days.addLast(d);
    }
    return t;
  }

  static double cvRmse(Day d) {
    double mean = d.sumActual / d.n;
    return mean == 0 ? 0 : 100 * Math.sqrt(d.sumSquared / d.n) / mean;
  }

  static double nmbe(Day d) {
    double mean = d.sumActual / d.n;
    return mean == 0 ? 0 : 100 * d.sumError / (d.n * mean);
  }

  static double mape(Day d) {
    return d.nPct == 0 ? 0 : 100 * d.sumAbsPct / d.nPct;
  }
}
