package io.wattward.normalize;

/** Something that happened to a meter's data: a row of ClickHouse {@code meter_events}. A Flink POJO. */
public class MeterEvent {

  public enum Kind { ROLLOVER, RESET, REPLACEMENT, GAP, SPIKE }

  public String meterId;
  public long eventTimeMs;
  public Kind kind;
  public String detail;
  public double valueBefore;
  public double valueAfter;
  public long gapMinutes;

  public MeterEvent() {}

  public MeterEvent(String meterId, long eventTimeMs, Kind kind, String detail, double valueBefore,
      double valueAfter, long gapMinutes) {
    this.meterId = meterId;
    this.eventTimeMs = eventTimeMs;
    this.kind = kind;
    this.detail = detail;
    this.valueBefore = valueBefore;
    this.valueAfter = valueAfter;
    this.gapMinutes = gapMinutes;
  }

  @Override
  public String toString() {
    return meterId + "@" + eventTimeMs + " " + kind + " " + detail;
  }
}
