package io.wattward.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * What one forecaster has seen: the hourly loads of the current day and the seven before it, the
 * outdoor temperatures of the current day and the two before it, the planned business volume of
 * a few days, and per class of day (working or not) the last valid load of each hour from earlier
 * days. Days are local dates as epoch days, hours 0..23; NaN is unknown.
 *
 * <p>Invariant: nothing about a day {@code T} or later is read by the lookups for target day T,
 * so the features of a day are the same whether they are computed at the forecast (before the day)
 * or when its hours are learned (during the day). Loads are written once per hour (a repeat is
 * ignored), so this stays true as the day fills. About 3 KB.
 */
final class LoadHistory {

  static final int FORMAT_VERSION = 1;

  static final int HOURS = 24;
  static final int LOAD_DAYS = 8;
  static final int TEMPERATURE_DAYS = 3;
  static final int VOLUME_DAYS = 8;
  /** Business-volume metrics: 0 outpatient visits, 1 inpatient bed-days. */
  static final int VOLUME_METRICS = 2;
  private static final long NONE = Long.MIN_VALUE;

  private long currentDay = NONE;
  private final double[] load = filled(LOAD_DAYS * HOURS);
  private final DayType[] dayType = new DayType[LOAD_DAYS];
  private final double[] temperature = filled(TEMPERATURE_DAYS * HOURS);
  /** Last valid load of each hour on a working day [0..23] and on a day off [24..47], from days before the current one. */
  private final double[] lastByClass = filled(2 * HOURS);
  private final long[] volumeDay = new long[VOLUME_DAYS];
  /** Per slot day and metric: slot * VOLUME_METRICS + metric. */
  private final double[] volume = filled(VOLUME_DAYS * VOLUME_METRICS);
  /** The load level features are divided by: the mean of the first day with a positive mean. */
  private double scaleKwh = Double.NaN;
  /** Per metric, what its feature is divided by: the first positive volume planned. */
  private final double[] volumeScale = filled(VOLUME_METRICS);

  LoadHistory() {
    Arrays.fill(volumeDay, NONE);
  }

  LoadHistory copy() {
    LoadHistory c = new LoadHistory();
    c.currentDay = currentDay;
    System.arraycopy(load, 0, c.load, 0, load.length);
    System.arraycopy(dayType, 0, c.dayType, 0, dayType.length);
    System.arraycopy(temperature, 0, c.temperature, 0, temperature.length);
    System.arraycopy(lastByClass, 0, c.lastByClass, 0, lastByClass.length);
    System.arraycopy(volumeDay, 0, c.volumeDay, 0, volumeDay.length);
    System.arraycopy(volume, 0, c.volume, 0, volume.length);
    c.scaleKwh = scaleKwh;
    System.arraycopy(volumeScale, 0, c.volumeScale, 0, volumeScale.length);
    return c;
  }

