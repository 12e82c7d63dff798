package io.wattward.normalize;

import io.wattward.schema.EnergyType;

/**
 * The unit every consumption is reported in, per energy type (kWh, m3, t, GJ), and the factor from a
 * meter's consumed unit to it.
 */
public final class CanonicalUnits {

  /** @param factor multiply a consumption in the meter's unit by this to get the canonical unit */
  public record Conversion(String unit, double factor) {}

  private CanonicalUnits() {}

  /** The conversion, or null if the unit does not measure this energy type. */
  public static Conversion of(EnergyType type, String consumedUnit) {
    return switch (type) {
      case ELECTRICITY -> switch (consumedUnit) {
        case "kWh" -> new Conversion("kWh", 1);
        case "Wh" -> new Conversion("kWh", 0.001);
        case "MWh" -> new Conversion("kWh", 1000);
        default -> null;
      };
      case WATER, NATURAL_GAS -> switch (consumedUnit) {
        case "m3" -> new Conversion("m3", 1);
        case "L" -> new Conversion("m3", 0.001);
        default -> null;
      };
      case CENTRAL_HEATING, CENTRAL_COOLING -> switch (consumedUnit) {
        case "GJ" -> new Conversion("GJ", 1);
        case "MJ" -> new Conversion("GJ", 0.001);
        case "kWh" -> new Conversion("GJ", 0.0036);
        case "MWh" -> new Conversion("GJ", 3.6);
        default -> null;
      };
      case STEAM -> switch (consumedUnit) {
        case "t" -> new Conversion("t", 1);
        case "kg" -> new Conversion("t", 0.001);
        default -> null;
      };
      case OTHER -> new Conversion(consumedUnit, 1);
    };
  }
}
