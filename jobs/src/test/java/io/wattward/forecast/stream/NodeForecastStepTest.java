package io.wattward.forecast.stream;

import io.wattward.config.WattwardConfig;


import io.wattward.anomaly.AnomalyKind;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.schema.Anomaly;
import io.wattward.topology.NodeLevel;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node's forecast step on series whose numbers can be checked by hand: a load constant at 2 kWh is
 * forecast as exactly 2 kWh (the correction of the seasonal-naive forecast learns nothing from it, the
 * residuals are 0), so what a step emits follows from a few lines of arithmetic.
 */
class NodeForecastStepTest {

  /** Monday. */
  private static final LocalDate MONDAY = LocalDate.of(2024, 1, 1);
  private static final long H = 3_600_000L;
  private static final NodeForecastStep.Drivers NO_DRIVERS = new NodeForecastStep.Drivers(Double.NaN, key -> null);

  private final NodeForecastStep step = new NodeForecastStep(ZoneOffset.UTC, HolidayCalendar.weekendsOnly(),
      WattwardConfig.load(null, java.util.Map.of()).anomalies().deviation());
  private final NodeForecastState state = NodeForecastState.fresh(NodeForecastStep.settings());

  private static long ms(LocalDateTime t) {
    return t.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static NodeHour hour(LocalDateTime start, double kwh) {
    NodeHour h = new NodeHour();
    h.level = NodeLevel.DEPARTMENT.code;
    h.nodeId = "H/C/B1/ICU";
    h.building = "H/C/B1";
    h.energyType = "ELECTRICITY";
    h.unit = "kWh";
    h.hourStartMs = ms(start);
    h.consumption = kwh;
    h.cost = kwh * 0.25;
    return h;
  }

  private NodeForecastStep.Outcome take(NodeForecastState s, LocalDateTime start, double kwh) {
    return step.take(s, hour(start, kwh), NO_DRIVERS);
  }

  /** Takes up every hour from {@code from} up to, not including, {@code to}; returns the last outcome. */
  private NodeForecastStep.Outcome feed(LocalDateTime from, LocalDateTime to, double kwh) {
    NodeForecastStep.Outcome last = null;
    for (LocalDateTime t = from; t.isBefore(to); t = t.plusHours(1)) {
      last = take(state, t, kwh);
    }
    return last;
  }

  @Test
  void afterItsFirstHourANodeForecastsOnlyThatHourTomorrow() {
    NodeForecastStep.Outcome o = take(state, MONDAY.atTime(0, 0), 2);
    // Tuesday 00:00 is the only hour with a load behind it (Monday 00:00); no residual yet: +-100 %
    assertThat(o.forecasts()).singleElement().satisfies(r -> {
      assertThat(r.hourStartMs).isEqualTo(ms(MONDAY.plusDays(1).atStartOfDay()));
      assertThat(r.horizonHours).isEqualTo(24);
      assertEquals(2.0, r.forecast, 0.0);
      assertEquals(0.0, r.lower, 0.0);
      assertEquals(4.0, r.upper, 0.0);
    });
    // Monday's 2 kWh so far and nothing known of its other hours; no complete day for the later days
    assertThat(o.daily()).singleElement().satisfies(r -> assertThat(r.forecast).isEqualTo(2.0));
    assertThat(o.outlook().restOfToday).isNaN();
    assertThat(o.accuracy()).isNull();
    assertThat(o.anomalies()).isEmpty();
  }

  @Test
  void aConstantLoadIsForecastAsItselfWithAWideIntervalWhereAnHourHasNoResidualYet() {
    // Monday and Tuesday to 10:59 at 2 kWh an hour
    NodeForecastStep.Outcome o = feed(MONDAY.atStartOfDay(), MONDAY.plusDays(1).atTime(11, 0), 2);
    assertThat(o.forecasts()).hasSize(24);
    ForecastRow first = o.forecasts().get(0);
    assertThat(first.issuedAtMs).isEqualTo(ms(MONDAY.plusDays(1).atTime(11, 0)));
    assertThat(first.hourStartMs).isEqualTo(first.issuedAtMs);
    assertThat(first.horizonHours).isEqualTo(1);
    for (ForecastRow r : o.forecasts()) {
      assertEquals(2.0, r.forecast, 0.0);
      if (r.hourStartMs < ms(MONDAY.plusDays(2).atStartOfDay())) {
        // Tuesday 11:00-23:00 has not been learned yet: no residual, so the interval is +-100 %
        assertEquals(0.0, r.lower, 0.0);
        assertEquals(4.0, r.upper, 0.0);
      } else {
        // Wednesday 00:00-10:00 were learned on Tuesday with a residual of 0
        assertEquals(2.0, r.lower, 0.0);
        assertEquals(2.0, r.upper, 0.0);
      }
    }
    // the quota tracker's outlook: Tuesday 11:00 to 23:00 left, 13 hours of 2 kWh
    assertThat(o.outlook().restOfToday).isEqualTo(26.0);
    // today 11 h x 2 used + 26 forecast; every later working day of January like Monday (48), no weekend day
    // (no day off seen yet): Jan 3-31 has 21 working days
    assertThat(o.daily()).hasSize(22);
    assertThat(o.daily().get(0).forecast).isEqualTo(48.0);
    assertThat(o.daily().get(0).hourStartMs).isEqualTo(ms(MONDAY.plusDays(1).atStartOfDay()));
    assertThat(o.daily()).allSatisfy(r -> assertThat(r.horizonHours).isZero())
        .allSatisfy(r -> assertThat(r.forecast).isEqualTo(48.0));
  }

  @Test
  void theAccuracyRowOfADayScoresItsMidnightForecasts() {
    feed(MONDAY.atStartOfDay(), MONDAY.plusDays(2).atStartOfDay(), 2);
    // Wednesday was forecast at 2 kWh an hour at midnight, and used 3: an error of -1 kWh in every hour
    NodeForecastStep.Outcome o = feed(MONDAY.plusDays(2).atStartOfDay(), MONDAY.plusDays(3).atStartOfDay(), 3);
    AccuracyRow row = o.accuracy();
    assertThat(row.dayStartMs).isEqualTo(ms(MONDAY.plusDays(2).atStartOfDay()));
    assertThat(row.hours).isEqualTo(24);
    assertThat(row.cvRmsePct).isCloseTo(100.0 / 3, within(1e-9)); // RMSE 1 / mean 3
    assertThat(row.nmbePct).isCloseTo(100.0 / 3, within(1e-9)); // 24 / (24 x 3)
    assertThat(row.mapePct).isCloseTo(100.0 / 3, within(1e-9));
    // with Tuesday, forecast exactly: 48 hours of mean 2.5, 24 of them 1 kWh off
    assertThat(row.hours30d).isEqualTo(48);
    assertThat(row.cvRmse30dPct).isCloseTo(100 * Math.sqrt(0.5) / 2.5, within(1e-9));
    assertThat(row.nmbe30dPct).isCloseTo(20.0, within(1e-9));
    assertThat(row.mape30dPct).isCloseTo(100.0 / 6, within(1e-9));
    // only a day's last hour has a row
    assertThat(take(state, MONDAY.plusDays(3).atTime(0, 0), 2).accuracy()).isNull();
  }

  @Test
  void aRiseAgainstTheForecastOpensAJumpOnceTheEvidenceIsInAndResolvesWhenItHasDrained() {
    LocalDateTime day22 = MONDAY.plusDays(21).atStartOfDay();
    feed(MONDAY.atStartOfDay(), day22.plusHours(9), 2); // three weeks, and the morning
    // with the default settings: the spreads are at their floor, 2 % of the level 2 (0.04 kWh); 10 kWh against
    // the forecast 2 is far over, so each hour adds its cap 3 less the drift 0.85 = 2.15: 2.15, 4.30, 6.45,
    // 8.60; the fourth reaches hourOpen 8, its run holding 4 x 8 = 32 kWh (over minExcess 20)
    List<Anomaly> events = new ArrayList<>();
    for (int h = 9; h < 12; h++) {
      events.addAll(take(state, day22.plusHours(h), 10).anomalies());
    }
    assertThat(events).isEmpty();
    assertThat(state.deviation().up.evidence).isCloseTo(6.45, within(1e-9));
    Anomaly open = take(state, day22.plusHours(12), 10).anomalies().get(0);
    assertThat(open.getKind()).isEqualTo(AnomalyKind.JUMP.name());
    assertThat(open.getStatus()).isEqualTo("OPEN");
    assertThat(open.getSeverity()).isEqualTo("CRITICAL"); // 400 % over, critical from 50 %
    assertThat(open.getStartedAt().toEpochMilli()).isEqualTo(ms(day22.plusHours(9)));
    assertThat(open.getExpected()).isEqualTo(8.0);
    assertThat(open.getActual()).isEqualTo(40.0);
    assertThat(open.getPeakDeviationPct()).isEqualTo(400.0);
    assertThat(open.getExcessEnergy()).isEqualTo(32.0);
    assertThat(open.getExcessCost()).isEqualTo(8.0); // 32 kWh at 0.25
    assertThat(state.openJump()).isNotNull();
    // the forecaster learned those hours clipped to 3 spreads over the forecast, not as 10
    // back to 2 from 13:00: each hour drains 0.85 from 8.60, so ten hours stay open and 23:00 resolves it
    for (int h = 13; h < 23; h++) {
      assertThat(take(state, day22.plusHours(h), 2).anomalies()).as("hour " + h).isEmpty();
    }
    List<Anomaly> back = take(state, day22.plusHours(23), 2).anomalies();
    assertThat(back).singleElement().satisfies(a -> {
      assertThat(a.getStatus()).isEqualTo("RESOLVED");
      assertThat(a.getAnomalyId()).isEqualTo(open.getAnomalyId());
    });
    assertThat(state.openJump()).isNull();
  }

  @Test
  void aStateOfTheFormatBeforeTheDeviationDetectorIsReadAndItsOpenResidualAnomalyResolved() throws Exception {
    feed(MONDAY.atStartOfDay(), MONDAY.plusDays(2).atStartOfDay(), 2);
    // format 1 as the build before wrote it: forecaster, accuracy, daily totals, no issued hours, hours seen,
    // the residual run and the FORECAST_RESIDUAL anomaly it had open
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeByte(1);
    state.forecaster.write(out);
    state.accuracy.write(out);
    state.daily.write(out);
    out.writeInt(0);
    out.writeInt(48);
    out.writeInt(3);
    out.writeBoolean(true);
    io.wattward.forecast.StateFormat.writeNullableString(out, "FORECAST_RESIDUAL|H/C/B1/ICU||1");
    out.writeLong(1);
    io.wattward.forecast.StateFormat.writeNullableString(out, "WARNING");
    for (int i = 0; i < 6; i++) {
      out.writeDouble(1);
    }
    io.wattward.forecast.StateFormat.writeNullableString(out, "old");
    out.writeLong(1);
    NodeForecastState old = NodeForecastState.read(new java.io.DataInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray())));
    assertThat(old.hoursSeen()).isEqualTo(48);
    assertThat(old.deviation().seen).containsOnly(0);
    // the first hour taken up resolves the old anomaly, version 2, and nothing else
    List<Anomaly> events = take(old, MONDAY.plusDays(2).atStartOfDay(), 2).anomalies();
    assertThat(events).singleElement().satisfies(a -> {
      assertThat(a.getKind()).isEqualTo(AnomalyKind.FORECAST_RESIDUAL.name());
      assertThat(a.getAnomalyId()).isEqualTo("FORECAST_RESIDUAL|H/C/B1/ICU||1");
      assertThat(a.getStatus()).isEqualTo("RESOLVED");
      assertThat(a.getVersion()).isEqualTo(2);
    });
    assertThat(take(old, MONDAY.plusDays(2).atTime(1, 0), 2).anomalies()).isEmpty();
  }

  @Test
  void noAnomalyIsJudgedDuringTheWarmUp() {
    feed(MONDAY.atStartOfDay(), MONDAY.plusDays(3).atStartOfDay(), 2);
    for (int h = 0; h < 5; h++) {
      assertThat(take(state, MONDAY.plusDays(3).atTime(h, 0), 50).anomalies()).isEmpty();
    }
    assertThat(state.deviation().up.evidence).isZero();
  }

  @Test
  void onlyTheHoursStillToComeAreRemembered() {
    feed(MONDAY.atStartOfDay(), MONDAY.plusDays(2).atTime(5, 0), 2);
    // the hour-ahead forecast of 05:00 and the midnight's day-ahead forecasts of 05:00-23:00
    assertThat(state.issued().keySet()).first().isEqualTo(ms(MONDAY.plusDays(2).atTime(5, 0)));
    assertThat(state.issued()).hasSize(19);
    // a gap: 05:00-07:59 never come; what was issued for them is dropped when 08:00 is taken up
    take(state, MONDAY.plusDays(2).atTime(8, 0), 2);
    assertThat(state.issued().keySet()).allMatch(t -> t > ms(MONDAY.plusDays(2).atTime(8, 0)));
  }

  @Test
  void theStoredStateCarriesOnExactlyAsTheOriginal() throws Exception {
    LocalDateTime day22 = MONDAY.plusDays(21).atStartOfDay();
    feed(MONDAY.atStartOfDay(), day22.plusHours(9), 2);
    take(state, day22.plusHours(9), 10);
    take(state, day22.plusHours(10), 10);
    take(state, day22.plusHours(11), 10);
    take(state, day22.plusHours(12), 10); // a JUMP is open
    NodeForecastState restored = RoundTrip.of(state::write, NodeForecastState::read);
    assertThat(restored.hoursSeen()).isEqualTo(state.hoursSeen());
    assertThat(restored.openJump()).isNotNull().usingRecursiveComparison().isEqualTo(state.openJump());
    assertThat(restored.deviation()).usingRecursiveComparison().isEqualTo(state.deviation());
    for (LocalDateTime t = day22.plusHours(12); t.isBefore(day22.plusDays(2)); t = t.plusHours(1)) {
      double kwh = t.getHour() == 15 ? 7 : 2;
      NodeForecastStep.Outcome expected = take(state, t, kwh);
      NodeForecastStep.Outcome actual = take(restored, t, kwh);
      assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
    }
  }

  @Test
  void accuracySumsAndDailyTotalsSurviveTheirFormat() throws Exception {
    AccuracyTracker acc = new AccuracyTracker();
    // 12 hours 2 kWh under the forecast, 12 hours 2 kWh over: no bias, RMSE 2 on a mean of 10
    for (int h = 0; h < 24; h++) {
      acc.add(0, 10, h < 12 ? 8 : 12);
    }
    AccuracyRow row = RoundTrip.of(acc::write, AccuracyTracker::read).row("DEPARTMENT", "n", "E", 0);
    assertThat(row.hours).isEqualTo(24);
    assertThat(row.cvRmsePct).isEqualTo(20.0);
    assertThat(row.nmbePct).isEqualTo(0.0);
    assertThat(row.mapePct).isCloseTo(20.0, within(1e-12));

    DailyForecast daily = new DailyForecast();
    for (int h = 0; h < 24; h++) {
      daily.add(MONDAY, 2);
    }
    daily.add(MONDAY.plusDays(1), 5);
    DailyForecast back = RoundTrip.of(daily::write, DailyForecast::read);
    assertThat(back.restOfMonth(MONDAY.plusDays(1), 10, HolidayCalendar.weekendsOnly()))
        .isEqualTo(daily.restOfMonth(MONDAY.plusDays(1), 10, HolidayCalendar.weekendsOnly()))
        .first().isEqualTo(new DailyForecast.Day(MONDAY.plusDays(1), 15, 15, 15));
  }
}
