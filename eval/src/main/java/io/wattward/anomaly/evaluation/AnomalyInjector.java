package io.wattward.anomaly.evaluation;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Puts known anomalies into a measured hourly series. Per calendar quarter (UTC) of the scored period,
 * one event of each kind, in its own slot of the quarter (the kinds' order shuffled), at a random hour
 * at least {@link #MARGIN_HOURS} from the slot's ends so one event's after-effects do not reach the
 * next. Positions come from {@code seed} and the series id alone, so a run is reproducible and adding a
 * series does not move the others' events. An injection that would change nothing (a spike on a zero
 * hour, a flatline over an already constant run) is drawn again.
 */
public final class AnomalyInjector {

  public static final double STEP_FRACTION = 0.15;
  public static final int STEP_HOURS = 7 * 24;
  /** lighting left on: this share of the mean daytime (08:00-18:00 local) load of the 28 days before */
  public static final double LIGHTING_FRACTION = 0.15;
  public static final int LIGHTS_FROM_HOUR = 20;
  public static final int LIGHTS_TO_HOUR = 6;
  public static final int LIGHT_NIGHTS = 5;
  public static final int FLATLINE_HOURS = 12;
  public static final int SILENT_HOURS = 6;
  public static final double SPIKE_FACTOR = 3.0;
  public static final int MARGIN_HOURS = 48;
  private static final int TRIES = 20;
  private static final long HOUR_MS = HourlySeries.HOUR_MS;

  private AnomalyInjector() {}

  /** The series with its events in, and the events. */
  public record Injected(HourlySeries series, List<InjectedEvent> events) {}

  /** Injects {@code kinds} once per quarter of [fromMs, toMs) into a copy of {@code series}. */
  public static Injected inject(HourlySeries series, long fromMs, long toMs, List<EventKind> kinds, long seed,
      ZoneId zone) {
    HourlySeries out = series.copy();
    double[] v = out.values();
    Random random = new Random(seed * 1_000_003L + series.id().hashCode());
    List<InjectedEvent> events = new ArrayList<>();
    ZonedDateTime quarter = Instant.ofEpochMilli(fromMs).atZone(ZoneOffset.UTC);
    while (quarter.toInstant().toEpochMilli() < toMs) {
      ZonedDateTime next = quarter.plusMonths(3);
      int from = out.indexAt(quarter.toInstant().toEpochMilli());
      int to = out.indexAt(Math.min(next.toInstant().toEpochMilli(), toMs));
      List<EventKind> order = new ArrayList<>(kinds);
      Collections.shuffle(order, random);
      int slot = (to - from) / order.size();
      for (int k = 0; k < order.size(); k++) {
        InjectedEvent e = place(out, v, order.get(k), from + k * slot, from + (k + 1) * slot, random, zone);
        if (e != null) {
          events.add(e);
        }
      }
      quarter = next;
    }
    return new Injected(out, events);
  }

  private static InjectedEvent place(HourlySeries s, double[] v, EventKind kind, int slotFrom, int slotTo,
      Random random, ZoneId zone) {
    int length = switch (kind) {
      case BASE_LOAD_STEP -> STEP_HOURS;
      case NIGHT_LIGHTS -> LIGHT_NIGHTS * 24 + 1;
      case FLATLINE -> FLATLINE_HOURS;
      case SILENT_METER -> SILENT_HOURS;
      case SPIKE -> 1;
      case LABELLED_WINDOW -> throw new IllegalArgumentException("a labelled window is not injected");
    };
    int first = slotFrom + MARGIN_HOURS;
    int last = slotTo - MARGIN_HOURS - length;
    if (last < first) {
      throw new IllegalArgumentException("a quarter slot of " + (slotTo - slotFrom) + " hours is too short for "
          + kind);
    }
    for (int t = 0; t < TRIES; t++) {
      int at = first + random.nextInt(last - first + 1);
      InjectedEvent e = switch (kind) {
        case BASE_LOAD_STEP -> step(s, v, at, STEP_HOURS, STEP_FRACTION);
        case NIGHT_LIGHTS -> nightLights(s, v, nextEvening(s, at, zone), LIGHT_NIGHTS, LIGHTING_FRACTION, zone);
        case FLATLINE -> flatline(s, v, at, FLATLINE_HOURS);
        case SILENT_METER -> silent(s, v, at, SILENT_HOURS);
        case SPIKE -> spike(s, v, at, SPIKE_FACTOR);
        case LABELLED_WINDOW -> null;
      };
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  private static boolean present(double[] v, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Double.isNaN(v[i])) {
        return false;
      }
    }
    return from >= 0 && to <= v.length && from < to;
  }

  private static double mean(double[] v, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += v[i];
    }
    return sum / (to - from);
  }

  /**
   * Adds {@code fraction} of the span's mean to every hour of [from, from + hours): the span's total
   * rises by exactly that fraction. Null (and nothing changed) if the span has gaps or no consumption.
   */
  public static InjectedEvent step(HourlySeries s, double[] v, int from, int hours, double fraction) {
    if (!present(v, from, from + hours)) {
      return null;
    }
    double added = fraction * mean(v, from, from + hours);
    if (added <= 0) {
      return null;
    }
    for (int i = from; i < from + hours; i++) {
      v[i] += added;
    }
    return new InjectedEvent(EventKind.BASE_LOAD_STEP, s.id(), s.hourMs(from), s.hourMs(from + hours),
        String.format("+%.2f every hour for %d h (%.0f %% of the span's mean)", added, hours, fraction * 100),
        added * hours);
  }

  /** The first hour at or after {@code index} that starts at {@link #LIGHTS_FROM_HOUR} local. */
  static int nextEvening(HourlySeries s, int index, ZoneId zone) {
    int i = index;
    while (i < s.size() && Instant.ofEpochMilli(s.hourMs(i)).atZone(zone).getHour() != LIGHTS_FROM_HOUR) {
      i++;
    }
    return i;
  }

  /**
   * Lighting left on for {@code nights} nights from the evening hour {@code evening}: adds {@code fraction}
   * of the mean daytime (08:00-18:00 local) load of the 28 days before to every hour from 20:00 to 06:00
   * local. Null if there is no such daytime history or a night hour is missing.
   */
  public static InjectedEvent nightLights(HourlySeries s, double[] v, int evening, int nights, double fraction,
      ZoneId zone) {
    int historyFrom = Math.max(0, evening - 28 * 24);
    double sum = 0;
    int n = 0;
    for (int i = historyFrom; i < evening; i++) {
      int hour = Instant.ofEpochMilli(s.hourMs(i)).atZone(zone).getHour();
      if (hour >= 8 && hour < 18 && !Double.isNaN(v[i])) {
        sum += v[i];
        n++;
      }
    }
    if (evening >= s.size() || n == 0 || sum <= 0) {
      return null;
    }
    ZonedDateTime firstEvening = Instant.ofEpochMilli(s.hourMs(evening)).atZone(zone);
    long endMs = firstEvening.plusDays(nights).withHour(LIGHTS_TO_HOUR).toInstant().toEpochMilli();
    int end = s.indexAt(endMs);
    if (!present(v, evening, end) || s.hourMs(end) != endMs) {
      return null;
    }
    double load = fraction * sum / n;
    double added = 0;
    for (int i = evening; i < end; i++) {
      int hour = Instant.ofEpochMilli(s.hourMs(i)).atZone(zone).getHour();
      if (hour >= LIGHTS_FROM_HOUR || hour < LIGHTS_TO_HOUR) {
        v[i] += load;
        added += load;
      }
    }
    return new InjectedEvent(EventKind.NIGHT_LIGHTS, s.id(), s.hourMs(evening), endMs,
        String.format("+%.2f an hour %02d:00-%02d:00 for %d nights (%.0f %% of the mean daytime load)", load,
            LIGHTS_FROM_HOUR, LIGHTS_TO_HOUR, nights, fraction * 100), added);
  }

  /** Freezes [from, from + hours) at the value of hour {@code from}. Null if nothing would change. */
  public static InjectedEvent flatline(HourlySeries s, double[] v, int from, int hours) {
    if (!present(v, from, from + hours)) {
      return null;
    }
    double frozen = v[from];
    boolean changes = false;
    for (int i = from; i < from + hours; i++) {
      changes |= v[i] != frozen;
    }
    if (!changes) {
      return null;
    }
    for (int i = from; i < from + hours; i++) {
      v[i] = frozen;
    }
    return new InjectedEvent(EventKind.FLATLINE, s.id(), s.hourMs(from), s.hourMs(from + hours),
        String.format("%.2f every hour for %d h", frozen, hours));
  }

  /** Removes the values of [from, from + hours). Null if some are already missing. */
  public static InjectedEvent silent(HourlySeries s, double[] v, int from, int hours) {
    if (!present(v, from, from + hours)) {
      return null;
    }
    for (int i = from; i < from + hours; i++) {
      v[i] = Double.NaN;
    }
    return new InjectedEvent(EventKind.SILENT_METER, s.id(), s.hourMs(from), s.hourMs(from + hours),
        String.format("no values for %d h", hours));
  }

  /** Multiplies hour {@code at} by {@code factor}. Null on a missing or zero hour. */
  public static InjectedEvent spike(HourlySeries s, double[] v, int at, double factor) {
    if (!present(v, at, at + 1) || v[at] <= 0) {
      return null;
    }
    double before = v[at];
    v[at] = before * factor;
    return new InjectedEvent(EventKind.SPIKE, s.id(), s.hourMs(at), s.hourMs(at) + HOUR_MS,
        String.format("%.2f -> %.2f", before, v[at]), v[at] - before);
  }
}
