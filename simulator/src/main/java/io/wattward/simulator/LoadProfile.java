package io.wattward.simulator;

/**
 * Daily and weekly shapes of demand, as a factor of a point's base load, by local hour (0-23.99)
 * and whether it is a working day. Hospital wards run day and night; outpatient, imaging and
 * offices follow the working day; lighting follows occupancy and daylight.
 */
public enum LoadProfile {
  /** wards, ICU, emergency: a floor of ~65% at night, a mid-morning peak */
  ROUND_THE_CLOCK {
    @Override double factor(double hour, boolean workday) {
      return 0.65 + 0.35 * bump(hour, 7, 21) * (workday ? 1.0 : 0.85);
    }
  },
  /** outpatient clinics, imaging, labs: busy 8-17 on working days, small base otherwise */
  WORKING_DAY {
    @Override double factor(double hour, boolean workday) {
      return workday ? 0.2 + 0.8 * bump(hour, 7.5, 17.5) : 0.2 + 0.15 * bump(hour, 8, 12);
    }
  },
  /** offices, teaching */
  OFFICE {
    @Override double factor(double hour, boolean workday) {
      return workday ? 0.12 + 0.88 * bump(hour, 8, 18) : 0.12;
    }
  },
  /** lighting and sockets: on while people are up, a little at night */
  LIGHTING {
    @Override double factor(double hour, boolean workday) {
      return 0.25 + 0.75 * bump(hour, 6.5, 22.5) * (workday ? 1.0 : 0.8);
    }
  },
  /** pumps, lifts, servers, steady plant */
  STEADY {
    @Override double factor(double hour, boolean workday) {
      return 0.85 + 0.15 * bump(hour, 7, 20);
    }
  },
  /** kitchens and laundry: two shifts on working days */
  SHIFTS {
    @Override double factor(double hour, boolean workday) {
      return 0.1 + 0.9 * bump(hour, 5.5, 13.5) * (workday ? 1.0 : 0.6);
    }
  };

  abstract double factor(double hour, boolean workday);

  /** Smooth 0..1 plateau from {@code on} to {@code off} (hours), ramping over about an hour. */
  static double bump(double hour, double on, double off) {
    return sigmoid((hour - on) * 4) * sigmoid((off - hour) * 4);
  }

  private static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
