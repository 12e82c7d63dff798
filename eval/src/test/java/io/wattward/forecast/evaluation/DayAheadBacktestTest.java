package io.wattward.forecast.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.forecast.ForecastSettings;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.evaluation.DayAheadBacktest.ScoredHour;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class DayAheadBacktestTest {

  private static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 0, 0);
  private static final HolidayCalendar WEEKENDS = HolidayCalendar.weekendsOnly();

  private static HourlySeries series(int days, IntToDoubleFunction byHourIndex) {
    double[] v = new double[days * 24];
    for (int i = 0; i < v.length; i++) {
      v[i] = byHourIndex.applyAsDouble(i);
    }
    return new HourlySeries(START, v);
  }

  private static List<ScoredHour> run(HourlySeries load, HourlySeries outdoor, LocalDate from, LocalDate to) {
    List<ScoredHour> scored = new ArrayList<>();
    DayAheadBacktest.run(load, outdoor, WEEKENDS, ForecastSettings.defaults(), from, to, scored::add);
    return scored;
  }

  @Test
  void forecastOfADayNeverDependsOnThatDayOrLater() {
    // Two histories that agree up to the end of day 39 and differ from day 40 on, in load and in
    // temperature. Every forecast for day 40 must be the same in both; if the runner let the
    // forecaster or a baseline see any of day 40 before forecasting it, they would differ.
    IntToDoubleFunction base = i -> 50 + 20 * Math.sin(i * 2 * Math.PI / 24) + (i * 7919 % 13);
    HourlySeries loadA = series(60, base);
    HourlySeries loadB = series(60, i -> i < 40 * 24 ? base.applyAsDouble(i) : 3 * base.applyAsDouble(i) + 17);
    HourlySeries outdoorA = series(60, i -> 5 + (i % 24) * 0.3);
    HourlySeries outdoorB = series(60, i -> i < 40 * 24 ? 5 + (i % 24) * 0.3 : -10);
    LocalDate day40 = START.toLocalDate().plusDays(40);

    List<ScoredHour> a = run(loadA, outdoorA, day40, day40);
    List<ScoredHour> b = run(loadB, outdoorB, day40, day40);

    assertThat(a).hasSize(24);
    assertThat(b).hasSize(24);
    for (int h = 0; h < 24; h++) {
      assertThat(b.get(h).actualKwh()).isNotEqualTo(a.get(h).actualKwh());
      assertThat(b.get(h).model()).isEqualTo(a.get(h).model());
      assertThat(b.get(h).sameHourYesterdayKwh()).isEqualTo(a.get(h).sameHourYesterdayKwh());
      assertThat(b.get(h).sameHourLastWeekKwh()).isEqualTo(a.get(h).sameHourLastWeekKwh());
    }
  }

  @Test
  void baselinesAreTheSameHourOneDayAndOneWeekBefore() {
    // load = 1000 * day + hour, so a forecast names the day it came from
    HourlySeries load = series(20, i -> 1000 * (i / 24) + i % 24);
    HourlySeries outdoor = series(20, i -> 10);
    LocalDate day15 = START.toLocalDate().plusDays(15);
    List<ScoredHour> scored = run(load, outdoor, day15, day15);
    assertThat(scored.get(5).hour()).isEqualTo(day15.atTime(5, 0));
    assertThat(scored.get(5).actualKwh()).isEqualTo(15_005);
    assertThat(scored.get(5).sameHourYesterdayKwh()).isEqualTo(14_005);
    assertThat(scored.get(5).sameHourLastWeekKwh()).isEqualTo(8_005);
  }

  @Test
  void dayOfZerosIsScoredForNoMethodAndSkippedByTheBaselines() {
    // day 14 reported 0 in every hour (an upstream gap); day 15 has a real 0 at 03:00
    HourlySeries load = series(22, i -> i / 24 == 14 ? 0 : i == 15 * 24 + 3 ? 0 : 1000 * (i / 24) + i % 24);
    HourlySeries outdoor = series(22, i -> 10);
    LocalDate day14 = START.toLocalDate().plusDays(14);
    List<ScoredHour> scored = run(load, outdoor, day14, day14.plusDays(7));
    assertThat(scored).noneMatch(s -> s.hour().toLocalDate().equals(day14));
    assertThat(scored).hasSize(7 * 24); // the real 0 is scored
    ScoredHour day15 = scored.get(5);
    assertThat(day15.hour()).isEqualTo(day14.plusDays(1).atTime(5, 0));
    assertThat(day15.sameHourYesterdayKwh()).isEqualTo(13_005); // day 14 skipped
    ScoredHour day21 = scored.get(6 * 24 + 5);
    assertThat(day21.hour()).isEqualTo(day14.plusDays(7).atTime(5, 0));
    assertThat(day21.sameHourLastWeekKwh()).isEqualTo(7_005); // day 14 skipped, a week further back
  }

  @Test
  void reportedNothingMeansNoValueAboveZero() {
    double[] zeros = new double[24];
    assertThat(DayAheadBacktest.reportedNothing(zeros)).isTrue();
    zeros[7] = 0.1;
    assertThat(DayAheadBacktest.reportedNothing(zeros)).isFalse();
    double[] none = new double[24];
    java.util.Arrays.fill(none, Double.NaN);
    assertThat(DayAheadBacktest.reportedNothing(none)).isTrue();
  }
}
