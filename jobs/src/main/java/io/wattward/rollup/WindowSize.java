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

  /** Start of the window of this size that holds the instant. */
  public long start(long timeMs, ZoneId zone) {
    Instant t = Instant.ofEpochMilli(timeMs);
    ZoneOffset offset = zone.getRules().getOffset(t);
    long localMs = timeMs + offset.getTotalSeconds() * 1000L;
    return switch (this) {
      case MINUTE, QUARTER_HOUR, HOUR -> {
        long size = nominalMinutes * MINUTE_MS;
        yield Math.floorDiv(localMs, size) * size - offset.getTotalSeconds() * 1000L;
      }
      case DAY -> LocalDate.ofInstant(t, zone).atStartOfDay(zone).toInstant().toEpochMilli();
    };
  }

  /** End (exclusive) of the window of this size starting at {@code startMs}. */
  public long end(long startMs, ZoneId zone) {
    return switch (this) {
      case MINUTE, QUARTER_HOUR, HOUR -> startMs + nominalMinutes * MINUTE_MS;
      case DAY -> LocalDate.ofInstant(Instant.ofEpochMilli(startMs), zone).plusDays(1).atStartOfDay(zone)
          .toInstant().toEpochMilli();
    };
  }
}
