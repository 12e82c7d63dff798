package io.wattward.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.schema.ValueKind;
import org.junit.jupiter.api.Test;

class IntervalEnergyTest {

  @Test
  void registerDeltaTimesMultiplier() {
    // CT ratio 40: 0.025 kWh on the register is 1.000 kWh through the transformer
    assertThat(IntervalEnergy.between(ValueKind.REGISTER, 1_000, 1_025, 60_000, 0, 40).consumptionMilli())
        .isEqualTo(1_000);
  }

  @Test
  void intervalValueIsTheConsumption() {
    assertThat(IntervalEnergy.between(ValueKind.INTERVAL, 7_000, 2_500, 60_000, 0, 1).consumptionMilli())
        .isEqualTo(2_500);
  }

  @Test
  void powerIsIntegratedAsTrapezoid() {
    // 60 kW then 120 kW over 15 minutes: average 90 kW x 0.25 h = 22.5 kWh
    assertThat(IntervalEnergy.between(ValueKind.POWER, 60_000, 120_000, 900_000, 0, 1).consumptionMilli())
        .isEqualTo(22_500);
  }

  @Test
  void consumedUnitOfDemandMeters() {
    assertThat(IntervalEnergy.consumedUnit(ValueKind.POWER, "kW")).isEqualTo("kWh");
    assertThat(IntervalEnergy.consumedUnit(ValueKind.POWER, "m3/h")).isEqualTo("m3");
    assertThat(IntervalEnergy.consumedUnit(ValueKind.REGISTER, "m3")).isEqualTo("m3");
  }
}
