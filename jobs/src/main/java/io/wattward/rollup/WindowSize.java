package io.wattward.rollup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The roll-up windows. Minutes, quarter-hours and hours are aligned to the hospital's local clock
 * (the same as UTC alignment in whole-hour zones such as Asia/Shanghai); days run from local midnight
 * to local midnight.
 */
public enum WindowSize {
  MINUTE("1m", 1),
  QUARTER_HOUR("15m", 15),
  HOUR("1h", 60),
  DAY("1d", 1440);

  public final String suffix;
  public final int nominalMinutes;

  WindowSize(String suffix, int nominalMinutes) {
    this.suffix = suffix;
    this.nominalMinutes = nominalMinutes;
  }

  private static final long MINUTE_MS = 60_000L;
  private static final int VARIES = Integer.MIN_VALUE;

  /**
   * A local day: its bounds and, unless the clocks change in it, its offset from UTC. Each contribution and each
   * firing asks for the windows of a minute, nearly always of the same day as the call before; finding the day
   * and offset anew from the zone's rules each time was about 2 % of the replay's CPU (docs/benchmarks.md, session
   * 14), so the last day is kept (one for all threads: immutable, replaced whole).
   */
  private record Day(ZoneId zone, long startMs, long endMs, int offsetMs) {
    boolean holds(long timeMs, ZoneId z) {
      return timeMs >= startMs && timeMs < endMs && (zone == z || zone.equals(z));
    }
  }

  private static volatile Day lastDay;

  private static Day day(long timeMs, ZoneId zone) {
    Day d = lastDay;
    if (d != null && d.holds(timeMs, zone)) {
      return d;
    }
    LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(timeMs), zone);
    Instant start = date.atStartOfDay(zone).toInstant();
    Instant end = date.plusDays(1).atStartOfDay(zone).toInstant();
    ZoneOffset atStart = zone.getRules().getOffset(start);
    // the offset holds for the whole day if no transition comes before its end
    var next = zone.getRules().nextTransition(start);
    int offset = next == null || !next.getInstant().isBefore(end) ? atStart.getTotalSeconds() * 1000 : VARIES;
    d = new Day(zone, start.toEpochMilli(), end.toEpochMilli(), offset);
    lastDay = d;
    return d;
  }

  /** Start of the window of this size that holds the instant. */
  public long start(long timeMs, ZoneId zone) {
    Day d = day(timeMs, zone);
    if (this == DAY) {
      return d.startMs;
    }
    long offsetMs = d.offsetMs != VARIES ? d.offsetMs
        : zone.getRules().getOffset(Instant.ofEpochMilli(timeMs)).getTotalSeconds() * 1000L;
    long size = nominalMinutes * MINUTE_MS;
    return Math.floorDiv(timeMs + offsetMs, size) * size - offsetMs;
  }

  /** End (exclusive) of the window of this size starting at {@code startMs}. */
  public long end(long startMs, ZoneId zone) {
    return this == DAY ? day(startMs, zone).endMs : startMs + nominalMinutes * MINUTE_MS;
  }
}
