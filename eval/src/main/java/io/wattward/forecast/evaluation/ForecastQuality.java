package io.wattward.forecast.evaluation;

import io.wattward.forecast.ForecastSettings;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.schema.EnergyType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.ToDoubleFunction;

/**
 * The offline day-ahead evaluation: every building of the Cambridge data, per energy type, the
 * forecaster against the two seasonal-naive baselines over a scoring period (see
 * {@link DayAheadBacktest} for the protocol and the missing-data rule).
 */
public final class ForecastQuality {

  /** The test: learn through 2016, forecast every day of 2017. */
  public static final Period TEST_2017 = new Period(LocalDate.of(2017, 1, 1), LocalDate.of(2017, 12, 31));
  /**
   * The development check the settings were chosen on: learn from January and February 2016, score
   * March to December 2016, and read nothing of 2017.
   */
  public static final Period VALIDATION_2016 = new Period(LocalDate.of(2016, 3, 1), LocalDate.of(2016, 12, 31));

  /** ASHRAE Guideline 14, hourly: a model is calibrated at CV(RMSE) <= 30% and |NMBE| <= 10%. */
  public static final double ASHRAE_CV_RMSE = 30;
  public static final double ASHRAE_NMBE = 10;

  public record Period(LocalDate from, LocalDate to) {}

  /**
   * One building and energy type: errors of the model and the baselines on the same hours, and the
   * share of actuals inside the model's prediction interval.
   *
   * @param missingDays days in the period without data (not scored)
   */
  public record Row(EnergyType energy, String building, long hours, int missingDays, Accuracy model,
      Accuracy sameHourYesterday, Accuracy sameHourLastWeek, double intervalCoverage) {

    public boolean beatsBothBaselines() {
      return model.cvRmse() < sameHourYesterday.cvRmse() && model.cvRmse() < sameHourLastWeek.cvRmse();
    }

    public boolean withinAshrae() {
      return model.cvRmse() <= ASHRAE_CV_RMSE && Math.abs(model.nmbe()) <= ASHRAE_NMBE;
    }
  }

  /** Medians over one energy type's buildings, in percent. */
  public record Medians(EnergyType energy, double modelCvRmse, double modelNmbe, double yesterdayCvRmse,
      double yesterdayNmbe, double lastWeekCvRmse, double lastWeekNmbe, double intervalCoverage) {}

  private ForecastQuality() {}

  public static List<Row> evaluate(Path dataDir, List<EnergyType> energies, Period period, HolidayCalendar calendar,
      ForecastSettings settings) {
    return evaluate(dataDir, energies, period, calendar, settings, false);
  }

  /** With {@code everyHour}: no missing-data rule, every hour scored (see {@link DayAheadBacktest}). */
  public static List<Row> evaluate(Path dataDir, List<EnergyType> energies, Period period, HolidayCalendar calendar,
      ForecastSettings settings, boolean everyHour) {
    HourlySeries outdoor = CambridgeData.outdoorTemperature(dataDir);
    List<Row> rows = new ArrayList<>();
    for (EnergyType energy : energies) {
      SortedMap<String, HourlySeries> loads = CambridgeData.loads(dataDir, energy);
      for (Map.Entry<String, HourlySeries> building : loads.entrySet()) {
        rows.add(evaluate(energy, building.getKey(), building.getValue(), outdoor, period, calendar, settings,
            everyHour));
      }
    }
    return rows;
  }

  static Row evaluate(EnergyType energy, String building, HourlySeries load, HourlySeries outdoor, Period period,
      HolidayCalendar calendar, ForecastSettings settings, boolean everyHour) {
    Accuracy model = new Accuracy();
    Accuracy yesterday = new Accuracy();
    Accuracy lastWeek = new Accuracy();
    long[] covered = new long[1];
    DayAheadBacktest.run(load, outdoor, calendar, settings, period.from(), period.to(), everyHour, h -> {
      model.add(h.actualKwh(), h.model().energyKwh());
      yesterday.add(h.actualKwh(), h.sameHourYesterdayKwh());
      lastWeek.add(h.actualKwh(), h.sameHourLastWeekKwh());
      if (h.model().covers(h.actualKwh())) {
        covered[0]++;
      }
    });
    int missing = 0;
    for (LocalDate d = period.from(); !d.isAfter(period.to()); d = d.plusDays(1)) {
      if (!everyHour && DayAheadBacktest.reportedNothing(load.day(d))) {
        missing++;
      }
    }
    return new Row(energy, building, model.count(), missing, model, yesterday, lastWeek,
        model.count() == 0 ? Double.NaN : 100.0 * covered[0] / model.count());
  }

  public static Medians medians(EnergyType energy, List<Row> rows) {
    List<Row> of = rows.stream().filter(r -> r.energy() == energy).toList();
    return new Medians(energy, median(of, r -> r.model().cvRmse()), median(of, r -> r.model().nmbe()),
        median(of, r -> r.sameHourYesterday().cvRmse()), median(of, r -> r.sameHourYesterday().nmbe()),
        median(of, r -> r.sameHourLastWeek().cvRmse()), median(of, r -> r.sameHourLastWeek().nmbe()),
        median(of, Row::intervalCoverage));
  }

  static double median(List<Row> rows, ToDoubleFunction<Row> value) {
    double[] v = rows.stream().mapToDouble(value).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
