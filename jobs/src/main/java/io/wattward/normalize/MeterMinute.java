package io.wattward.normalize;

/**
 * Consumption of one meter in one minute, in canonical milli-units: a row of ClickHouse
 * {@code meter_minute}. A minute can be written more than once (a late reading corrects it); each
 * writing has a higher version and says what the previous one held, so roll-ups can apply the
 * difference. A Flink POJO.
 */
public class MeterMinute {
  public String meterId;
  public long minuteStartMs;
  public long consumptionMilli;
  public String unit;
  public String energyType;
  /** reading intervals that contributed to this minute */
  public int readings;
  /** true if all its consumption comes from an interval longer than the gap limit (spread, not measured) */
  public boolean estimated;
  public long version;
  /** consumption of the previous version; 0 for the first */
  public long previousConsumptionMilli;
  /** whether the previous version counted as reported (not estimated); false for the first */
  public boolean previousCounted;

  public MeterMinute() {}

  public boolean counted() {
    return !estimated;
  }

  @Override
  public String toString() {
    return meterId + "@" + minuteStartMs + "=" + consumptionMilli + "m" + unit + "/" + readings
        + (estimated ? " est" : "") + " v" + version;
  }
}
