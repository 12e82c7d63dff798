package io.wattward.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A node's energy per local day and the hours it was summed over, for the last {@link #KEPT_DAYS} days. */
public final class DailyTotals {

  public static final int KEPT_DAYS = 35;
  static final int FORMAT_VERSION = 1;

  /** One day's sum. */
  public static final class Total {
    private double energy;
    private int hours;

    public double energy() {
      return energy;
    }

    public int hours() {
      return hours;
    }

    /** A day with all its 24 hours (or more, on a 25-hour day). */
    public boolean complete() {
      return hours >= 24;
    }
  }

  private final TreeMap<LocalDate, Total> days = new TreeMap<>();

  /** Adds one hour's energy to its day, dropping the oldest days beyond {@link #KEPT_DAYS}. */
  public void add(LocalDate day, double energy) {
    Total t = days.computeIfAbsent(day, k -> new Total());
    t.energy += energy;
    t.hours++;
    while (days.size() > KEPT_DAYS) {
      days.pollFirstEntry();
    }
  }

  /** Adds a correction to a day's energy; its count of hours stays (a day not seen yet starts with none). */
  public void correct(LocalDate day, double difference) {
    days.computeIfAbsent(day, k -> new Total()).energy += difference;
    while (days.size() > KEPT_DAYS) {
      days.pollFirstEntry();
    }
  }

  /** The day's sum, or null. */
  public Total get(LocalDate day) {
    return days.get(day);
  }

  /** The days kept, newest first (read-only). */
  public NavigableMap<LocalDate, Total> newestFirst() {
    return Collections.unmodifiableNavigableMap(days.descendingMap());
  }

  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    out.writeInt(days.size());
    for (Map.Entry<LocalDate, Total> e : days.entrySet()) {
      out.writeLong(e.getKey().toEpochDay());
      out.writeDouble(e.getValue().energy);
      out.writeInt(e.getValue().hours);
    }
  }

  public static DailyTotals read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "DailyTotals", FORMAT_VERSION);
    DailyTotals d = new DailyTotals();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      Total t = new Total();
      LocalDate day = LocalDate.ofEpochDay(in.readLong());
      t.energy = in.readDouble();
      t.hours = in.readInt();
      d.days.put(day, t);
    }
    return d;
  }
}
