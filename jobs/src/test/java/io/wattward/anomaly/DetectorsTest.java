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
  void aRunTheMeterHeldWithinItsRoutineDaysIsItsRoutine() {
    // 3 readings make a run; routine within 2 days: a zero run is then no fault, a constant one needs 6
    FlatlineDetector d = new FlatlineDetector(ZONE, 180, 1.0, H, 3, 2);
    FlatlineDetector.Run r = new FlatlineDetector.Run();
    long t = MONDAY;
    // a day of 5 kWh an hour, varying, then the heating goes off at night: 4 zero hours, the first such run
    for (int h = 0; h < 24; h++) {
      d.add(r, t + h * H, 5000 + h, "kWh");
    }
    boolean[] first = new boolean[4];
    for (int h = 0; h < 4; h++) {
      first[h] = d.add(r, t + (24 + h) * H, 0, "kWh").abnormal();
    }
    assertThat(first).containsExactly(false, false, true, true);
    // the next night, the same: within the routine days, no alarm at all
    for (int h = 4; h < 24; h++) {
      d.add(r, t + (24 + h) * H, 5000 + h, "kWh");
    }
    for (int h = 0; h < 8; h++) {
      assertThat(d.add(r, t + (48 + h) * H, 0, "kWh").abnormal()).as("routine zero hour " + h).isFalse();
    }
    // a constant non-zero run: the first is stuck at 3 readings; after it, one is routine and needs 6
    FlatlineDetector.Run c = new FlatlineDetector.Run();
    long day = t + 10 * 24 * H;
    boolean[] stuck = new boolean[4];
    for (int h = 0; h < 4; h++) {
      stuck[h] = d.add(c, day + h * H, 1200, "kWh").abnormal();
    }
    assertThat(stuck).containsExactly(false, false, true, true);
    d.add(c, day + 4 * H, 1500, "kWh");
    boolean[] again = new boolean[6];
    for (int h = 0; h < 6; h++) {
      again[h] = d.add(c, day + (5 + h) * H, 1200, "kWh").abnormal();
    }
    assertThat(again).containsExactly(false, false, false, false, false, true);
    // three days later the routine is forgotten: 3 readings again
    FlatlineDetector.Run later = c;
    long after = day + 4 * 24 * H;
    d.add(later, after, 1700, "kWh");
    boolean[] fresh = new boolean[3];
    for (int h = 0; h < 3; h++) {
      fresh[h] = d.add(later, after + (1 + h) * H, 1200, "kWh").abnormal();
    }
    assertThat(fresh).containsExactly(false, false, true);
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
