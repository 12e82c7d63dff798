package io.wattward.forecast.stream;

/**
 * What the forecasters are told beside the loads, broadcast to all of them: either an hour's
 * outdoor temperature on a campus or a node's business volume for a day (the other field is null).
 * A Flink POJO.
 */
public class Driver {
  public OutdoorHour outdoor;
  public VolumeDay volume;

  public Driver() {}

  public static Driver of(OutdoorHour outdoor) {
    Driver d = new Driver();
    d.outdoor = outdoor;
    return d;
  }

  public static Driver of(VolumeDay volume) {
    Driver d = new Driver();
    d.volume = volume;
    return d;
  }
}
