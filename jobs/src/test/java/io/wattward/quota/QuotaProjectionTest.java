package io.wattward.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wattward.forecast.HolidayCalendar;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class QuotaProjectionTest {

  private static final LocalDate NOV = LocalDate.parse("2026-11-01");
  private static final LocalDate DEC = LocalDate.parse("2026-12-01");

  @Test
  void aDepartmentMeteredFromMidMonthIsProjectedAtTheRateItWasMeasured() {
    // metered from 19 November 00:00: three hours of 10 kWh
    QuotaProjection p = new QuotaProjection();
    LocalDateTime first = LocalDateTime.parse("2026-11-19T00:00");
    for (int h = 0; h < 3; h++) {
      p.add(first.plusHours(h), 10);
    }
    // 30 used + the 21 hours left today at 10 kWh (210) + 11 more days of 240 kWh (2,640); not 30 over the
    // 435 hours since 1 November
    assertThat(p.project(NOV, DEC, first.plusHours(2), 30, Double.NaN, HolidayCalendar.weekendsOnly()))
        .isCloseTo(2_880, within(1e-9));
    // the forecast of the rest of today, when there is one, takes the place of the rate's share
    assertThat(p.project(NOV, DEC, first.plusHours(2), 30, 100, HolidayCalendar.weekendsOnly()))
        .isCloseTo(30 + 100 + 2_640, within(1e-9));
  }

  @Test
  void completeDaysOfTheSameClassGiveTheUsualDay() {
    QuotaProjection p = new QuotaProjection();
    // Monday 16 to Wednesday 18 November complete, 24 kWh a day (working days); Thursday 19 one hour of 5 kWh
    for (LocalDateTime t = LocalDateTime.parse("2026-11-16T00:00"); t.isBefore(LocalDateTime.parse("2026-11-19T00:00"));
        t = t.plusHours(1)) {
      p.add(t, 1);
    }
    p.add(LocalDateTime.parse("2026-11-19T00:00"), 5);
    // to date 77; rest of Thursday 23/24 of 24; Fri 20 and Mon 23 .. Mon 30 (7 working days) 24 each; the
    // weekends 21-22 and 28-29 of no complete day of their class: the mean of any class, 24
    double projected = p.project(NOV, DEC, LocalDateTime.parse("2026-11-19T00:00"), 77, Double.NaN,
        HolidayCalendar.weekendsOnly());
    assertThat(projected).isCloseTo(77 + 23 + 11 * 24, within(1e-9));
  }
}
