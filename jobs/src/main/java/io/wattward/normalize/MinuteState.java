package io.wattward.normalize;

/**
 * A meter's minute while it can still change (within the allowed lateness): its running sums and
 * what was last written of it. A Flink POJO kept in {@link MeterLedgerState}.
 */
public class MinuteState {
  public long minuteStartMs;
  public long consumptionMilli;
  public int intervals;
  public int estimatedIntervals;
  public long version;
  public long writtenConsumptionMilli;
  public boolean writtenCounted;
  public boolean dirty;

  public MinuteState() {}

  public MinuteState(long minuteStartMs) {
    this.minuteStartMs = minuteStartMs;
  }

  /** A copy, to change without changing this one. */
  public MinuteState copy() {
    MinuteState m = new MinuteState(minuteStartMs);
    m.consumptionMilli = consumptionMilli;
    m.intervals = intervals;
    m.estimatedIntervals = estimatedIntervals;
    m.version = version;
    m.writtenConsumptionMilli = writtenConsumptionMilli;
    m.writtenCounted = writtenCounted;
    m.dirty = dirty;
    return m;
  }

  public boolean estimated() {
    return intervals > 0 && estimatedIntervals == intervals;
  }
}
