package io.wattward.simulator;

import io.wattward.schema.EnvReading;
import io.wattward.schema.MeterReading;
import io.wattward.schema.QualityFlag;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Random;

/**
 * Runs the reference hospital minute by minute: every meter reads its register at every minute
 * boundary, every environment sensor set reports once a minute. Deterministic for a seed.
 */
public final class HospitalSimulator {

  /** Receives what the hospital produces, in event-time order. */
  public interface Output {
    void meterReading(MeterReading reading);

    void envReading(EnvReading reading);

    /** Called after all readings of minute boundary {@code t}. */
    default void minuteDone(Instant t) {}
  }

  private final ReferenceHospital hospital;
  private final ZoneId zone;
  private final Weather weather;
  private final long seed;

  public HospitalSimulator(ReferenceHospital hospital, ZoneId zone, long seed) {
    this.hospital = hospital;
    this.zone = zone;
    this.weather = new Weather(zone, seed);
    this.seed = seed;
  }

  public Weather weather() {
    return weather;
  }

  /**
   * Emits readings at every minute boundary from {@code start} to {@code end} inclusive, so the
   * minutes in [start, end) are fully measured, and records their consumption in {@code expected}
   * (may be null).
   */
  public void run(Instant start, Instant end, Output out, ExpectedTotals expected, boolean environment) {
    if (start.getEpochSecond() % 60 != 0 || end.getEpochSecond() % 60 != 0 || !end.isAfter(start)) {
      throw new IllegalArgumentException("start and end must be whole minutes, start before end");
    }
    List<SimulatedMeter> meters = hospital.meters();
    int n = meters.size();
    long[] registerMilli = new long[n];
    long[] capacityMilli = new long[n];
    Random[] noise = new Random[n];
    for (int i = 0; i < n; i++) {
      SimulatedMeter m = meters.get(i);
      registerMilli[i] = Math.round(m.registerStart() * 1000);
      capacityMilli[i] = Math.round(m.registration().getRegisterCapacity() * 1000);
      noise[i] = new Random(seed * 31 + m.id().hashCode());
    }
    // main meters measure the loads below them: which loads, and how many mains share them
    int[][] fedBy = new int[n][];
    double[] share = new double[n];
    for (int i = 0; i < n; i++) {
      SimulatedMeter main = meters.get(i);
      if (main.role() == SimulatedMeter.Role.LOAD) {
        continue;
      }
      List<Integer> loads = new java.util.ArrayList<>();
      int siblings = 0;
      for (int j = 0; j < n; j++) {
        SimulatedMeter m = meters.get(j);
        if (!sameBuilding(m, main) || !isElectric(m)) {
          continue;
        }
        boolean sameSub = java.util.Objects.equals(m.registration().getSubItemCode(), main.registration().getSubItemCode());
        if (m.role() == main.role() && (main.role() == SimulatedMeter.Role.BUILDING_MAIN || sameSub)) {
          siblings++;
        }
        if (m.role() == SimulatedMeter.Role.LOAD && (main.role() == SimulatedMeter.Role.BUILDING_MAIN || sameSub)) {
          loads.add(j);
        }
      }
      fedBy[i] = loads.stream().mapToInt(Integer::intValue).toArray();
      share[i] = (1 + (main.role() == SimulatedMeter.Role.BUILDING_MAIN ? SimulatedMeter.TRANSFORMER_LOSS
          : SimulatedMeter.CABLE_LOSS)) / siblings;
    }
    long[] consumed = new long[n];
    Random envNoise = new Random(seed ^ 0x5EED);
    long minutes = Duration.between(start, end).toMinutes();
    for (int k = 0; k <= minutes; k++) {
      Instant t = start.plusSeconds(60L * k);
      for (int i = 0; i < n; i++) {
        SimulatedMeter m = meters.get(i);
        out.meterReading(new MeterReading(m.id(), t, registerMilli[i] / 1000.0,
            m.registration().getValueKind(), m.registration().getUnit(), QualityFlag.GOOD));
      }
      if (environment) {
        emitEnvironment(t, envNoise, out);
      }
      out.minuteDone(t);
      if (k == minutes) {
        break;
      }
      // consumption during [t, t + 1 min), at the demand of the minute's middle
      Instant mid = t.plusSeconds(30);
      ZonedDateTime local = mid.atZone(zone);
      double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
      boolean workday = local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY;
      double outdoor = weather.temperatureC(mid);
      for (int i = 0; i < n; i++) {
        SimulatedMeter m = meters.get(i);
        if (m.role() != SimulatedMeter.Role.LOAD) {
          continue;
        }
        double climate = 1 + m.coolingPerDegree() * Math.max(0, outdoor - 24)
            + m.heatingPerDegree() * Math.max(0, 14 - outdoor);
        double rate = m.baseRate() * m.profile().factor(hour, workday) * climate
            * Math.max(0, 1 + 0.04 * noise[i].nextGaussian());
        consumed[i] = advance(i, m, rate / 60.0 * 1000.0, registerMilli, capacityMilli, expected, k);
      }
      for (int i = 0; i < n; i++) {
        if (fedBy[i] == null) {
          continue;
        }
        long below = 0;
        for (int j : fedBy[i]) {
          below += consumed[j];
        }
        consumed[i] = advance(i, meters.get(i), below * share[i], registerMilli, capacityMilli, expected, k);
      }
    }
  }

