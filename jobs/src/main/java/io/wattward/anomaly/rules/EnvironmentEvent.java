package io.wattward.anomaly.rules;

import io.wattward.schema.EnvMinute;

/** What a rule sees of a room's (or, level campus, the outdoor) minute (EPL type {@code Environment}). */
public final class EnvironmentEvent {
  private final EnvMinute m;

  public EnvironmentEvent(EnvMinute m) {
    this.m = m;
  }

  public String getLevel() {
    return m.getLevel();
  }

  public String getNodeId() {
    return m.getNodeId();
  }

  public String getBuilding() {
    return m.getBuilding();
  }

  public String getRoomType() {
    return m.getRoomType();
  }

  public long getMinuteStart() {
    return m.getMinuteStart().toEpochMilli();
  }

  public Double getTemperatureC() {
    return m.getTemperatureC();
  }

  public Double getHumidityPct() {
    return m.getHumidityPct();
  }

  public Double getCo2Ppm() {
    return m.getCo2Ppm();
  }

  public Double getVocPpb() {
    return m.getVocPpb();
  }

  public Double getPm25UgM3() {
    return m.getPm25UgM3();
  }

  public Double getIlluminanceLux() {
    return m.getIlluminanceLux();
  }
}
