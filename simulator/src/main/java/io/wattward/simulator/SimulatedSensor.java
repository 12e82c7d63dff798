package io.wattward.simulator;

import io.wattward.topology.SensorInfo;

/** An environment sensor set: its registry entry (where it is, the type of room it watches). */
public record SimulatedSensor(SensorInfo info) {

  public String sensorId() {
    return info.sensorId();
  }

  public boolean outdoor() {
    return "outdoor".equals(info.roomType());
  }

  public String roomType() {
    return info.roomType();
  }
}
