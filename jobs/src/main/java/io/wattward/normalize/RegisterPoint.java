package io.wattward.normalize;

/** An applied reading as a late one needs it: when, and the value then (milli-units). A Flink POJO. */
public class RegisterPoint {
  public long timeMs;
  public long valueMilli;

  public RegisterPoint() {}

  public RegisterPoint(long timeMs, long valueMilli) {
    this.timeMs = timeMs;
    this.valueMilli = valueMilli;
  }
}
