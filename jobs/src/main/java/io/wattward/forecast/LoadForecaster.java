package io.wattward.forecast;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Forecasts the hourly energy of one node and energy type for the next 24 hours, with a prediction
 * interval, learning one hourly observation at a time. Meant to be the value of a Flink keyed state
 * (key: node and energy type): plain, about 15 KB of doubles (about 20 KB with the business-volume driver) in
 * the versioned format of {@link #write}, no Flink imports.
 *
 * <p>Model: per hour of day, the same hour on the latest earlier day of the same class (working day
 * or day off) plus a correction learned by {@link ForgettingLeastSquares} from day type, holiday,
 * last week's same hour, the levels of recent days, heating/cooling degrees of the temperature
 * persisted from the day before and, if enabled, the planned business volume (see {@link LoadFeatures}). The interval comes from
 * {@link ResidualSpread}. Each hour's regression learns from that hour's actual with the features
 * it had at the forecast, so training and forecasting see the same inputs.
 *
 * <p>Times are local to the site (the caller converts with the site's zone, so day types and daily
 * profiles follow local days). On a 25-hour day the repeated hour is learned once; on a 23-hour day
 * the skipped hour is a missing hour. Observations must come in day order: one of a day already
 * passed (by an observation or a forecast) is kept for the lags but not learned; a repeat of an
 * hour is ignored (the first value counts). NaN, infinite or negative energy means "missing".
 */
public final class LoadForecaster {

  public static final int HORIZON_HOURS = 24;
  static final int FORMAT_VERSION = 1;

  private final ForecastSettings settings;
  private final LoadHistory history;
  private final ForgettingLeastSquares[] byHour;
  private final ResidualSpread spread;

  public LoadForecaster(ForecastSettings settings) {
    this(settings, new LoadHistory(), new ForgettingLeastSquares[LoadHistory.HOURS],
        new ResidualSpread(settings.intervalCoverage(), settings.spreadMemoryDays(), settings.coverageGain()));
    int size = LoadFeatures.size(settings);
    for (int h = 0; h < byHour.length; h++) {
      byHour[h] = new ForgettingLeastSquares(size, settings.forgetting(), settings.ridge());
    }
  }

  private LoadForecaster(ForecastSettings settings, LoadHistory history, ForgettingLeastSquares[] byHour,
      ResidualSpread spread) {
    this.settings = settings;
    this.history = history;
    this.byHour = byHour;
    this.spread = spread;
  }

  /**
   * Writes the whole forecaster in {@link #FORMAT_VERSION}: settings, history, the 24 regressions and the
   * spread, each with its own format version. {@link #read} restores a forecaster that forecasts
   * bit-identically.
   */
  public void write(DataOutput out) throws IOException {
    StateFormat.writeVersion(out, FORMAT_VERSION);
    settings.write(out);
    history.write(out);
    out.writeInt(byHour.length);
    for (ForgettingLeastSquares r : byHour) {
      r.write(out);
    }
    spread.write(out);
  }

  public static LoadForecaster read(DataInput in) throws IOException {
    StateFormat.readVersion(in, "LoadForecaster", FORMAT_VERSION);
    ForecastSettings settings = ForecastSettings.read(in);
    LoadHistory history = LoadHistory.read(in);
    int hours = in.readInt();
    if (hours != LoadHistory.HOURS) {
      throw new IOException("LoadForecaster: stored " + hours + " hourly regressions where 24 are expected");
    }
    ForgettingLeastSquares[] byHour = new ForgettingLeastSquares[hours];
    for (int h = 0; h < hours; h++) {
      byHour[h] = ForgettingLeastSquares.read(in);
    }
    return new LoadForecaster(settings, history, byHour, ResidualSpread.read(in));
  }

  public ForecastSettings settings() {
    return settings;
  }

  /**
   * Learns from one hour.
   *
   * @param hourStart local start of the hour
   * @param energyKwh the hour's energy; NaN if missing
   * @param outdoorC outdoor air temperature in that hour; NaN if unknown
   */
  public void observe(LocalDateTime hourStart, double energyKwh, double outdoorC, HolidayCalendar calendar) {
    long day = hourStart.toLocalDate().toEpochDay();
    int hour = hourStart.getHour();
    if (!history.started() || day > history.currentDay()) {
      history.advanceTo(day, calendar);
    }
    history.recordTemperature(day, hour, outdoorC);
    boolean valid = Double.isFinite(energyKwh) && energyKwh >= 0;
    if (!valid || !Double.isNaN(history.load(day, hour))) {
      return;
    }
    if (day == history.currentDay() && !Double.isNaN(history.scaleKwh())) {
      learn(day, hour, energyKwh);
    }
    history.recordLoad(day, hour, energyKwh);
  }

  /**
   * The business volume planned for a local day: outpatient visits (booked appointments) and inpatient
   * bed-days, either NaN if unknown (then the latest like day's, a week back at most, stands in). Used
   * only when the settings enable the driver. Plan a day before forecasting it; planning it again
   * replaces the plan.
   */
  public void planBusinessVolume(LocalDate day, double outpatientVisits, double inpatientBedDays) {
    history.planVolume(day.toEpochDay(), new double[] {outpatientVisits, inpatientBedDays});
  }

  private void learn(long day, int hour, double energyKwh) {
    DayType type = history.dayType(day);
    if (Double.isNaN(history.sameClassOnly(day, hour, type))) {
      // the first day of its class: its lag came from the other class, which would teach the
      // correction a class difference that later days (with a lag of their own class) do not have
      return;
    }
    double[] x = LoadFeatures.forDay(history, day, type, settings)[hour];
    double y = energyKwh / history.scaleKwh();
    double forecast = Math.max(0, x[LoadFeatures.SAME_CLASS] + byHour[hour].predict(x));
    spread.update(hour, y - forecast);
    byHour[hour].update(x, y - x[LoadFeatures.SAME_CLASS]);
  }

  /**
   * Whether {@code hourStart} lies in a day before the one the forecaster has moved to: such an hour (a replay
   * of a topic read before, after the state was restored) can be neither learned nor forecast from.
   */
  public boolean isPast(LocalDateTime hourStart) {
    return history.started() && hourStart.toLocalDate().toEpochDay() < history.currentDay();
  }

  /**
   * The 24 hours from {@code issueHour} (a whole local hour). Hours of the issue day use what was
   * known before that day; hours of the next day also use the issue day's observed hours, with its
   * hours not yet observed filled in by their forecasts. Moves the forecaster to the issue day.
   */
  public List<HourlyForecast> forecast(LocalDateTime issueHour, HolidayCalendar calendar) {
    LocalDateTime start = issueHour.truncatedTo(ChronoUnit.HOURS);
    long day = start.toLocalDate().toEpochDay();
    if (!history.started() || day > history.currentDay()) {
      history.advanceTo(day, calendar);
    }
    if (day < history.currentDay()) {
      throw new IllegalArgumentException("forecast issued at " + issueHour + ", before the day the forecaster is in");
    }
    double[][] today = forecastDay(history, day);
    double[][] tomorrow = null;
    if (start.getHour() > 0) {
      LoadHistory known = history.copy();
      for (int h = start.getHour(); h < LoadHistory.HOURS; h++) {
        if (!Double.isNaN(today[h][0])) {
          known.recordLoad(day, h, today[h][0]);
        }
      }
      known.advanceTo(day + 1, calendar);
      tomorrow = forecastDay(known, day + 1);
    }
    List<HourlyForecast> out = new ArrayList<>(HORIZON_HOURS);
    for (int i = 0; i < HORIZON_HOURS; i++) {
      LocalDateTime hour = start.plusHours(i);
      double[] f = hour.toLocalDate().toEpochDay() == day ? today[hour.getHour()] : tomorrow[hour.getHour()];
      out.add(new HourlyForecast(hour, f[0], f[1], f[2]));
    }
    return out;
  }

  /** Per hour of the history's current day: forecast, lower, upper in kWh (NaN without history). */
  private double[][] forecastDay(LoadHistory from, long day) {
    double[][] out = new double[LoadHistory.HOURS][];
    double scale = from.scaleKwh();
    double[][] rows = Double.isNaN(scale) ? new double[LoadHistory.HOURS][]
        : LoadFeatures.forDay(from, day, from.dayType(day), settings);
    for (int h = 0; h < LoadHistory.HOURS; h++) {
      double[] x = rows[h];
      if (x == null) {
        out[h] = new double[] {Double.NaN, Double.NaN, Double.NaN};
        continue;
      }
      double point = x[LoadFeatures.SAME_CLASS] + byHour[h].predict(x);
      double half = spread.halfWidth(h);
      if (Double.isNaN(half)) {
        half = Math.abs(point); // no residual of this hour yet: a wide interval rather than none
      }
      out[h] = new double[] {
          Math.max(0, point) * scale, Math.max(0, point - half) * scale, Math.max(0, point + half) * scale};
    }
    return out;
  }
}
