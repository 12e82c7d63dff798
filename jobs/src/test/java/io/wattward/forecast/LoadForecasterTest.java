package io.wattward.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

class LoadForecasterTest {

  /** Monday. */
  private static final LocalDate START = LocalDate.of(2024, 1, 1);
  private static final HolidayCalendar WEEKENDS = HolidayCalendar.weekendsOnly();
  /** A weekday profile of 10 + hour kWh, 4 kWh an hour on days off. */
  private static final ToDoubleBiFunction<LocalDate, Integer> OFFICE =
      (day, hour) -> WEEKENDS.dayType(day).working() ? 10 + hour : 4;

  private static void feed(LoadForecaster f, LocalDate from, int days, HolidayCalendar calendar,
      ToDoubleBiFunction<LocalDate, Integer> kwh) {
    for (int d = 0; d < days; d++) {
      LocalDate day = from.plusDays(d);
      for (int h = 0; h < 24; h++) {
        f.observe(day.atTime(h, 0), kwh.applyAsDouble(day, h), 5.0, calendar);
      }
    }
  }

  @Test
  void freshForecasterForecastsNothing() {
    List<HourlyForecast> forecast = new LoadForecaster(ForecastSettings.defaults()).forecast(START.atStartOfDay(), WEEKENDS);
    assertThat(forecast).hasSize(24).noneMatch(HourlyForecast::known);
  }

  @Test
  void weeklyProfileIsForecastExactlyWithAZeroWidthInterval() {
    LoadForecaster f = new LoadForecaster(ForecastSettings.defaults());
    feed(f, START, 35, WEEKENDS, OFFICE);
    List<HourlyForecast> monday = f.forecast(LocalDateTime.of(2024, 2, 5, 0, 0), WEEKENDS);
    for (int h = 0; h < 24; h++) {
      assertThat(monday.get(h).hourStart()).isEqualTo(LocalDateTime.of(2024, 2, 5, h, 0));
      assertThat(monday.get(h).energyKwh()).isCloseTo(10 + h, within(1e-9));
      assertThat(monday.get(h).lowerKwh()).isCloseTo(10 + h, within(1e-9));
      assertThat(monday.get(h).upperKwh()).isCloseTo(10 + h, within(1e-9));
    }
    feed(f, LocalDate.of(2024, 2, 5), 5, WEEKENDS, OFFICE);
    List<HourlyForecast> saturday = f.forecast(LocalDateTime.of(2024, 2, 10, 0, 0), WEEKENDS);
    assertThat(saturday).allSatisfy(x -> assertThat(x.energyKwh()).isCloseTo(4, within(1e-9)));
  }

  @Test
  void holidayIsForecastFromTheLastDayOffAndTheDayAfterFromTheLastWorkingDay() {
    // Wednesday 7 February 2024 is a holiday
    HolidayCalendar calendar = new HolidayCalendar(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
        Map.of(LocalDate.of(2024, 2, 7), DayType.HOLIDAY));
    ToDoubleBiFunction<LocalDate, Integer> office = (day, hour) -> calendar.dayType(day).working() ? 10 + hour : 4;
    LoadForecaster f = new LoadForecaster(ForecastSettings.defaults());
    feed(f, START, 37, calendar, office); // to Tuesday 6 February
    assertThat(f.forecast(LocalDateTime.of(2024, 2, 7, 0, 0), calendar))
        .allSatisfy(x -> assertThat(x.energyKwh()).isCloseTo(4, within(1e-9)));
    feed(f, LocalDate.of(2024, 2, 7), 1, calendar, office);
    List<HourlyForecast> thursday = f.forecast(LocalDateTime.of(2024, 2, 8, 0, 0), calendar);
    assertThat(thursday.get(9).energyKwh()).isCloseTo(19, within(1e-9));
  }

  @Test
  void learnsHowHeatingFollowsTheOutdoorTemperature() {
    // Every day is a working day; the day's mean outdoor temperature swings between -5 and 15 C
    // and the load is 20 kWh plus 3 kWh per heating degree of the day before. With a negligible
    // ridge the model can represent this exactly, so after 300 days it forecasts it exactly, where
    // the seasonal-naive forecast (yesterday's load) is off by several kWh.
    HolidayCalendar noWeekend = new HolidayCalendar(Set.of(), Map.of());
    ForecastSettings unshrunk = new ForecastSettings(0.99, 1e-6, 15.5, 18, 0.9, 30, 0.01, false);
    LoadForecaster f = new LoadForecaster(unshrunk);
    double[] outdoor = new double[330];
    for (int d = 0; d < outdoor.length; d++) {
      outdoor[d] = 5 + 10 * Math.sin(d * 0.7) * Math.cos(d * 0.13);
    }
    double modelError = 0;
    double naiveError = 0;
    for (int d = 1; d < 310; d++) {
      double kwh = 20 + 3 * Math.max(0, 15.5 - outdoor[d - 1]);
      if (d >= 300) {
        double yesterday = 20 + 3 * Math.max(0, 15.5 - outdoor[d - 2]);
        modelError += Math.abs(f.forecast(START.plusDays(d).atStartOfDay(), noWeekend).get(12).energyKwh() - kwh);
        naiveError += Math.abs(yesterday - kwh);
      }
      for (int h = 0; h < 24; h++) {
        f.observe(START.plusDays(d).atTime(h, 0), kwh, outdoor[d], noWeekend);
      }
    }
    assertThat(modelError / 10).isLessThan(0.01);
    assertThat(naiveError / 10).isGreaterThan(3);
  }

