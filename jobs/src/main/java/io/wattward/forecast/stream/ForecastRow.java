package io.wattward.forecast.stream;

/** One forecast hour as issued at {@code issuedAtMs}: a row of ClickHouse {@code forecasts}. A Flink POJO. */
public class ForecastRow {
  public String level;
  public String nodeId;
  public String energyType;
  public String unit;
  public long issuedAtMs;
  public long hourStartMs;
  public int horizonHours;
  public double forecast;
  public double lower;
  public double upper;

  public ForecastRow() {}
}
