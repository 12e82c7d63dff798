package io.wattward.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.schema.EnvReading;
import io.wattward.schema.MeterReading;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HospitalSimulatorTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final Instant DAY = Instant.parse("2026-11-18T16:00:00Z"); // Thursday 00:00 in Shanghai

  private static final class Recorder implements HospitalSimulator.Output {
    final Map<String, List<MeterReading>> meters = new HashMap<>();
    final List<EnvReading> env = new ArrayList<>();

    @Override public void meterReading(MeterReading r) {
      meters.computeIfAbsent(r.getMeterId(), k -> new ArrayList<>()).add(r);
    }

    @Override public void envReading(EnvReading r) {
      env.add(r);
    }
  }

  private final ReferenceHospital hospital = new ReferenceHospital(7);

  private Recorder simulate(Instant start, Instant end, ExpectedTotals expected) {
    Recorder rec = new Recorder();
    new HospitalSimulator(hospital, SHANGHAI, 7).run(start, end, rec, expected, true);
    return rec;
  }

  @Test
  void everyMeterReadsAtEveryMinuteBoundaryInclusive() {
    Recorder rec = simulate(DAY, DAY.plusSeconds(3600), null);

    assertThat(rec.meters).hasSize(366);
    assertThat(rec.meters.values()).allSatisfy(list -> assertThat(list).hasSize(61));
    assertThat(rec.env).hasSize(33 * 61);
  }

  @Test
  void expectedConsumptionIsTheRegisterAdvanceTimesMultiplier() {
    ExpectedTotals expected = new ExpectedTotals(DAY, 60);
    Recorder rec = simulate(DAY, DAY.plusSeconds(3600), expected);

    // a transformer: registers count on the CT secondary, multiplier 80
    List<MeterReading> tr = rec.meters.get("IP2-TR-01");
    long advanceMilli = Math.round(tr.get(60).getValue() * 1000) - Math.round(tr.get(0).getValue() * 1000);
    assertThat(expected.totalMilli("IP2-TR-01")).isEqualTo(advanceMilli * 80);

    List<MeterReading> floor = rec.meters.get("IP1-F03-HV");
    long m7 = Math.round(floor.get(8).getValue() * 1000) - Math.round(floor.get(7).getValue() * 1000);
    assertThat(expected.perMeter().get("IP1-F03-HV")[7]).isEqualTo(m7);
  }

  @Test
  void rolloverMeterWrapsWithinADayAndTruthStaysPositive() {
    ExpectedTotals expected = new ExpectedTotals(DAY, 1440);
    Recorder rec = simulate(DAY, DAY.plusSeconds(86_400), expected);

    List<MeterReading> r = rec.meters.get(ReferenceHospital.ROLLOVER_METER);
    assertThat(r.get(0).getValue()).isEqualTo(99_990.0);
    assertThat(r.get(1440).getValue()).isLessThan(1_000.0);
    // truth = what the register advanced through the wrap: end + (capacity - start)
    long truth = Math.round(r.get(1440).getValue() * 1000) + (100_000_000 - 99_990_000);
    assertThat(expected.totalMilli(ReferenceHospital.ROLLOVER_METER)).isEqualTo(truth);
  }

  @Test
  void officeLoadIsHigherAtWorkingHoursThanAtNight() {
    ExpectedTotals expected = new ExpectedTotals(DAY, 1440);
    simulate(DAY, DAY.plusSeconds(86_400), expected);

    long[] adm = expected.perMeter().get("ADM-F02-HV");
    long night = 0;
    long day = 0;
    for (int i = 0; i < 60; i++) {
      night += adm[3 * 60 + i]; // 03:00-04:00 local
      day += adm[10 * 60 + i]; // 10:00-11:00 local
    }
    assertThat(day).isGreaterThan(3 * night);
  }

  @Test
  void sameSeedSameReadings() {
    Recorder a = simulate(DAY, DAY.plusSeconds(600), null);
    Recorder b = simulate(DAY, DAY.plusSeconds(600), null);
    assertThat(a.meters).isEqualTo(b.meters);
  }
}