  @Test
  void businessVolumeDriverIsLearnedWhenEnabled() {
    // load = (5 + 0.2 kWh per planned visit) per hour; visits vary from day to day
    HolidayCalendar noWeekend = new HolidayCalendar(Set.of(), Map.of());
    LoadForecaster withVolume = new LoadForecaster(ForecastSettings.defaults().withBusinessVolume(true));
    LoadForecaster without = new LoadForecaster(ForecastSettings.defaults());
    double errorWith = 0;
    double errorWithout = 0;
    for (int d = 0; d < 260; d++) {
      LocalDate day = START.plusDays(d);
      double visits = 100 + 40 * ((d * 7) % 5);
      double kwh = 5 + 0.2 * visits;
      withVolume.planBusinessVolume(day, visits, Double.NaN);
      if (d >= 250) {
        errorWith += Math.abs(withVolume.forecast(day.atStartOfDay(), noWeekend).get(8).energyKwh() - kwh);
        errorWithout += Math.abs(without.forecast(day.atStartOfDay(), noWeekend).get(8).energyKwh() - kwh);
      }
      for (int h = 0; h < 24; h++) {
        withVolume.observe(day.atTime(h, 0), kwh, 10, noWeekend);
        without.observe(day.atTime(h, 0), kwh, 10, noWeekend);
      }
    }
    // over the last 10 days the load is 25 to 57 kWh an hour
    assertThat(errorWith / 10).isLessThan(0.5);
    assertThat(errorWithout / 10).isGreaterThan(5);
  }

  @Test
  void bothVolumeMetricsAreLearned() {
    // an outpatient building: by day 2 kWh per 100 booked visits an hour on top of 20 kWh, plus 0.05 kWh
    // per inpatient bed-day; visits and bed-days change irregularly from day to day
    java.util.Random random = new java.util.Random(5);
    LoadForecaster withVolume = new LoadForecaster(ForecastSettings.defaults().withBusinessVolume(true));
    LoadForecaster without = new LoadForecaster(ForecastSettings.defaults().withBusinessVolume(true));
    double sqWith = 0;
    double sqWithout = 0;
    double sum = 0;
    int days = 120;
    for (int d = 0; d < days; d++) {
      LocalDate day = START.plusDays(d);
      boolean working = WEEKENDS.dayType(day).working();
      double visits = working ? 600 + 1200 * random.nextDouble() : 100 + 100 * random.nextDouble();
      double bedDays = 300 + 100 * random.nextDouble();
      withVolume.planBusinessVolume(day, visits, bedDays);
      List<HourlyForecast> a = withVolume.forecast(day.atStartOfDay(), WEEKENDS);
      List<HourlyForecast> b = without.forecast(day.atStartOfDay(), WEEKENDS);
      for (int h = 0; h < 24; h++) {
        double kwh = 10 + 0.05 * bedDays + (h >= 8 && h < 18 ? 20 + 0.02 * visits : 0);
        if (d >= days - 7) {
          sqWith += Math.pow(a.get(h).energyKwh() - kwh, 2);
          sqWithout += Math.pow(b.get(h).energyKwh() - kwh, 2);
          sum += kwh;
        }
        withVolume.observe(day.atTime(h, 0), kwh, 10, WEEKENDS);
        without.observe(day.atTime(h, 0), kwh, 10, WEEKENDS);
      }
    }
    double cvWith = 100 * Math.sqrt(sqWith / (7 * 24)) / (sum / (7 * 24));
    double cvWithout = 100 * Math.sqrt(sqWithout / (7 * 24)) / (sum / (7 * 24));
    // measured: 2.95 % with the volumes, 9.34 % without (6.27 and 11.52 after 35 days)
    assertThat(cvWith).isLessThan(4);
    assertThat(cvWithout).isGreaterThan(2 * cvWith);
  }

  @Test
  void forecastIssuedInTheAfternoonRunsToTheSameHourTomorrow() {
    LoadForecaster f = new LoadForecaster(ForecastSettings.defaults());
    feed(f, START, 30, WEEKENDS, OFFICE); // to Tuesday 30 January
    LocalDate wednesday = LocalDate.of(2024, 1, 31);
    for (int h = 0; h < 14; h++) {
      f.observe(wednesday.atTime(h, 0), 10 + h, 5, WEEKENDS);
    }
    List<HourlyForecast> forecast = f.forecast(wednesday.atTime(14, 0), WEEKENDS);
    assertThat(forecast).hasSize(24);
    assertThat(forecast.get(0).hourStart()).isEqualTo(wednesday.atTime(14, 0));
    assertThat(forecast.get(23).hourStart()).isEqualTo(wednesday.plusDays(1).atTime(13, 0));
    for (HourlyForecast x : forecast) {
      assertThat(x.energyKwh()).isCloseTo(10 + x.hourStart().getHour(), within(1e-9));
    }
  }

