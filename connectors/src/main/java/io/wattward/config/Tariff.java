package io.wattward.config;

import io.wattward.schema.EnergyType;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Price per canonical unit (kWh, m3, t, GJ) of an energy type at an instant: time-of-use periods for
 * electricity by validity date, flat prices for the rest. Built once from configuration; a lookup is a
 * binary search on validity and an array index by minute of day.
 */
public final class Tariff implements Serializable {

  private record Schedule(LocalDate validFrom, double[] pricePerMinuteOfDay) implements Serializable {}

  private final ZoneId zone;
  private final List<Schedule> electricity;
  private final Map<String, Double> flat;

  private Tariff(ZoneId zone, List<Schedule> electricity, Map<String, Double> flat) {
    this.zone = zone;
    this.electricity = electricity;
    this.flat = flat;
  }

  /** Validates and compiles the configured tariffs; a message names what is wrong. */
  public static Tariff of(WattwardConfig.Rollup rollup) {
    List<Schedule> schedules = new ArrayList<>();
    for (WattwardConfig.TimeOfUseTariff t : rollup.tariffs().electricity()) {
      double[] prices = new double[1440];
      boolean[] set = new boolean[1440];
      for (WattwardConfig.TariffPeriod p : t.periods()) {
        int from = minuteOfDay(p.from());
        int to = minuteOfDay(p.to());
        if (to <= from) {
          throw new IllegalArgumentException("period " + p.name() + " " + p.from() + "-" + p.to() + " is empty");
        }
        for (int m = from; m < to; m++) {
          if (set[m]) {
            throw new IllegalArgumentException("periods of the tariff valid from " + t.validFrom()
                + " overlap at " + String.format("%02d:%02d", m / 60, m % 60));
          }
          set[m] = true;
          prices[m] = p.pricePerUnit();
        }
      }
      for (int m = 0; m < 1440; m++) {
        if (!set[m]) {
          throw new IllegalArgumentException("the tariff valid from " + t.validFrom() + " has no price at "
              + String.format("%02d:%02d", m / 60, m % 60));
        }
      }
      schedules.add(new Schedule(LocalDate.parse(t.validFrom()), prices));
    }
    schedules.sort(Comparator.comparing(Schedule::validFrom));
    return new Tariff(ZoneId.of(rollup.zone()), schedules, new HashMap<>(rollup.tariffs().flat()));
  }

  /** Price per canonical unit; electricity before the first time-of-use tariff uses the flat price. */
  public double price(String energyType, Instant t) {
    if (EnergyType.ELECTRICITY.name().equals(energyType) && !electricity.isEmpty()) {
      LocalDateTime local = LocalDateTime.ofInstant(t, zone);
      LocalDate day = local.toLocalDate();
      for (int i = electricity.size() - 1; i >= 0; i--) {
        Schedule s = electricity.get(i);
        if (!day.isBefore(s.validFrom())) {
          return s.pricePerMinuteOfDay()[local.getHour() * 60 + local.getMinute()];
        }
      }
    }
    return flat.getOrDefault(energyType, 0.0);
  }

  private static int minuteOfDay(String hhmm) {
    String[] parts = hhmm.split(":");
    int m = Integer.parseInt(parts[0]) * 60 + Integer.parseInt(parts[1]);
    if (m < 0 || m > 1440) {
      throw new IllegalArgumentException("not a time of day: " + hhmm);
    }
    return m;
  }
}
