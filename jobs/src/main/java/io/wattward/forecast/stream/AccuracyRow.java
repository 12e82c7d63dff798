package io.wattward.forecast.stream;

/**
 * Day-ahead accuracy of one node's forecasts (the forecasts issued at the local midnight before each
 * hour) for one local day and the 30 days to it: a row of ClickHouse {@code forecast_accuracy}.
 * CV(RMSE) and NMBE as in ASHRAE Guideline 14 (n in the denominator), MAPE over hours with energy.
 */
public class AccuracyRow {
  public String level;
  public String nodeId;
  public String energyType;
  public long dayStartMs;
  public int hours;
  public double cvRmsePct;
  public double nmbePct;
  public double mapePct;
  public int hours30d;
  public double cvRmse30dPct;
  public double nmbe30dPct;
  public double mape30dPct;

  public AccuracyRow() {}
}
