package io.wattward.forecast.stream;

/**
 * A node's business volume for one local day as published, checked: NaN marks a metric the record
 * does not carry. A Flink POJO.
 */
public class VolumeDay {
  public String nodeId;
  /** The local day, as an epoch day. */
  public long epochDay;
  public double outpatientVisits;
  public double inpatientBedDays;
  public long publishedAtMs;
  public String source;

  public VolumeDay() {}
}
