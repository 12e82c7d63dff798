package io.wattward.anomaly.evaluation;

import io.wattward.anomaly.AnomalyKind;
import java.util.Set;

/** What was injected into a series (or labelled in it), and which anomaly kinds count as finding it. */
public enum EventKind {
  BASE_LOAD_STEP("base-load step", Set.of(AnomalyKind.JUMP.name(), AnomalyKind.NIGHT_BASE_LOAD.name())),
  NIGHT_LIGHTS("lights on at night", Set.of(AnomalyKind.NIGHT_BASE_LOAD.name(), AnomalyKind.JUMP.name())),
  FLATLINE("flatline", Set.of(AnomalyKind.FLATLINE.name())),
  SILENT_METER("silent meter", Set.of(AnomalyKind.OFFLINE.name())),
  SPIKE("spike", Set.of(AnomalyKind.JUMP.name())),
  LABELLED_WINDOW("labelled window", Set.of(AnomalyKind.JUMP.name()));

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
