package io.wattward.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.wattward.schema.Anomaly;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The detectors and the anomaly lifecycle on small series whose answers can be worked out by hand. */
class DetectorsTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final long H = 3_600_000L;
  private static final long MONDAY = LocalDateTime.parse("2026-10-05T00:00").atZone(ZONE).toInstant().toEpochMilli();

  @Test
  void jumpWaitsForHistoryThenJudgesAgainstTheSameHourOfTheWeek() {
    JumpDetector d = new JumpDetector(ZONE, 20, 50, 1.0, 0.5, 2, false, 1);
    HourOfWeekBaseline fresh = new HourOfWeekBaseline();
    long mondayTen = MONDAY + 10 * H;
    // weeks 1 and 2: 10 kWh at Monday 10:00. Too little history to judge: one hour of the week seen, and
    // the fallback (the same hour of working days) needs three
    assertThat(d.judge(fresh, mondayTen, 10, 7, "kWh")).isNull();
    assertThat(d.judge(fresh, mondayTen + 7 * 24 * H, 10, 7, "kWh")).isNull();
    // week 3: 12.5 is +25 % over 10: abnormal, warning; excess 2.5 kWh, costing 2.5 x (10.5 / 12.5)
    Verdict v = d.judge(fresh, mondayTen + 14 * 24 * H, 12.5, 10.5, "kWh");
    assertThat(v.abnormal()).isTrue();
    assertThat(v.severity()).isEqualTo(Severity.WARNING);
    assertThat(v.expected()).isEqualTo(10.0);
    assertThat(v.deviationPct()).isCloseTo(25.0, within(1e-9));
    assertThat(v.excessEnergy()).isCloseTo(2.5, within(1e-9));
    assertThat(v.excessCost()).isCloseTo(2.1, within(1e-9));
    // the abnormal hour was learned only up to the threshold: 10 + 0.5 x (12 - 10) = 11
    assertThat(fresh.week[10]).isCloseTo(11.0, within(1e-9));
    // week 4: 16.6 is +50.9 % over 11: critical
    assertThat(d.judge(fresh, mondayTen + 21 * 24 * H, 16.6, 0, "kWh").severity()).isEqualTo(Severity.CRITICAL);
    // +15 % is normal; so is +30 % when it is less than the 1 kWh minimum excess on a small node
    JumpDetector small = new JumpDetector(ZONE, 20, 50, 1.0, 0.5, 2, false, 1);
    HourOfWeekBaseline s = new HourOfWeekBaseline();
    small.judge(s, mondayTen, 2, 0, "kWh");
    small.judge(s, mondayTen + 7 * 24 * H, 2, 0, "kWh");
    assertThat(small.judge(s, mondayTen + 14 * 24 * H, 2.6, 0, "kWh").abnormal()).isFalse();
  }

  @Test
  void aWarningJumpNeedsConfirmingHoursACriticalOneOpensAtOnce() {
    JumpDetector d = new JumpDetector(ZONE, 20, 50, 1.0, 0.5, 2, false, 2);
    HourOfWeekBaseline b = new HourOfWeekBaseline();
    long mondayTen = MONDAY + 10 * H;
    for (int week = 0; week < 2; week++) {
      for (int h = 0; h < 3; h++) {
        d.judge(b, mondayTen + week * 7 * 24 * H + h * H, 10, 0, "kWh");
      }
    }
    long week3 = mondayTen + 14 * 24 * H;
    // 10:00 at +25 %: not yet; 11:00 at +30 %: confirmed, starting at 10:00 with both hours' excess
    assertThat(d.judge(b, week3, 12.5, 0, "kWh")).isNull();
    Verdict confirmed = d.judge(b, week3 + H, 13, 0, "kWh");
    assertThat(confirmed.abnormal()).isTrue();
    assertThat(confirmed.sinceMs()).isEqualTo(week3);
    assertThat(confirmed.excessEnergy()).isCloseTo(2.5 + 3.0, within(1e-9));
    // 12:00 back to normal; a week later a 12:00 spike of x3 is critical and opens at once
    assertThat(d.judge(b, week3 + 2 * H, 10, 0, "kWh").abnormal()).isFalse();
    Verdict spike = d.judge(b, week3 + 7 * 24 * H + 2 * H, 30, 0, "kWh");
    assertThat(spike.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(spike.sinceMs()).isEqualTo(week3 + 7 * 24 * H + 2 * H);
  }

  @Test
  void nightBaseLoadComparesTheNightsMeanWithTheMedianOfTheNightsBefore() {
    NightBaseLoadDetector d = new NightBaseLoadDetector(ZONE, 0, 5, 4, 15, 2.0, 1);
    NightBaseLoadDetector.Nights n = new NightBaseLoadDetector.Nights();
    double[] nights = {40, 42, 38, 40, 47, 40};
    Verdict last = null;
    for (int night = 0; night < nights.length; night++) {
      for (int hour = 0; hour < 24; hour++) {
        double value = hour < 5 ? nights[night] : 100;
        Verdict v = d.add(n, MONDAY + night * 24 * H + hour * H, value, value * 0.7, "kWh");
        if (hour == 4 && night >= 2) {
          assertThat(v).as("night " + night + " is judged at its last hour").isNotNull();
        } else {
          assertThat(v).isNull();
        }
        if (v != null) {
          last = v;
          if (night == 4) {
            // median of 40, 42, 38, 40 is 40; 47 is +17.5 %, 7 kWh/h over five hours = 35 kWh, at 0.7 = 24.5
            assertThat(v.abnormal()).isTrue();
            assertThat(v.expected()).isEqualTo(40.0);
            assertThat(v.deviationPct()).isCloseTo(17.5, within(1e-9));
            assertThat(v.excessEnergy()).isCloseTo(35.0, within(1e-9));
            assertThat(v.excessCost()).isCloseTo(24.5, within(1e-9));
          }
        }
      }
    }
    // the last night: median of 42, 38, 40, 47 is 41: 40 is normal
    assertThat(last.abnormal()).isFalse();
    assertThat(last.expected()).isEqualTo(41.0);
  }

  @Test
  void flatlineNeedsTheRunAndForZerosAUsualConsumption() {
    FlatlineDetector d = new FlatlineDetector(ZONE, 5, 1.0);
    FlatlineDetector.Run r = new FlatlineDetector.Run();
    long t = MONDAY + 10 * H;
    // six minutes of 0.4 kWh each: stuck from the fifth
    for (int m = 0; m < 6; m++) {
      Verdict v = d.add(r, t + m * 60_000L, 400, "kWh");
      assertThat(v.abnormal()).as("minute " + m).isEqualTo(m >= 4);
    }
    assertThat(d.add(r, t + 6 * 60_000L, 410, "kWh").abnormal()).isFalse();
    // zeros: a meter that usually uses ~0.4 kWh a minute is stuck after five; one that uses nothing is not
    for (int m = 7; m < 12; m++) {
      Verdict v = d.add(r, t + m * 60_000L, 0, "kWh");
      assertThat(v.abnormal()).as("zero minute " + m).isEqualTo(m == 11);
    }
    FlatlineDetector.Run idle = new FlatlineDetector.Run();
    for (int m = 0; m < 20; m++) {
      assertThat(d.add(idle, t + m * 60_000L, 0, "kWh").abnormal()).isFalse();
    }
  }

  @Test
  void environmentNeedsTheMinimumDurationAndClearsAfterMinutesInRange() {
    EnvRangeDetector d = new EnvRangeDetector(3, 2, 10);
    EnvRangeDetector.Run r = new EnvRangeDetector.Run();
    boolean[] out = {true, true, false, true, true, true, false, true, false, false, false};
    boolean[] abnormal = {false, false, false, false, false, true, true, true, true, false, false};
    for (int m = 0; m < out.length; m++) {
      assertThat(d.add(r, MONDAY + m * 60_000L, out[m], 0, "humidityPct", "ward").abnormal()).as("minute " + m)
          .isEqualTo(abnormal[m]);
    }
  }

  @Test
  void lifecycleOpensUpdatesOnRiseAndResolvesWithTheExcessSummed() {
    AnomalyLifecycle.Subject s = new AnomalyLifecycle.Subject("JUMP", "department", "PPH/MAIN/ICU", "", "WATER", "", "m3");
    AnomalyLifecycle.Step a = AnomalyLifecycle.observe(null, s, Verdict.abnormal(Severity.WARNING, 2, 2.5, 25, 0.5, 2, "x"), 1000);
    assertThat(a.event().getStatus()).isEqualTo("OPEN");
    assertThat(a.event().getAnomalyId()).isEqualTo("JUMP|PPH/MAIN/ICU||1000");
    AnomalyLifecycle.Step b = AnomalyLifecycle.observe(a.open(), s,
        Verdict.abnormal(Severity.WARNING, 2, 2.6, 30, 0.6, 2.4, "x"), 2000);
    assertThat(b.event()).as("30 % is not 10 points past 25 %").isNull();
    AnomalyLifecycle.Step c = AnomalyLifecycle.observe(b.open(), s,
        Verdict.abnormal(Severity.CRITICAL, 2, 3.2, 60, 1.2, 4.8, "x"), 3000);
    Anomaly update = c.event();
    assertThat(update.getStatus()).isEqualTo("UPDATE");
    assertThat(update.getSeverity()).isEqualTo("CRITICAL");
    assertThat(update.getVersion()).isEqualTo(2);
    AnomalyLifecycle.Step d = AnomalyLifecycle.observe(c.open(), s, Verdict.normal(2, 2), 4000);
    assertThat(d.open()).isNull();
    assertThat(d.event().getStatus()).isEqualTo("RESOLVED");
    assertThat(d.event().getEndedAt().toEpochMilli()).isEqualTo(4000);
    assertThat(d.event().getExcessEnergy()).isCloseTo(2.3, within(1e-9)); // 0.5 + 0.6 + 1.2
    assertThat(d.event().getExcessCost()).isCloseTo(9.2, within(1e-9));
    assertThat(d.event().getVersion()).isEqualTo(3);
    assertThat(d.event().getPeakDeviationPct()).isEqualTo(60.0);
  }
}
