package io.wattward.anomaly.evaluation;

import io.wattward.jobs.anomaly.MeterMinuteDetection;
import io.wattward.jobs.anomaly.NodeWindowDetection;
import java.util.Set;

/** What was injected into a series (or labelled in it), and which anomaly kinds count as finding it. */
public enum EventKind {
  BASE_LOAD_STEP("base-load step", Set.of(NodeWindowDetection.JUMP, NodeWindowDetection.NIGHT_BASE_LOAD)),
  NIGHT_LIGHTS("lights on at night", Set.of(NodeWindowDetection.NIGHT_BASE_LOAD, NodeWindowDetection.JUMP)),
  FLATLINE("flatline", Set.of(MeterMinuteDetection.FLATLINE)),
  SILENT_METER("silent meter", Set.of(MeterMinuteDetection.OFFLINE)),
  SPIKE("spike", Set.of(NodeWindowDetection.JUMP)),
  LABELLED_WINDOW("labelled window", Set.of(NodeWindowDetection.JUMP));

  private final String description;
  private final Set<String> foundBy;

  EventKind(String description, Set<String> foundBy) {
    this.description = description;
    this.foundBy = foundBy;
  }

  public String description() {
    return description;
  }

  /** Whether an anomaly of {@code anomalyKind} (JUMP, FLATLINE, ...) is a fitting detection of this event. */
  public boolean foundBy(String anomalyKind) {
    return foundBy.contains(anomalyKind);
  }
}
