package io.wattward.topology;

import java.util.Locale;

/**
 * The levels of WattWard's hierarchies, each in its hierarchy: the spatial one (hospital, campus,
 * building, floor, department, room), the itemized one (system, subsystem, device) and the virtual meters.
 * {@link #code} is how a level is written in tables, topics and settings.
 */
public enum NodeLevel {
  HOSPITAL(Hierarchy.SPATIAL), CAMPUS(Hierarchy.SPATIAL), BUILDING(Hierarchy.SPATIAL), FLOOR(Hierarchy.SPATIAL),
  DEPARTMENT(Hierarchy.SPATIAL), ROOM(Hierarchy.SPATIAL),
  SYSTEM(Hierarchy.ITEMIZED), SUBSYSTEM(Hierarchy.ITEMIZED), DEVICE(Hierarchy.ITEMIZED),
  VIRTUAL(Hierarchy.VIRTUAL);

  /** The hierarchies a meter's consumption rolls up along. */
  public enum Hierarchy {
    SPATIAL, ITEMIZED, VIRTUAL;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public final Hierarchy hierarchy;
  public final String code;

  NodeLevel(Hierarchy hierarchy) {
    this.hierarchy = hierarchy;
    this.code = name().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code code} (as written in a row or a record) is this level. */
  public boolean is(CharSequence code) {
    return code != null && this.code.contentEquals(code);
  }

  public static NodeLevel of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
