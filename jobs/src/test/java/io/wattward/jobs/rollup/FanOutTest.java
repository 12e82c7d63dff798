package io.wattward.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.jobs.common.TopologyState;
import io.wattward.normalize.MeterMinute;
import io.wattward.rollup.NodeContribution;
import io.wattward.schema.EnergyType;
import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.SpatialPath;
import io.wattward.schema.ValueKind;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A meter-minute to every node above its meter in both hierarchies and to the virtual meters that use it:
 * two lighting meters A and B in room R101 of floor F01 (department CARDIOLOGY), and a virtual meter
 * NET = A - 0.5 x B.
 */
class FanOutTest {

  private static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
  private static final long T0 = Instant.parse("2026-11-20T02:00:00Z").toEpochMilli();

  private BroadcastOperatorTestHarness<MeterMinute, MeterRegistration, NodeContribution> harness;

  private static MeterRegistration meter(String id, String formula) {
    return MeterRegistration.newBuilder().setMeterId(id).setPointKind(formula == null ? "room" : "virtual")
        .setEnergyType(EnergyType.ELECTRICITY).setCategoryCode("01000").setSubItemCode("01A00")
        .setSpatial(new SpatialPath("PPH", "MAIN", "IP1", "F01", "CARDIOLOGY", "R101"))
        .setItemized(new ItemizedPath("lighting-sockets", null, null))
        .setValueKind(ValueKind.REGISTER).setUnit("kWh").setMultiplier(1.0).setRegisterCapacity(1e8)
        .setFormula(formula).setEffectiveFrom(FROM).build();
  }

  private static MeterMinute minute(String meter, long milli, long previousMilli, long version) {
    MeterMinute m = new MeterMinute();
    m.meterId = meter;
    m.minuteStartMs = T0;
    m.consumptionMilli = milli;
    m.previousConsumptionMilli = previousMilli;
    m.previousCounted = version > 1;
    m.unit = "kWh";
    m.energyType = "ELECTRICITY";
    m.readings = 1;
    m.version = version;
    return m;
  }

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
        new FanOut(List.of(meter("A", null), meter("B", null), meter("NET", "A - 0.5 * B"))),
        TopologyState.DESCRIPTOR);
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private List<String> out() {
    return harness.extractOutputValues().stream()
        .map(c -> c.key + " " + c.deltaMilli + " " + c.deltaMeterMinutes + "/" + c.metersExpected).toList();
  }

  @Test
  void aMinuteGoesToEveryNodeAboveItsMeterAndToTheVirtualMeterWithItsCoefficient() throws Exception {
    harness.processElement(minute("B", 100, 0, 1), T0);
    // six spatial nodes and the lighting system, each expecting both meters; NET takes -0.5 x 100
    assertThat(out()).containsExactlyInAnyOrder(
        "hospital|PPH|ELECTRICITY|01A00 100 1/2",
        "campus|PPH/MAIN|ELECTRICITY|01A00 100 1/2",
        "building|PPH/MAIN/IP1|ELECTRICITY|01A00 100 1/2",
        "floor|PPH/MAIN/IP1/F01|ELECTRICITY|01A00 100 1/2",
        "room|PPH/MAIN/IP1/F01/R101|ELECTRICITY|01A00 100 1/2",
        "department|PPH/MAIN/CARDIOLOGY|ELECTRICITY|01A00 100 1/2",
        "system|PPH/MAIN/IP1/lighting-sockets|ELECTRICITY|01A00 100 1/2",
        "virtual|virtual/NET|ELECTRICITY|01A00 -50 1/2");
  }

  @Test
  void aCorrectionCarriesOnlyTheChangeAndAnUnchangedOneNothing() throws Exception {
    harness.processElement(minute("A", 250, 250, 2), T0); // rewritten, same consumption: nothing to add
    assertThat(out()).isEmpty();
    harness.processElement(minute("A", 300, 250, 2), T0); // +50 on every node, no new meter-minute
    assertThat(out()).hasSize(8).allMatch(line -> line.endsWith(" 50 0/2"));
  }

  @Test
  void aMeterNotInTheRegistryGoesNowhereUntilItIsBroadcast() throws Exception {
    harness.processElement(minute("C", 70, 0, 1), T0);
    assertThat(out()).isEmpty();
    MeterRegistration c = MeterRegistration.newBuilder(meter("C", null))
        .setSpatial(new SpatialPath("PPH", "MAIN", "IP1", "F02", null, null))
        .setItemized(new ItemizedPath(null, null, null)).build();
    harness.processBroadcastElement(c, T0);
    harness.processElement(minute("C", 70, 0, 1), T0);
    // its own floor only expects it; the building and above expect A, B and C
    assertThat(out()).contains("floor|PPH/MAIN/IP1/F02|ELECTRICITY|01A00 70 1/1",
        "building|PPH/MAIN/IP1|ELECTRICITY|01A00 70 1/3").hasSize(4);
  }
}
