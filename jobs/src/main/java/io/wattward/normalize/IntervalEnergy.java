package io.wattward.normalize;

import io.wattward.normalize.CounterNormalizer.Step;
import io.wattward.schema.ValueKind;

/**
 * Consumption between two successive readings of one meter, whatever kind of value it reports,
 * in milli-units of the consumed quantity, multiplier applied.
 */
public final class IntervalEnergy {

  private static final double MS_PER_HOUR = 3_600_000.0;

  private IntervalEnergy() {}

  /**
   * @param kind how the meter's value relates to consumption
   * @param previousMilli the earlier reading's value in milli-units
   * @param currentMilli the later reading's value in milli-units
   * @param intervalMs time between the two readings
   * @param capacityMilli register capacity, 0 if unknown (REGISTER only)
   * @param multiplier CT ratio or pulse weight
   */
  public static Step between(ValueKind kind, long previousMilli, long currentMilli, long intervalMs,
      long capacityMilli, double multiplier) {
    Step raw = switch (kind) {
      case REGISTER -> CounterNormalizer.step(previousMilli, currentMilli, capacityMilli);
      case INTERVAL -> new Step(currentMilli, CounterNormalizer.Outcome.ADVANCE);
      // trapezoid of the two demand readings over the interval: kW x h = kWh
      case POWER -> new Step(Math.round((previousMilli + currentMilli) / 2.0 * intervalMs / MS_PER_HOUR),
          CounterNormalizer.Outcome.ADVANCE);
    };
    return multiplier == 1.0 ? raw
        : new Step(Math.round(raw.consumptionMilli() * multiplier), raw.outcome());
  }

  /** The unit of the consumed quantity for a meter reporting in {@code unit}. */
  public static String consumedUnit(ValueKind kind, String unit) {
    if (kind != ValueKind.POWER) {
      return unit;
    }
    return switch (unit) {
      case "kW" -> "kWh";
      case "W" -> "Wh";
      case "MW" -> "MWh";
      default -> unit.endsWith("/h") ? unit.substring(0, unit.length() - 2) : unit + "*h";
    };
  }
}
