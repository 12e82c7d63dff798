package io.wattward.hierarchy;


import io.wattward.schema.EnergyType;
import io.wattward.schema.ItemizedPath;
import io.wattward.schema.MeterRegistration;
import io.wattward.schema.SpatialPath;
import io.wattward.schema.ValueKind;
import io.wattward.topology.NodeLevel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeterTopologyTest {

  static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
  static final Instant NOON = Instant.parse("2026-11-19T04:00:00Z");

  static MeterRegistration meter(String id, String floor, String dept, String room, Instant from) {
    return MeterRegistration.newBuilder().setMeterId(id).setPointKind("equipment")
        .setEnergyType(EnergyType.ELECTRICITY).setCategoryCode("01000").setSubItemCode("01D00")
        .setSpatial(new SpatialPath("PPH", "MAIN", "IP2", floor, dept, room))
        .setItemized(new ItemizedPath("special", "medical-equipment", id))
        .setValueKind(ValueKind.REGISTER).setUnit("kWh").setMultiplier(1.0).setEffectiveFrom(from).build();
  }

  private static List<String> ids(List<Node> nodes) {
    return nodes.stream().map(n -> n.level().code + " " + n.id()).toList();
  }

  @Test
  void accountingMeterRollsUpBothHierarchies() {
    assertThat(ids(MeterTopology.nodesOf(meter("CT-1", "F02", "RADIOLOGY", "IP2-F02-R201", T0)))).containsExactly(
        "hospital PPH", "campus PPH/MAIN", "building PPH/MAIN/IP2", "floor PPH/MAIN/IP2/F02",
        "room PPH/MAIN/IP2/F02/IP2-F02-R201", "department PPH/MAIN/RADIOLOGY",
        "system PPH/MAIN/IP2/special", "subsystem PPH/MAIN/IP2/special/medical-equipment",
        "device PPH/MAIN/IP2/special/medical-equipment/CT-1");
  }

  @Test
  void mainMeterRollsUpNowhere() {
    MeterRegistration main = MeterRegistration.newBuilder(meter("TR-1", null, null, null, T0)).setAccounting(false).build();
    assertThat(MeterTopology.nodesOf(main)).isEmpty();
  }

  @Test
  void roomMovedAtNoonBelongsToTheNewDepartmentFromNoonOn() {
    MeterTopology t = MeterTopology.of(List.of(
        meter("SPECT", "F02", "NUCLEAR-MED", "IP2-F02-R231", T0),
        meter("SPECT", "F02", "RADIOLOGY", "IP2-F02-R231", NOON)));

    assertThat(t.at("SPECT", NOON.toEpochMilli() - 1).getSpatial().getDepartment()).isEqualTo("NUCLEAR-MED");
    assertThat(t.at("SPECT", NOON.toEpochMilli()).getSpatial().getDepartment()).isEqualTo("RADIOLOGY");
    assertThat(t.at("SPECT", T0.toEpochMilli() - 1)).isNull();
  }

  @Test
  void expectedMetersFollowTheMove() {
    MeterTopology t = MeterTopology.of(List.of(
        meter("CT-1", "F02", "RADIOLOGY", null, T0),
        meter("SPECT", "F02", "NUCLEAR-MED", null, T0),
        meter("SPECT", "F02", "RADIOLOGY", null, NOON)));
    Node radiology = new Node(NodeLevel.DEPARTMENT, "PPH/MAIN/RADIOLOGY", "IP2");
    Node floor = new Node(NodeLevel.FLOOR, "PPH/MAIN/IP2/F02", "IP2");

    assertThat(t.expectedMeters(radiology, "ELECTRICITY", "01D00", NOON.toEpochMilli() - 60_000)).isEqualTo(1);
    assertThat(t.expectedMeters(radiology, "ELECTRICITY", "01D00", NOON.toEpochMilli())).isEqualTo(2);
    assertThat(t.expectedMeters(floor, "ELECTRICITY", "01D00", NOON.toEpochMilli())).isEqualTo(2);
    assertThat(t.expectedMeters(floor, "ELECTRICITY", "01A00", NOON.toEpochMilli())).isZero();
  }

  @Test
  void virtualMeterUsesItsTermsWithTheirCoefficients() {
    MeterRegistration net = MeterRegistration.newBuilder(meter("IP2-F02-NET", "F02", null, null, T0))
        .setFormula("IP2-F02-PW - 0.5 * LIFT-1").build();
    MeterTopology t = MeterTopology.of(List.of(net));

    assertThat(t.virtualUses("LIFT-1", NOON.toEpochMilli())).singleElement()
        .satisfies(u -> assertThat(u.coefficient()).isEqualTo(-0.5));
    assertThat(t.virtualUses("IP2-F02-PW", NOON.toEpochMilli())).singleElement()
        .satisfies(u -> assertThat(u.coefficient()).isEqualTo(1.0));
    assertThat(MeterTopology.nodesOf(net)).isEmpty();
    assertThat(t.expectedMeters(MeterTopology.virtualNode(net), "ELECTRICITY", "01D00", NOON.toEpochMilli())).isEqualTo(2);
  }

  @Test
  void formulaParsing() {
    assertThat(Formula.parse("A-1 - B-2 + 0.25 * C").terms()).containsExactly(
        new Formula.Term(1, "A-1"), new Formula.Term(-1, "B-2"), new Formula.Term(0.25, "C"));
    assertThatThrownBy(() -> Formula.parse("A -")).hasMessageContaining("ends with an operator");
    assertThatThrownBy(() -> Formula.parse("A B")).hasMessageContaining("expected + or -");
    assertThatThrownBy(() -> Formula.parse("x * A")).hasMessageContaining("'x' is not a number");
  }
}
