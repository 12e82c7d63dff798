package io.wattward.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * The deviation detector on series whose answers can be worked out by hand. Every series starts with eight
 * days of exactly 10 kWh an hour, exactly as expected: every hour of the day has been seen seven times, the
 * residuals are 0, so each spread is its floor, 2 % of the level 10 = 0.2 kWh for an hour and 1.0 kWh for a
 * five-hour night.
 */
class DeviationDetectorTest {

  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final long H = 3_600_000L;
  private static final long MONDAY = LocalDateTime.parse("2026-10-05T00:00").atZone(ZONE).toInstant().toEpochMilli();
  private static final long DAY9 = MONDAY + 8 * 24 * H;

  /** hours: drift 1, open at 4; days: drift 1, open at 3; nights 00-05: drift 1, open at 2; each step at most 3. */
  private static DeviationDetector.Settings settings(double hourOpen, boolean quietHoursOnly, int maxOpeningsPerDay) {
    return new DeviationDetector.Settings(1, hourOpen, quietHoursOnly, 0, 1, 3, 1, 2, 3, 1.0, 50, 28, 7, 2, 3,
        maxOpeningsPerDay, false, 0, 5, 1);
  }

  private static DeviationDetector.State eightNormalDays(DeviationDetector d) {
    DeviationDetector.State st = new DeviationDetector.State();
    for (int h = 0; h < 8 * 24; h++) {
      DeviationDetector.Judgement j = d.judge(st, MONDAY + h * H, 10, 10, 7, "kWh");
      assertThat(j.jump()).isNull();
      assertThat(j.night()).isNull();
    }
    return st;
  }

  @Test
  void evidenceBuildsOverHoursOpensOnceWorthItAndDrainsBeforeItResolves() {
    DeviationDetector d = new DeviationDetector(ZONE, settings(4, false, 2));
    DeviationDetector.State st = eightNormalDays(d);
    long ten = DAY9 + 10 * H;
    // 10.5 kWh from 10:00: 0.5 over, 2.5 spreads (the level moves by 0.5/168, so a hair under 2.5): each hour
    // adds 2.5 - 1 = 1.5; after two hours 3.0 < 4, the third makes 4.5: JUMP since 10:00, excess 3 x 0.5
    assertThat(d.judge(st, ten, 10.5, 10, 7.35, "kWh").jump()).isNull();
    assertThat(d.judge(st, ten + H, 10.5, 10, 7.35, "kWh").jump()).isNull();
    Verdict opened = d.judge(st, ten + 2 * H, 10.5, 10, 7.35, "kWh").jump();
    assertThat(opened.abnormal()).isTrue();
    assertThat(opened.sinceMs()).isEqualTo(ten);
    assertThat(opened.severity()).isEqualTo(Severity.WARNING);
    assertThat(opened.expected()).isCloseTo(30.0, within(1e-9));
    assertThat(opened.excessEnergy()).isCloseTo(1.5, within(1e-9));
    // the cost of the excess at the hour's price, 7.35 / 10.5 = 0.7 a kWh
    assertThat(opened.excessCost()).isCloseTo(1.05, within(1e-9));
    assertThat(opened.deviationPct()).isCloseTo(5.0, within(1e-9));
    // back to 10 from 13:00: each hour drains 1 from about 4.5, so it stays open four hours (hysteresis: no
    // flapping at the threshold) and resolves at the fifth
    for (int h = 3; h < 7; h++) {
      assertThat(d.judge(st, ten + h * H, 10, 10, 7, "kWh").jump().abnormal()).as("hour " + h).isTrue();
    }
    Verdict resolved = d.judge(st, ten + 7 * H, 10, 10, 7, "kWh").jump();
    assertThat(resolved.abnormal()).isFalse();
    assertThat(d.judge(st, ten + 8 * H, 10, 10, 7, "kWh").jump()).isNull();
  }

  @Test
  void oneHourIsWeakEvidenceAndTheModelLearnsItClipped() {
    DeviationDetector d = new DeviationDetector(ZONE, settings(4, false, 2));
    DeviationDetector.State st = eightNormalDays(d);
    // one hour 3x: its share is capped at 3 spreads, 3 - 1 = 2 < 4: nothing opens
    DeviationDetector.Judgement spike = d.judge(st, DAY9 + 10 * H, 30, 10, 21, "kWh");
    assertThat(spike.jump()).isNull();
    // the model learns it as 10 + 3 spreads; the level has taken 20/168 of the 20 over
    double level = 10 + 20.0 / 168;
    assertThat(spike.learn()).isCloseTo(10 + 3 * 0.02 * level, within(1e-9));
  }

