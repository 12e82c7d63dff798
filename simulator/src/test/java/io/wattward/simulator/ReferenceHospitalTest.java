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

  @Test
  void businessVolumeHasVisitsAndBedDaysPerDepartmentAndCampusAndWeekendsAreQuiet() {
    var volume = new ReferenceHospital(42).businessVolume(java.time.LocalDate.of(2026, 11, 23),
        java.time.LocalDate.of(2026, 11, 30), 42); // Monday to Sunday
    Map<String, List<ReferenceHospital.Volume>> byNode = volume.stream()
        .collect(Collectors.groupingBy(ReferenceHospital.Volume::nodeId));
    assertThat(byNode.get("PPH/MAIN/CARDIOLOGY")).hasSize(7).allSatisfy(v -> {
      assertThat(v.inpatientBedDays()).isBetween(0.85 * 60 - 1, 60.0); // 60 beds
      assertThat(v.outpatientVisits()).isPositive();
    });
    assertThat(byNode.get("PPH/MAIN/PHARMACY")).isNull(); // neither clinic nor ward
    assertThat(byNode.get("PPH/MAIN/RADIOLOGY")).isNull();
    for (int d = 0; d < 7; d++) {
      java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 23).plusDays(d);
      double departments = volume.stream().filter(v -> v.day().equals(day) && !v.nodeId().equals("PPH/MAIN")
          && !Double.isNaN(v.outpatientVisits())).mapToDouble(ReferenceHospital.Volume::outpatientVisits).sum();
      double campus = byNode.get("PPH/MAIN").get(d).outpatientVisits();
      // the campus's visits are the departments' plus about 2,500 (a quarter at weekends) elsewhere
      assertThat(campus - departments).isBetween(d < 5 ? 2_250.0 : 560.0, d < 5 ? 2_750.0 : 690.0);
    }
    assertThat(byNode.get("PPH/MAIN/OUTPATIENT-MED").get(5).outpatientVisits())
        .isLessThan(byNode.get("PPH/MAIN/OUTPATIENT-MED").get(4).outpatientVisits() / 2);
    assertThat(new ReferenceHospital(42).businessVolume(java.time.LocalDate.of(2026, 11, 23),
        java.time.LocalDate.of(2026, 11, 30), 42)).isEqualTo(volume);
  }
}
