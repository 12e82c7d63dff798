package io.wattward.rollup;

/**
 * What one meter-minute changes in a node's energy windows: consumption and reported meter-minutes (as
 * differences, see {@link NodeContribution}), the node's expected meters, and the cost of the difference.
 */
public record EnergyDelta(long deltaMilli, int deltaMeterMinutes, int metersExpected, double cost) {

  /** @param pricePerUnit tariff price of one unit of the node's energy in the contribution's minute */
  public static EnergyDelta of(NodeContribution c, double pricePerUnit) {
    return new EnergyDelta(c.deltaMilli, c.deltaMeterMinutes, c.metersExpected, c.deltaMilli / 1000.0 * pricePerUnit);
  }
}
