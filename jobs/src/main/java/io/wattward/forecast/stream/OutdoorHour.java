package io.wattward.forecast.stream;

/** The mean outdoor temperature of one campus in one hour. A Flink POJO. */
public class OutdoorHour {
  public String campusId;
  public long hourStartMs;
  public double temperatureC;

  public OutdoorHour() {}
}
