package io.wattward.simulator;

import io.wattward.schema.MeterRegistration;

/**
 * A meter of the simulated hospital: its registration and how it consumes.
 *
 * @param baseRate consumption per hour at profile factor 1, in the meter's unit (kWh/h = kW, m3/h, t/h, GJ/h)
 * @param coolingPerDegree extra share of load per degree C of outdoor air above 24
 * @param heatingPerDegree extra share of load per degree C of outdoor air below 14
 * @param registerStart register value at the start of the simulation, in the meter's unit
 */
public record SimulatedMeter(MeterRegistration registration, double baseRate, LoadProfile profile,
    double coolingPerDegree, double heatingPerDegree, double registerStart) {

  public String id() {
    return registration.getMeterId();
  }
}