  /** Writes the history in {@link #FORMAT_VERSION}; {@link #read} restores it exactly. */
  void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    out.writeLong(currentDay);
    StateFormat.writeDoubles(out, load);
    out.writeInt(dayType.length);
    for (DayType t : dayType) {
      StateFormat.writeNullableString(out, t == null ? null : t.name());
    }
    StateFormat.writeDoubles(out, temperature);
    StateFormat.writeDoubles(out, lastByClass);
    out.writeInt(volumeDay.length);
    for (long d : volumeDay) {
      out.writeLong(d);
    }
    StateFormat.writeDoubles(out, volume);
    out.writeDouble(scaleKwh);
    StateFormat.writeDoubles(out, volumeScale);
  }

  static LoadHistory read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "LoadHistory", FORMAT_VERSION);
    LoadHistory h = new LoadHistory();
    h.currentDay = in.readLong();
    StateFormat.readDoubles(in, h.load, "LoadHistory load");
    requireLength(in.readInt(), LOAD_DAYS, "LoadHistory day types");
    for (int i = 0; i < LOAD_DAYS; i++) {
      String t = StateFormat.readNullableString(in);
      h.dayType[i] = t == null ? null : DayType.valueOf(t);
    }
    StateFormat.readDoubles(in, h.temperature, "LoadHistory temperature");
    StateFormat.readDoubles(in, h.lastByClass, "LoadHistory lastByClass");
    requireLength(in.readInt(), VOLUME_DAYS, "LoadHistory volume days");
    for (int i = 0; i < VOLUME_DAYS; i++) {
      h.volumeDay[i] = in.readLong();
    }
    StateFormat.readDoubles(in, h.volume, "LoadHistory volume");
    h.scaleKwh = in.readDouble();
    StateFormat.readDoubles(in, h.volumeScale, "LoadHistory volumeScale");
    return h;
  }

  private static void requireLength(int stored, int expected, String what) throws IOException {
    if (stored != expected) {
      throw new IOException(what + ": stored " + stored + " where " + expected + " are expected");
    }
  }

  boolean started() {
    return currentDay != NONE;
  }

  long currentDay() {
    return currentDay;
  }

  double scaleKwh() {
    return scaleKwh;
  }

  /**
   * Makes {@code day} the current day. Days skipped over are kept as days without data. Moving
   * backwards is not allowed (the caller drops data that old).
   */
  void advanceTo(long day, HolidayCalendar calendar) {
    if (currentDay == NONE) {
      currentDay = day - LOAD_DAYS;
      Arrays.fill(dayType, null);
    }
    if (day < currentDay) {
      throw new IllegalArgumentException("cannot go back from day " + currentDay + " to " + day);
    }
    if (day - currentDay > LOAD_DAYS) {
      // a long silence: keep the last valid profiles, restart the ring just before the new day
      fold(currentDay);
      Arrays.fill(dayType, null);
      currentDay = day - LOAD_DAYS;
    }
    while (currentDay < day) {
      fold(currentDay);
      currentDay++;
      int slot = loadSlot(currentDay);
      Arrays.fill(load, slot * HOURS, slot * HOURS + HOURS, Double.NaN);
      dayType[slot] = calendar.dayType(LocalDate.ofEpochDay(currentDay));
      int t = temperatureSlot(currentDay);
      Arrays.fill(temperature, t * HOURS, t * HOURS + HOURS, Double.NaN);
    }
  }

  /** Carries a finished day's valid loads into the last-valid profile of its class, and sets the scale once. */
  private void fold(long day) {
    DayType type = dayType(day);
    if (type == null) {
      return;
    }
    int slot = loadSlot(day);
    int offset = classOffset(type);
    double sum = 0;
    int n = 0;
    for (int h = 0; h < HOURS; h++) {
      double v = load[slot * HOURS + h];
      if (!Double.isNaN(v)) {
        lastByClass[offset + h] = v;
        sum += v;
        n++;
      }
    }
    if (Double.isNaN(scaleKwh) && n > 0 && sum > 0) {
      scaleKwh = sum / n;
    }
  }

  boolean inLoadRing(long day) {
    return currentDay != NONE && day <= currentDay && day > currentDay - LOAD_DAYS;
  }

  /** The day type of a day in the ring, else null. */
  DayType dayType(long day) {
    return inLoadRing(day) ? dayType[loadSlot(day)] : null;
  }

  double load(long day, int hour) {
    return inLoadRing(day) ? load[loadSlot(day) * HOURS + hour] : Double.NaN;
  }

  /** Records a load once; returns false if the hour already had one or the day is outside the ring. */
  boolean recordLoad(long day, int hour, double kwh) {
    if (!inLoadRing(day) || !Double.isNaN(load(day, hour))) {
      return false;
    }
    load[loadSlot(day) * HOURS + hour] = kwh;
    return true;
  }

  double temperature(long day, int hour) {
    boolean kept = currentDay != NONE && day <= currentDay && day > currentDay - TEMPERATURE_DAYS;
    return kept ? temperature[temperatureSlot(day) * HOURS + hour] : Double.NaN;
  }

  void recordTemperature(long day, int hour, double celsius) {
    if (Double.isFinite(celsius) && Double.isNaN(temperature(day, hour))
        && day <= currentDay && day > currentDay - TEMPERATURE_DAYS) {
      temperature[temperatureSlot(day) * HOURS + hour] = celsius;
    }
  }

  /**
   * The load at this hour on the latest day before {@code day} of the same class (working or not)
   * that has one; failing that, at this hour on the latest day of the other class; else NaN.
   */
  double sameClass(long day, int hour, DayType type) {
    double v = sameClassOnly(day, hour, type);
    return Double.isNaN(v) ? lastByClass[(HOURS - classOffset(type)) + hour] : v;
  }

  /** As {@link #sameClass} without falling back to the other class. */
  double sameClassOnly(long day, int hour, DayType type) {
    for (long d = day - 1; d >= day - 7; d--) {
      DayType t = dayType(d);
      if (t != null && t.working() == type.working()) {
        double v = load(d, hour);
        if (!Double.isNaN(v)) {
          return v;
        }
      }
    }
    return lastByClass[classOffset(type) + hour];
  }

  /**
   * Plans a day's business volume, replacing what was planned for it; a non-finite or negative
   * value is an unknown metric.
   */
  void planVolume(long day, double[] values) {
    int slot = Math.floorMod(day, VOLUME_DAYS);
    volumeDay[slot] = day;
    Arrays.fill(volume, slot * VOLUME_METRICS, (slot + 1) * VOLUME_METRICS, Double.NaN);
    for (int m = 0; m < VOLUME_METRICS && m < values.length; m++) {
      double value = values[m];
      if (!Double.isFinite(value) || value < 0) {
        continue;
      }
      volume[slot * VOLUME_METRICS + m] = value;
      if (Double.isNaN(volumeScale[m]) && value > 0) {
        volumeScale[m] = value;
      }
    }
  }

  double volumeScale(int metric) {
    return volumeScale[metric];
  }

  /**
   * The metric's business volume planned for the day; failing that, the one of the latest earlier
   * day of the same class that had one (a week back at most); else NaN.
   */
  double volume(long day, DayType type, int metric) {
    int slot = Math.floorMod(day, VOLUME_DAYS);
    if (volumeDay[slot] == day && !Double.isNaN(volume[slot * VOLUME_METRICS + metric])) {
      return volume[slot * VOLUME_METRICS + metric];
    }
    for (long d = day - 1; d >= day - 7; d--) {
      DayType t = dayType(d);
      int s = Math.floorMod(d, VOLUME_DAYS);
      if (t != null && t.working() == type.working() && volumeDay[s] == d
          && !Double.isNaN(volume[s * VOLUME_METRICS + metric])) {
        return volume[s * VOLUME_METRICS + metric];
      }
    }
    return Double.NaN;
  }

  private static int classOffset(DayType type) {
    return type.working() ? 0 : HOURS;
  }

  private static int loadSlot(long day) {
    return Math.floorMod(day, LOAD_DAYS);
  }

  private static int temperatureSlot(long day) {
    return Math.floorMod(day, TEMPERATURE_DAYS);
  }

  private static double[] filled(int n) {
    double[] a = new double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }
}
