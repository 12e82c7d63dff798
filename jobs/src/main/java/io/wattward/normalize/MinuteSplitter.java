package io.wattward.normalize;

/**
 * Spreads the consumption of an interval (start, end] over the minutes it overlaps, in proportion
 * to the overlap, in whole milli-units whose sum is exactly the interval's consumption (the rounding
 * remainder goes to the last minute). An interval that lies inside one minute goes to that minute.
 */
public final class MinuteSplitter {

  public static final long MINUTE_MS = 60_000L;

  /** Receives one minute's share. */
  @FunctionalInterface
  public interface MinuteShare {
    void accept(long minuteStartMs, long consumptionMilli);
  }

  private MinuteSplitter() {}

  public static long minuteStart(long timeMs) {
    return Math.floorDiv(timeMs, MINUTE_MS) * MINUTE_MS;
  }

  /**
   * @param startMs exclusive start of the interval (the earlier reading)
   * @param endMs inclusive end of the interval (the later reading), after startMs
   */
  public static void split(long startMs, long endMs, long consumptionMilli, MinuteShare out) {
    if (endMs <= startMs) {
      throw new IllegalArgumentException("empty interval (" + startMs + ", " + endMs + "]");
    }
    long length = endMs - startMs;
    // the minute holding the interval's last instant; (start, end] never touches end's minute if end is on a boundary
    long lastMinute = minuteStart(endMs - 1);
    long given = 0;
    for (long minute = minuteStart(startMs); minute < lastMinute; minute += MINUTE_MS) {
      long overlap = Math.min(endMs, minute + MINUTE_MS) - Math.max(startMs, minute);
      long share = Math.multiplyExact(consumptionMilli, overlap) / length;
      out.accept(minute, share);
      given += share;
    }
    out.accept(lastMinute, consumptionMilli - given);
  }
}
