package io.wattward.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyAccumulatorTest {

  private static final long M = 60_000;

  private static NodeContribution node() {
    NodeContribution n = new NodeContribution();
    n.hierarchy = "spatial";
    n.level = "building";
    n.nodeId = "PPH/MAIN/IP2";
    n.building = "IP2";
    n.energyType = "ELECTRICITY";
    n.subItem = "01A00";
    n.unit = "kWh";
    return n;
  }

  private static EnergyAccumulator quarter(long wh) {
    EnergyAccumulator q = new EnergyAccumulator();
    q.add(new EnergyDelta(wh, 1, 1, 0), WindowSize.QUARTER_HOUR);
    return q;
  }

  @Test
  void differencesAddUpAndTheExpectedMetersAreTheMostSeen() {
    EnergyAccumulator w = new EnergyAccumulator();
    w.add(new EnergyDelta(1_000, 1, 2, 1.0), WindowSize.HOUR);
    w.add(new EnergyDelta(3_000, 1, 3, 3.0), WindowSize.HOUR);
    w.add(new EnergyDelta(-500, 0, 2, -0.5), WindowSize.HOUR); // a correction: the minute held 0.5 kWh less

    assertThat(w.consumptionMilli).isEqualTo(3_500);
    assertThat(w.meterMinutes).isEqualTo(2);
    assertThat(w.metersExpected).isEqualTo(3);
    assertThat(w.cost).isEqualTo(3.5);
  }

  @Test
  void costOfADifferenceIsItsEnergyAtTheMinutesPrice() {
    NodeContribution c = node();
    c.deltaMilli = 2_000;
    c.deltaMeterMinutes = 1;
    c.metersExpected = 2;

    assertThat(EnergyDelta.of(c, 1.25)).isEqualTo(new EnergyDelta(2_000, 1, 2, 2.5));
  }

  @Test
  void coverageIsReportedMeterMinutesOverExpectedMetersTimesMinutes() {
    EnergyAccumulator w = new EnergyAccumulator();
    w.add(new EnergyDelta(0, 3, 2, 0), WindowSize.HOUR);

    assertThat(w.coveragePct(60)).isCloseTo(2.5, within(1e-9)); // 3 of 2 x 60
    assertThat(new EnergyAccumulator().coveragePct(60)).isZero();
  }

  @Test
  void peakDemandIsTheBusiestQuarterTimesFour() {
    assertThat(EnergyAccumulator.peakDemandKw(List.of(quarter(1_000), quarter(3_000), quarter(2_000))))
        .isEqualTo(12.0);
    assertThat(EnergyAccumulator.peakDemandKw(List.of())).isZero();
  }

  @Test
  void rowCarriesTheNodeTheSumsAndTheDerivedFigures() {
    EnergyAccumulator w = new EnergyAccumulator();
    w.add(new EnergyDelta(6_000, 3, 2, 6.74586), WindowSize.HOUR);

    NodeAggregate a = w.toAggregate(node(), WindowSize.HOUR, 0, 60 * M, 2, 12.0, 0.1229, 0.5703);

    assertThat(a.nodeId).isEqualTo("PPH/MAIN/IP2");
    assertThat(a.size).isEqualTo(WindowSize.HOUR);
    assertThat(a.consumptionMilli).isEqualTo(6_000);
    assertThat(a.coveragePct).isCloseTo(2.5, within(1e-9));
    assertThat(a.cost).isEqualTo(6.7459); // rounded to four places
    assertThat(a.tceKg).isCloseTo(6 * 0.1229, within(1e-9));
    assertThat(a.co2Kg).isCloseTo(6 * 0.5703, within(1e-9));
    assertThat(a.peakDemandKw).isEqualTo(12.0);
    assertThat(a.version).isEqualTo(2);
  }
}
