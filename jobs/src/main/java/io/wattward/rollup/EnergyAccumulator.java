package io.wattward.rollup;

import java.util.List;

/**
 * Running sums of one node's energy window while it can still change, and the figures derived from
 * them when it is written (coverage, peak demand, tce, CO2, cost). A Flink POJO kept in keyed state.
 */
public class EnergyAccumulator implements WindowAccumulator<EnergyDelta, EnergyAccumulator> {
  public long consumptionMilli;
  public int meterMinutes;
  public int metersExpected;
  public double cost;
  public long version;

  public EnergyAccumulator() {}

  @Override
  public void add(EnergyDelta d, WindowSize size) {
    consumptionMilli += d.deltaMilli();
    meterMinutes += d.deltaMeterMinutes();
    metersExpected = Math.max(metersExpected, d.metersExpected());
    cost += d.cost();
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public void version(long version) {
    this.version = version;
  }

  /** Reported meter-minutes as a share of the expected ones (every meter, every minute), in percent. */
  public double coveragePct(long minutes) {
    return metersExpected == 0 ? 0 : 100.0 * meterMinutes / (metersExpected * (double) minutes);
  }

  /** Highest quarter-hour average demand among {@code quarters}: a quarter's kWh times four. */
  public static double peakDemandKw(List<EnergyAccumulator> quarters) {
    long peakMilli = 0;
    for (EnergyAccumulator q : quarters) {
      peakMilli = Math.max(peakMilli, q.consumptionMilli);
    }
    return peakMilli * 4 / 1000.0;
  }

  /**
   * The row of this window of {@code node}.
   *
   * @param peakDemandKw the window's peak demand (0 where it is not reported)
   * @param tceKgPerUnit, co2KgPerUnit conversion of the node's unit of energy
   */
  public NodeAggregate toAggregate(NodeContribution node, WindowSize size, long startMs, long endMs, long version,
      double peakDemandKw, double tceKgPerUnit, double co2KgPerUnit) {
    NodeAggregate a = new NodeAggregate();
    a.size = size;
    a.hierarchy = node.hierarchy;
    a.level = node.level;
    a.nodeId = node.nodeId;
    a.building = node.building;
    a.energyType = node.energyType;
    a.subItem = node.subItem;
    a.unit = node.unit;
    a.windowStartMs = startMs;
    a.consumptionMilli = consumptionMilli;
    a.metersExpected = metersExpected;
    a.meterMinutes = meterMinutes;
    a.coveragePct = coveragePct((endMs - startMs) / 60_000L);
    double units = consumptionMilli / 1000.0;
    a.tceKg = units * tceKgPerUnit;
    a.co2Kg = units * co2KgPerUnit;
    a.cost = Math.round(cost * 10_000) / 10_000.0;
    a.peakDemandKw = peakDemandKw;
    a.version = version;
    return a;
  }
}
