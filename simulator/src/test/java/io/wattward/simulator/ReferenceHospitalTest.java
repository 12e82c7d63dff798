package io.wattward.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.schema.MeterRegistration;
import io.wattward.topology.TopologyCsv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceHospitalTest {

  private final ReferenceHospital hospital = new ReferenceHospital(7);

  @Test
  void hasThe399PointsOfPhaseOne() {
    Map<String, Long> byKind = hospital.meters().stream()
        .collect(Collectors.groupingBy(m -> m.registration().getPointKind(), Collectors.counting()));

    assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of(
        "transformer", 14L, "distribution-room", 52L, "floor", 187L, "water", 8L,
        "ac-heat", 5L, "steam", 5L, "chiller", 3L, "department", 72L, "equipment", 20L));
    assertThat(hospital.sensors()).hasSize(33);
    assertThat(hospital.meters().size() + hospital.sensors().size()).isEqualTo(399);
  }

  @Test
  void coversTheEightNamedBuildings() {
    assertThat(hospital.meters().stream().map(m -> m.registration().getSpatial().getBuilding()).distinct())
        .containsExactlyInAnyOrder("IP1", "IP2", "IP3", "IP5", "EC", "ADM", "LOG", "TT");
  }

  @Test
  void meterIdsAreUnique() {
    assertThat(hospital.meters().stream().map(SimulatedMeter::id).distinct().count())
        .isEqualTo(hospital.meters().size());
  }

  @Test
  void sameSeedSameHospital() {
    assertThat(new ReferenceHospital(7).registrations()).isEqualTo(hospital.registrations());
  }

  @Test
  void topologyCsvRoundTrips(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("topology.csv");
    TopologyCsv.write(csv, hospital.registrations());

    List<MeterRegistration> back = TopologyCsv.read(csv);

    assertThat(back).isEqualTo(hospital.registrations());
  }
}
