package io.wattward.rollup;

/**
 * Which of two rows of the same window (or meter-minute) ClickHouse keeps: the {@code version} its
 * ReplacingMergeTree tables compare. The data a row was built from comes first, its revision second:
 *
 * <ul>
 *   <li>A row built from more data (meter-minutes reported in a window, readings spanning a minute, sensor
 *       minutes) always beats one built from less, so a run that starts without the state of the runs
 *       before it (a fresh start, a topic whose oldest records have expired) can never replace a
 *       complete window with the part of it that it saw.
 *   <li>With the same data, the later revision wins (a late reading corrects a window within the allowed
 *       lateness); with the same revision too, the row inserted last (a restart writing a row again).
 * </ul>
 *
 * The version is {@code coverage * 2^20 + revision}; a revision past 2^20 - 1 counts as that, which
 * leaves the insertion order to decide, as for equal revisions.
 */
public final class RowVersion {
  private RowVersion() {}

  static final int REVISION_BITS = 20;
  private static final long MAX_REVISION = (1L << REVISION_BITS) - 1;
  private static final long MAX_COVERAGE = (1L << (63 - REVISION_BITS)) - 1;

  public static long of(long coverage, long revision) {
    long c = Math.max(0, Math.min(coverage, MAX_COVERAGE));
    long r = Math.max(0, Math.min(revision, MAX_REVISION));
    return c << REVISION_BITS | r;
  }
}