  @Test
  void missingDayIsNotLearnedAndTheLagsFallBackToAnEarlierDay() {
    LoadForecaster f = new LoadForecaster(ForecastSettings.defaults());
    feed(f, START, 29, WEEKENDS, OFFICE); // to Monday 29 January
    feed(f, LocalDate.of(2024, 1, 30), 1, WEEKENDS, (day, hour) -> Double.NaN);
    List<HourlyForecast> wednesday = f.forecast(LocalDateTime.of(2024, 1, 31, 0, 0), WEEKENDS);
    assertThat(wednesday.get(9).energyKwh()).isCloseTo(19, within(1e-9));
  }

  @Test
  void negativeAndNonFiniteEnergyCountAsMissing() {
    LoadForecaster a = new LoadForecaster(ForecastSettings.defaults());
    LoadForecaster b = new LoadForecaster(ForecastSettings.defaults());
    feed(a, START, 29, WEEKENDS, OFFICE);
    feed(b, START, 29, WEEKENDS, OFFICE);
    feed(a, LocalDate.of(2024, 1, 30), 1, WEEKENDS, (day, hour) -> Double.NaN);
    feed(b, LocalDate.of(2024, 1, 30), 1, WEEKENDS, (day, hour) -> hour % 2 == 0 ? -1 : Double.POSITIVE_INFINITY);
    assertThat(b.forecast(LocalDateTime.of(2024, 1, 31, 0, 0), WEEKENDS))
        .isEqualTo(a.forecast(LocalDateTime.of(2024, 1, 31, 0, 0), WEEKENDS));
  }

  @Test
  void repeatedHourCountsOnceAndTheFirstValueWins() {
    LoadForecaster once = new LoadForecaster(ForecastSettings.defaults());
    LoadForecaster twice = new LoadForecaster(ForecastSettings.defaults());
    feed(once, START, 30, WEEKENDS, OFFICE);
    for (int d = 0; d < 30; d++) {
      LocalDate day = START.plusDays(d);
      for (int h = 0; h < 24; h++) {
        double kwh = OFFICE.applyAsDouble(day, h);
        twice.observe(day.atTime(h, 0), kwh, 5, WEEKENDS);
        twice.observe(day.atTime(h, 0), kwh * 3, 5, WEEKENDS);
      }
    }
    assertThat(twice.forecast(LocalDateTime.of(2024, 1, 31, 0, 0), WEEKENDS))
        .isEqualTo(once.forecast(LocalDateTime.of(2024, 1, 31, 0, 0), WEEKENDS));
  }

  @Test
  void intervalIsNeverNegativeAndHoldsTheForecast() {
    LoadForecaster f = new LoadForecaster(ForecastSettings.defaults());
    // a noisy load that is often 0 (a boiler that cycles)
    feed(f, START, 60, WEEKENDS, (day, hour) -> (day.getDayOfYear() * 31 + hour * 17) % 7 < 3 ? 0 : 5 + hour % 4);
    for (HourlyForecast x : f.forecast(LocalDateTime.of(2024, 3, 1, 0, 0), WEEKENDS)) {
      assertThat(x.lowerKwh()).isGreaterThanOrEqualTo(0);
      assertThat(x.energyKwh()).isBetween(x.lowerKwh(), x.upperKwh());
      assertThat(x.upperKwh()).isGreaterThan(x.lowerKwh());
    }
  }

  @Test
  void serializedStateStaysUnder20Kilobytes() throws Exception {
    LoadForecaster f = new LoadForecaster(ForecastSettings.defaults());
    feed(f, START, 60, WEEKENDS, OFFICE);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    f.write(new DataOutputStream(bytes));
    // about 15 KB: 24 regressions of 10 features (55 + 10 doubles each), 8 days of loads, 3 of
    // temperatures, 2 last-valid profiles, and a few format versions and lengths
    assertThat(bytes.size()).isLessThan(20_000);
    // the streaming job's, with the two business-volume features: 24 x (78 + 12) doubles, 5 KB more
    LoadForecaster withVolume = new LoadForecaster(ForecastSettings.defaults().withBusinessVolume(true));
    feed(withVolume, START, 60, WEEKENDS, OFFICE);
    ByteArrayOutputStream more = new ByteArrayOutputStream();
    withVolume.write(new DataOutputStream(more));
    System.out.println("serialized forecaster: " + bytes.size() + " bytes, with the volume driver " + more.size());
    assertThat(more.size()).isLessThan(25_000);
  }
}
