package io.wattward.forecast.stream;

/**
 * A node's hour as its forecaster took it up, with the forecast of the rest of that local day (the
 * hourly forecasts of the hours after it; NaN while the forecaster cannot forecast them all yet). The
 * quota tracker projects from it. A Flink POJO.
 */
public class HourOutlook {
  public NodeHour hour;
  public double restOfToday = Double.NaN;
  /** A late correction of an hour taken up before: {@link #hour} holds the differences, no forecast. */
  public boolean correction;

  public HourOutlook() {}

  /** A correction of an hour already taken up (consumption and cost are the differences). */
  public static HourOutlook correction(NodeHour difference) {
    HourOutlook o = new HourOutlook();
    o.hour = difference;
    o.correction = true;
    return o;
  }
}
