package io.wattward.normalize;

/** Consumption of one meter in one minute: a row of ClickHouse {@code meter_minute}. A Flink POJO. */
public class MeterMinute {
  public String meterId;
  public long minuteStartMs;
  public long consumptionMilli;
  public String unit;
  /** reading intervals that contributed to this minute */
  public int readings;
  public long version;

  public MeterMinute() {}

  public MeterMinute(String meterId, long minuteStartMs, long consumptionMilli, String unit, int readings,
      long version) {
    this.meterId = meterId;
    this.minuteStartMs = minuteStartMs;
    this.consumptionMilli = consumptionMilli;
    this.unit = unit;
    this.readings = readings;
    this.version = version;
  }

  @Override
  public String toString() {
    return meterId + "@" + minuteStartMs + "=" + consumptionMilli + "m" + unit + "/" + readings + " v" + version;
  }
}
