package io.wattward.simulator;

/** An environment sensor set: where it is and whether it is outdoors. */
public record SimulatedSensor(String sensorId, String building, String floor, String zone, boolean outdoor) {}
