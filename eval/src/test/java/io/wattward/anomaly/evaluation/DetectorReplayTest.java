package io.wattward.anomaly.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.anomaly.FlatlineDetector;
import io.wattward.config.WattwardConfig;
import io.wattward.forecast.HolidayCalendar;
import io.wattward.forecast.stream.NodeForecastStep;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay: what it scores, and the job's rules on hourly steps. */
class DetectorReplayTest {

  private static final long H = 3_600_000L;
  private static final long WEEK = 7 * 24 * H;
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final long MONDAY = Instant.parse("2017-01-02T00:00:00Z").toEpochMilli();

  private static double[] constant(int hours, double value) {
    double[] v = new double[hours];
    Arrays.fill(v, value);
    return v;
  }

  @Test
  void theTrainingPeriodLearnsButIsNotScored() {
    // six weeks of 10 kWh an hour, 16 kWh from Monday 00:00 to 05:59 of week 3 (training) and of week 5 (scored)
    double[] v = constant(6 * 7 * 24, 10);
    Arrays.fill(v, 2 * 7 * 24, 2 * 7 * 24 + 6, 16);
    Arrays.fill(v, 4 * 7 * 24, 4 * 7 * 24 + 6, 16);
    HourlySeries s = new HourlySeries("a", MONDAY, v);
    WattwardConfig.Deviation defaults = WattwardConfig.load(null, Map.of()).anomalies().deviation();
    DetectorReplay replay = new DetectorReplay(new NodeForecastStep(UTC, HolidayCalendar.weekendsOnly(), defaults),
        null, 0, "ELECTRICITY", "kWh", ms -> Double.NaN);

    List<Opening> scored = replay.replay(s, MONDAY + 3 * WEEK);
    assertThat(scored).hasSize(1);
    Opening o = scored.get(0);
    long step = MONDAY + 4 * WEEK;
    // the spreads are at their floor (2 % of 10 = 0.2 kWh): each hour 6 over adds its cap 3 less the drift
    // 0.85; the fourth reaches the 8 that opens, with 24 kWh (over the 20 worth a look)
    assertThat(o.kind()).isEqualTo("JUMP");
    assertThat(o.startedAtMs()).isEqualTo(step);
    assertThat(o.detectedAtMs()).as("published when its fourth hour closes").isEqualTo(step + 4 * H);
    assertThat(o.excessEnergy()).isGreaterThanOrEqualTo(24.0);
    // the same replay scored from the start sees the training step too
    assertThat(replay.replay(s, MONDAY)).hasSize(2);
  }

  @Test
  void offlineOpensWhenTheGapReachesTheConfiguredMinutesAndEndsWithTheNextReading() {
    double[] v = constant(48, 10);
    Arrays.fill(v, 20, 26, Double.NaN); // six silent hours
    v[47] = Double.NaN; // the end of the data is not silence
    DetectorReplay replay = new DetectorReplay(null, null, 15 * 60_000L, "ELECTRICITY", "kWh", ms -> Double.NaN);

    List<Opening> openings = replay.replay(new HourlySeries("a", MONDAY, v), MONDAY);
    assertThat(openings).hasSize(1);
    Opening o = openings.get(0);
    assertThat(o.kind()).isEqualTo("OFFLINE");
    assertThat(o.startedAtMs()).isEqualTo(MONDAY + 20 * H);
    assertThat(o.detectedAtMs()).isEqualTo(MONDAY + 20 * H + 15 * 60_000L);
    assertThat(o.endedAtMs()).isEqualTo(MONDAY + 26 * H);
  }

  @Test
  void flatlineOnHourlyStepsNeedsTheConfiguredDurationNotTheNumberOfReadings() {
    // 120 minutes (the electricity default) are two hourly readings; six hours (the default) six
    FlatlineDetector twoHours = new FlatlineDetector(UTC, 120, 1.0, H, 1, 0);
    FlatlineDetector.Run r = new FlatlineDetector.Run();
    assertThat(twoHours.add(r, MONDAY, 7_000, "kWh").abnormal()).isFalse();
    assertThat(twoHours.add(r, MONDAY + H, 7_000, "kWh").abnormal()).isTrue();
    assertThat(twoHours.add(r, MONDAY + H, 7_000, "kWh")).as("an hour already judged").isNull();
    // a gap breaks the run
    assertThat(twoHours.add(r, MONDAY + 3 * H, 7_000, "kWh").abnormal()).isFalse();
    FlatlineDetector sixHours = new FlatlineDetector(UTC, 360, 1.0, H, 1, 0);
    FlatlineDetector.Run six = new FlatlineDetector.Run();
    for (int h = 0; h < 6; h++) {
      assertThat(sixHours.add(six, MONDAY + h * H, 7_000, "kWh").abnormal()).as("hour " + h).isEqualTo(h == 5);
    }
  }

  @Test
  void theBuildingReplayUsesTheConfiguredSettings() {
    WattwardConfig.Anomalies defaults = WattwardConfig.load(null, Map.of()).anomalies();
    // values that never repeat, then seven equal hours from hour 30: FLATLINE after six (120 min, but at
    // least minReadings = 6 readings)
    double[] v = new double[60];
    for (int i = 0; i < v.length; i++) {
      v[i] = 10 + 0.1 * (i % 10);
    }
    for (int i = 31; i <= 36; i++) {
      v[i] = v[30];
    }
    DetectorReplay replay = DetectorReplay.forBuilding(defaults, ZoneId.of("Europe/London"),
        HolidayCalendar.weekendsOnly(), "ELECTRICITY", "kWh", ms -> Double.NaN);

    List<Opening> flat = replay.replay(new HourlySeries("a", MONDAY, v), MONDAY).stream()
        .filter(o -> o.kind().equals("FLATLINE")).toList();
    assertThat(flat).hasSize(1);
    assertThat(flat.get(0).startedAtMs()).isEqualTo(MONDAY + 30 * H);
    assertThat(flat.get(0).detectedAtMs()).isEqualTo(MONDAY + 36 * H);
    assertThat(flat.get(0).endedAtMs()).isEqualTo(MONDAY + 37 * H);
  }
}