  @Test
  void aRunOpensOnlyOnceItsExcessIsWorthAPersonsTime() {
    // minExcess 5 kWh: 0.5 over is sure after three hours (as above) but worth it only after ten
    DeviationDetector d = new DeviationDetector(ZONE, settings(4, false, 2).withMinExcess(5));
    DeviationDetector.State st = eightNormalDays(d);
    long ten = DAY9 + 10 * H;
    for (int h = 0; h < 9; h++) {
      assertThat(d.judge(st, ten + h * H, 10.5, 10, 7, "kWh").jump()).as("hour " + h).isNull();
    }
    Verdict v = d.judge(st, ten + 9 * H, 10.5, 10, 7, "kWh").jump();
    assertThat(v.abnormal()).isTrue();
    assertThat(v.sinceMs()).isEqualTo(ten);
    assertThat(v.excessEnergy()).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void quietHoursOnlyLeavesABusyAfternoonAloneAndFindsTheSameRiseAtNight() {
    DeviationDetector d = new DeviationDetector(ZONE, settings(4, true, 2));
    DeviationDetector.State st = eightNormalDays(d);
    // expected 12 at 14:00-16:00, above the level of 10: a busy afternoon 1 kWh over adds nothing
    for (int h = 14; h < 17; h++) {
      assertThat(d.judge(st, DAY9 + h * H, 13, 12, 9, "kWh").jump()).isNull();
    }
    assertThat(st.up.evidence).isZero();
    // the same 1 kWh over expected 8 at 22:00: 1 / (0.02 x level) is about 5 spreads, capped 3: +2 an hour,
    // open at the second hour
    assertThat(d.judge(st, DAY9 + 22 * H, 9, 8, 6, "kWh").jump()).isNull();
    assertThat(d.judge(st, DAY9 + 23 * H, 9, 8, 6, "kWh").jump().abnormal()).isTrue();
  }

  @Test
  void aNightAboveExpectationOpensNightBaseLoadAtItsEnd() {
    // hours need 100 to open, so only the night speaks
    DeviationDetector d = new DeviationDetector(ZONE, settings(100, false, 2));
    DeviationDetector.State st = eightNormalDays(d);
    // 11 instead of 10 from 00:00 to 04:59: the night's residual is 5 kWh against its spread of 1.0 (2 % of
    // 10, five hours): 5 spreads, capped 3, minus the drift 1 = 2: opens when its last hour (04:00) is judged
    for (int h = 0; h < 4; h++) {
      assertThat(d.judge(st, DAY9 + h * H, 11, 10, 7.7, "kWh").night()).as("hour " + h).isNull();
    }
    Verdict night = d.judge(st, DAY9 + 4 * H, 11, 10, 7.7, "kWh").night();
    assertThat(night.abnormal()).isTrue();
    assertThat(night.sinceMs()).isEqualTo(DAY9);
    assertThat(night.expected()).isCloseTo(10.0, within(1e-9));
    assertThat(night.actual()).isCloseTo(11.0, within(1e-9));
    assertThat(night.excessEnergy()).isCloseTo(5.0, within(1e-9));
    assertThat(night.excessCost()).isCloseTo(3.5, within(1e-9));
    assertThat(night.detail()).contains("night base load 11.00 kWh/h (00:00-05:00) against 10.00");
    // the next night is normal: evidence 2 - 1 = 1, still open; the one after drains it: resolved
    for (int h = 5; h < 24 + 4; h++) {
      d.judge(st, DAY9 + h * H, 10, 10, 7, "kWh");
    }
    assertThat(d.judge(st, DAY9 + 28 * H, 10, 10, 7, "kWh").night().abnormal()).isTrue();
    for (int h = 29; h < 48 + 4; h++) {
      d.judge(st, DAY9 + h * H, 10, 10, 7, "kWh");
    }
    assertThat(d.judge(st, DAY9 + 52 * H, 10, 10, 7, "kWh").night().abnormal()).isFalse();
  }

  @Test
  void theDailyCapCountsWhatItHoldsBackAndTheNextOpeningSaysSo() {
    DeviationDetector d = new DeviationDetector(ZONE, settings(4, false, 1));
    DeviationDetector.State st = eightNormalDays(d);
    // a first rise opens (3 hours at 10.5); it drains (5 hours at 10); a second rise the same day is held back
    long t = DAY9 + 6 * H;
    for (int h = 0; h < 3; h++) {
      d.judge(st, t + h * H, 10.5, 10, 7, "kWh");
    }
    assertThat(st.jumpOpen).isTrue();
    for (int h = 3; h < 8; h++) {
      d.judge(st, t + h * H, 10, 10, 7, "kWh");
    }
    assertThat(st.jumpOpen).isFalse();
    for (int h = 8; h < 11; h++) {
      assertThat(d.judge(st, t + h * H, 10.5, 10, 7, "kWh").jump()).as("hour " + h).isNull();
    }
    assertThat(st.suppressedTotal).isEqualTo(1);
    // the next day a rise opens again, and its detail names the one held back
    long next = DAY9 + 24 * H + 6 * H;
    Verdict v = null;
    for (int h = 0; h < 3; h++) {
      v = d.judge(st, next + h * H, 10.5, 10, 7, "kWh").jump();
    }
    assertThat(v.abnormal()).isTrue();
    assertThat(v.detail()).endsWith("; 1 more held back by the daily cap before this one");
  }
}
