package io.wattward.environment;

import io.wattward.config.WattwardConfig;
import io.wattward.topology.EnvFactor;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The range each factor should stay in, per room type (configuration {@code environment.profiles}).
 * Pure.
 */
public final class RangeProfiles implements Serializable {

  private static final EnvFactor[] FACTORS = EnvFactor.values();

  private final Map<String, WattwardConfig.Range[]> byRoomType = new HashMap<>();

  public RangeProfiles(Map<String, Map<String, WattwardConfig.Range>> profiles) {
    profiles.forEach((roomType, ranges) -> {
      WattwardConfig.Range[] r = new WattwardConfig.Range[FACTORS.length];
      ranges.forEach((field, range) -> r[EnvFactor.byField(field).ordinal()] = range);
      byRoomType.put(roomType, r);
    });
  }

  public boolean knows(String roomType) {
    return byRoomType.containsKey(roomType);
  }

  /**
   * The factors whose value is outside the room type's range, one bit per {@link EnvFactor#ordinal()}.
   * A factor not reported (NaN), without a range, or of a room type without a profile is never out.
   */
  public int outOfRange(String roomType, double[] values) {
    WattwardConfig.Range[] ranges = byRoomType.get(roomType);
    if (ranges == null) {
      return 0;
    }
    int mask = 0;
    for (int i = 0; i < FACTORS.length; i++) {
      if (ranges[i] != null && !Double.isNaN(values[i]) && !ranges[i].contains(values[i])) {
        mask |= 1 << i;
      }
    }
    return mask;
  }
}
