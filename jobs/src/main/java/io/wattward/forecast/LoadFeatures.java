package io.wattward.forecast;

/**
 * The regression inputs for each hour of a target day, from what the history holds before that day.
 * Loads are divided by the history's scale so one set of settings fits a 3 kWh and a 3 MWh meter.
 *
 * <p>Load lags never mix day classes: a Monday's "same hour on the last day of its class" is the
 * Friday before, a holiday's is the Sunday before; "same hour last week" is used only if that day
 * was of the same class, else the former stands in. Outdoor temperature is what can be known at
 * the forecast: the same hour's temperature the day before (persistence), and that day's mean.
 */
final class LoadFeatures {

  static final int INTERCEPT = 0;
  /** 1 on a weekend day or holiday. */
  static final int DAY_OFF = 1;
  /** 1 on a holiday or closure day (on top of {@link #DAY_OFF}). */
  static final int HOLIDAY = 2;
  /** Same hour on the latest earlier day of the same class: the seasonal-naive forecast the model corrects. */
  static final int SAME_CLASS = 3;
  static final int LAST_WEEK = 4;
  /** Mean over the day of {@link #SAME_CLASS}: the level of a typical day of this class. */
  static final int CLASS_LEVEL = 5;
  /** Mean load of the day before, whatever its class: the latest level. */
  static final int RECENT_LEVEL = 6;
  /** Heating degrees of the day before's mean temperature, / 10 K. */
  static final int HEATING = 7;
  /** Heating degrees of the same hour the day before, / 10 K. */
  static final int HEATING_HOUR = 8;
  /** Cooling degrees of the same hour the day before, / 10 K. */
  static final int COOLING = 9;
  /**
   * Planned business volume, one feature per metric of {@link LoadHistory#VOLUME_METRICS} (outpatient
   * visits, then inpatient bed-days), each / the first volume planned of its metric (only with the driver
   * on; 0 while none is known, which leaves the other coefficients exactly as without the driver).
   */
  static final int BUSINESS_VOLUME = 10;

  static final double DEGREE_UNIT_K = 10;
  /** A day's mean (load or temperature) is used only if at least this many of its hours are known. */
  static final int MIN_HOURS_FOR_MEAN = 12;

  private LoadFeatures() {}

  static int size(ForecastSettings settings) {
    return settings.businessVolume() ? BUSINESS_VOLUME + LoadHistory.VOLUME_METRICS : COOLING + 1;
  }

  /**
   * One row per hour of {@code day}, the history's current day; a row is null when the hour has no
   * load of either class in the history yet (nothing to forecast from). Requires a set scale.
   */
  static double[][] forDay(LoadHistory history, long day, DayType type, ForecastSettings settings) {
    if (day != history.currentDay() || Double.isNaN(history.scaleKwh())) {
      throw new IllegalStateException("features need the current day and a scale: day " + day + ", current "
          + history.currentDay() + ", scale " + history.scaleKwh());
    }
    double scale = history.scaleKwh();
    int size = size(settings);
    double[] sameClass = new double[LoadHistory.HOURS];
    double classSum = 0;
    int classHours = 0;
    for (int h = 0; h < LoadHistory.HOURS; h++) {
      sameClass[h] = history.sameClass(day, h, type);
      if (!Double.isNaN(sameClass[h])) {
        classSum += sameClass[h];
        classHours++;
      }
    }
    double classLevel = classHours == 0 ? Double.NaN : classSum / classHours;
    double recentLevel = mean(history, day - 1, true);
    if (Double.isNaN(recentLevel)) {
      recentLevel = classLevel;
    }
    double meanTemperature = mean(history, day - 1, false);
    if (Double.isNaN(meanTemperature)) {
      meanTemperature = mean(history, day - 2, false);
    }
    double heating = Double.isNaN(meanTemperature) ? 0
        : Math.max(0, settings.heatingBaseC() - meanTemperature) / DEGREE_UNIT_K;
    DayType weekAgo = history.dayType(day - 7);
    double[] volume = new double[LoadHistory.VOLUME_METRICS];
    if (settings.businessVolume()) {
      for (int m = 0; m < volume.length; m++) {
        double planned = history.volume(day, type, m);
        volume[m] = Double.isNaN(planned) ? 0 : planned / history.volumeScale(m);
      }
    }

    double[][] rows = new double[LoadHistory.HOURS][];
    for (int h = 0; h < LoadHistory.HOURS; h++) {
      if (Double.isNaN(sameClass[h])) {
        continue;
      }
      double lastWeek = weekAgo != null && weekAgo.working() == type.working() ? history.load(day - 7, h) : Double.NaN;
      double outdoor = history.temperature(day - 1, h);
      if (Double.isNaN(outdoor)) {
        outdoor = history.temperature(day - 2, h);
      }
      double[] x = new double[size];
      x[INTERCEPT] = 1;
      x[DAY_OFF] = type.working() ? 0 : 1;
      x[HOLIDAY] = type == DayType.HOLIDAY ? 1 : 0;
      x[SAME_CLASS] = sameClass[h] / scale;
      x[LAST_WEEK] = (Double.isNaN(lastWeek) ? sameClass[h] : lastWeek) / scale;
      x[CLASS_LEVEL] = classLevel / scale;
      x[RECENT_LEVEL] = recentLevel / scale;
      x[HEATING] = heating;
      x[HEATING_HOUR] = Double.isNaN(outdoor) ? 0 : Math.max(0, settings.heatingBaseC() - outdoor) / DEGREE_UNIT_K;
      x[COOLING] = Double.isNaN(outdoor) ? 0 : Math.max(0, outdoor - settings.coolingBaseC()) / DEGREE_UNIT_K;
      if (settings.businessVolume()) {
        System.arraycopy(volume, 0, x, BUSINESS_VOLUME, volume.length);
      }
      rows[h] = x;
    }
    return rows;
  }

  /** Mean load (or temperature) of a day from the history, NaN if fewer than {@link #MIN_HOURS_FOR_MEAN} hours are known. */
  private static double mean(LoadHistory history, long day, boolean load) {
    double sum = 0;
    int n = 0;
    for (int h = 0; h < LoadHistory.HOURS; h++) {
      double v = load ? history.load(day, h) : history.temperature(day, h);
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n >= MIN_HOURS_FOR_MEAN ? sum / n : Double.NaN;
  }
}
