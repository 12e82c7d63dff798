package io.wattward.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.schema.EnergyType;
import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterReading;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.QualityFlag;
import io.wattward.schema.SpatialPath;
import io.wattward.schema.ValueKind;
import io.wattward.hierarchy.MeterTopology;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingValidatorTest {

  static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

  private final MeterTopology topology = MeterTopology.of(List.of(
      registration("EL-1", ValueKind.REGISTER, "kWh", 100_000.0),
      MeterRegistration.newBuilder(registration("HEAT-1", ValueKind.REGISTER, "kWh", null)).setEnergyType(EnergyType.CENTRAL_HEATING)
          .setMultiplier(2.0).build(),
      MeterRegistration.newBuilder(registration("VIRT-1", ValueKind.REGISTER, "kWh", null)).setFormula("EL-1 - HEAT-1").build()));
  private final ReadingValidator validator = new ReadingValidator(3_600_000);

  static MeterRegistration registration(String id, ValueKind kind, String unit, Double capacity) {
    return MeterRegistration.newBuilder().setMeterId(id).setPointKind("floor")
        .setEnergyType(EnergyType.ELECTRICITY).setCategoryCode("01000")
        .setSpatial(new SpatialPath("H", "C", "B", null, null, null)).setItemized(new ItemizedPath(null, null, null))
        .setValueKind(kind).setUnit(unit).setMultiplier(1.0).setRegisterCapacity(capacity)
        .setEffectiveFrom(Instant.parse("2020-01-01T00:00:00Z")).build();
  }

  static MeterReading reading(String id, Instant t, double value) {
    return new MeterReading(id, t, value, ValueKind.REGISTER, "kWh", QualityFlag.GOOD);
  }

  private RejectReason reasonFor(MeterReading r) {
    ReadingValidator.Result result = validator.validate(r, topology, NOW.toEpochMilli());
    return result.rejection() == null ? null : result.rejection().reason();
  }

  @Test
  void goodReadingBecomesSampleInMilliUnits() {
    ReadingValidator.Result result = validator.validate(reading("EL-1", NOW, 1234.567), topology, NOW.toEpochMilli());

    assertThat(result.rejection()).isNull();
    assertThat(result.sample().valueMilli).isEqualTo(1_234_567);
    assertThat(result.sample().registerCapacityMilli).isEqualTo(100_000_000);
    assertThat(result.sample().unit).isEqualTo("kWh");
    assertThat(result.sample().energyType).isEqualTo("ELECTRICITY");
    assertThat(result.sample().factor).isEqualTo(1.0);
  }

  @Test
  void heatMeterInKwhIsConvertedToGigajoulesWithItsMultiplier() {
    ReadingValidator.Result result = validator.validate(reading("HEAT-1", NOW, 10), topology, NOW.toEpochMilli());

    // 1 kWh = 0.0036 GJ, times the multiplier 2
    assertThat(result.sample().unit).isEqualTo("GJ");
    assertThat(result.sample().factor).isCloseTo(0.0072, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void readingBeforeTheMeterWasRegisteredIsUnknownThen() {
    ReadingValidator.Result result = validator.validate(reading("EL-1", Instant.parse("2019-06-01T00:00:00Z"), 1),
        topology, NOW.toEpochMilli());

    assertThat(result.rejection().reason()).isEqualTo(RejectReason.UNKNOWN_METER);
    assertThat(result.rejection().detail()).contains("at 2019-06-01T00:00:00Z");
  }

  @Test
  void virtualMeterHasNoReadings() {
    assertThat(reasonFor(reading("VIRT-1", NOW, 1))).isEqualTo(RejectReason.KIND_MISMATCH);
  }

  @Test
  void eachProblemHasItsReason() {
    assertThat(reasonFor(reading("NOPE", NOW, 1))).isEqualTo(RejectReason.UNKNOWN_METER);
    assertThat(reasonFor(reading("EL-1", NOW, Double.NaN))).isEqualTo(RejectReason.NOT_FINITE);
    assertThat(reasonFor(reading("EL-1", NOW, Double.POSITIVE_INFINITY))).isEqualTo(RejectReason.NOT_FINITE);
    assertThat(reasonFor(reading("EL-1", NOW, -0.5))).isEqualTo(RejectReason.NEGATIVE);
    assertThat(reasonFor(reading("EL-1", NOW.plusSeconds(3601), 1))).isEqualTo(RejectReason.FAR_FUTURE);
    assertThat(reasonFor(reading("EL-1", NOW.plusSeconds(3600), 1))).isNull();
    assertThat(reasonFor(reading("EL-1", Instant.parse("1970-01-01T00:00:00Z"), 1)))
        .isEqualTo(RejectReason.TIME_OUT_OF_RANGE);
    assertThat(reasonFor(new MeterReading("EL-1", NOW, 1.0, ValueKind.POWER, "kWh", QualityFlag.GOOD)))
        .isEqualTo(RejectReason.KIND_MISMATCH);
    assertThat(reasonFor(new MeterReading("EL-1", NOW, 1.0, ValueKind.REGISTER, "MWh", QualityFlag.GOOD)))
        .isEqualTo(RejectReason.UNIT_MISMATCH);
    assertThat(reasonFor(new MeterReading("EL-1", NOW, 1.0, ValueKind.REGISTER, "kWh", QualityFlag.BAD)))
        .isEqualTo(RejectReason.BAD_QUALITY);
  }
}
