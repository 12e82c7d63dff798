package io.wattward.simulator;

import io.wattward.schema.MeterRegistration;

/**
 * A meter of the simulated hospital: its registration and how it consumes.
 *
 * @param baseRate consumption per hour at profile factor 1, in the meter's unit (kWh/h = kW, m3/h, t/h, GJ/h)
 * @param coolingPerDegree extra share of load per degree C of outdoor air above 24
 * @param heatingPerDegree extra share of load per degree C of outdoor air below 14
 * @param registerStart register value at the start of the simulation, in the meter's unit
 * @param role whether the meter measures a load of its own or the sum of loads metered below it
 */
public record SimulatedMeter(MeterRegistration registration, double baseRate, LoadProfile profile,
    double coolingPerDegree, double heatingPerDegree, double registerStart, Role role) {

  /** What a meter measures. */
  public enum Role {
    /** a load of its own, following its profile */
    LOAD,
    /** a building's transformer: its share of the building's electricity plus transformer losses */
    BUILDING_MAIN,
    /** a distribution board: its share of the building's electricity of one sub-item plus cable losses */
    SUB_ITEM_MAIN
  }

  /** Transformer losses on top of the load below (copper and iron losses of a loaded transformer). */
  public static final double TRANSFORMER_LOSS = 0.03;
  /** Cable losses between a distribution board and the loads it feeds. */
  public static final double CABLE_LOSS = 0.01;

  public String id() {
    return registration.getMeterId();
  }
}