  /** Advances meter i's register by a consumption (milli-units) and returns what it counted, multiplier applied. */
  private static long advance(int i, SimulatedMeter m, double consumptionMilli, long[] registerMilli,
      long[] capacityMilli, ExpectedTotals expected, int minute) {
    long multiplier = Math.round(m.registration().getMultiplier());
    long increment = Math.round(consumptionMilli / multiplier);
    registerMilli[i] += increment;
    if (registerMilli[i] >= capacityMilli[i]) {
      registerMilli[i] -= capacityMilli[i];
    }
    if (expected != null) {
      expected.add(m.id(), m.registration().getUnit(), minute, increment * multiplier);
    }
    return increment * multiplier;
  }

  private static boolean sameBuilding(SimulatedMeter a, SimulatedMeter b) {
    return java.util.Objects.equals(a.registration().getSpatial().getBuilding(), b.registration().getSpatial().getBuilding());
  }

  private static boolean isElectric(SimulatedMeter m) {
    return m.registration().getEnergyType() == io.wattward.schema.EnergyType.ELECTRICITY;
  }

  private void emitEnvironment(Instant t, Random r, Output out) {
    ZonedDateTime local = t.atZone(zone);
    double hour = local.getHour() + local.getMinute() / 60.0;
    double occupancy = LoadProfile.bump(hour, 7, 21);
    double outdoor = weather.temperatureC(t);
    for (SimulatedSensor s : hospital.sensors()) {
      EnvReading.Builder b = EnvReading.newBuilder().setSensorId(s.sensorId()).setEventTime(t);
      if (s.outdoor()) {
        double daylight = Math.max(0, Math.sin(Math.PI * (hour - 6) / 13));
        b.setTemperatureC(round1(outdoor)).setHumidityPct(round1(70 - 15 * daylight + r.nextGaussian() * 3))
            .setCo2Ppm(round1(420 + r.nextGaussian() * 8)).setPm25UgM3(round1(Math.max(1, 35 + r.nextGaussian() * 8)))
            .setIlluminanceLux(round1(daylight * 60_000));
      } else {
        // operating rooms are held cooler and drier, ICUs a little warmer, than wards and offices
        double setpoint = switch (s.roomType()) {
          case "operating-room" -> 22.5;
          case "icu" -> 24.0;
          default -> 23.5;
        };
        double people = s.roomType().equals("office") || s.roomType().equals("ward") ? occupancy : occupancy * 0.4;
        b.setTemperatureC(round1(setpoint + 0.08 * (outdoor - 20) + r.nextGaussian() * 0.3))
            .setHumidityPct(round1((s.roomType().equals("operating-room") ? 47 : 50) + r.nextGaussian() * 4))
            .setCo2Ppm(round1(480 + 450 * people + r.nextGaussian() * 25))
            .setVocPpb(round1(Math.max(10, 120 + 100 * people + r.nextGaussian() * 20)))
            .setPm25UgM3(round1(Math.max(1, 12 + r.nextGaussian() * 3)))
            .setIlluminanceLux(round1(Math.max(0, 60 + 380 * occupancy + r.nextGaussian() * 15)));
      }
      out.envReading(b.build());
    }
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
