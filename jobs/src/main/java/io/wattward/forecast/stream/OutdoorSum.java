package io.wattward.forecast.stream;

/** The outdoor minutes of one campus hour summed so far, for their mean. A Flink POJO. */
public class OutdoorSum {
  public double sumC;
  public int minutes;

  public OutdoorSum() {}

  public void add(double temperatureC) {
    sumC += temperatureC;
    minutes++;
  }

  public double meanC() {
    return sumC / minutes;
  }
}
