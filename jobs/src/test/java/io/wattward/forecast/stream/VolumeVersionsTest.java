package io.wattward.forecast.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.forecast.stream.VolumeVersions.Version;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Moved from ForecastOperatorVolumeTest: the versions are a domain object now, no longer flat triples. */
class VolumeVersionsTest {

  private static VolumeDay volume(String node, long day, long publishedAt, double visits, double bedDays) {
    VolumeDay v = new VolumeDay();
    v.nodeId = node;
    v.epochDay = day;
    v.publishedAtMs = publishedAt;
    v.outpatientVisits = visits;
    v.inpatientBedDays = bedDays;
    v.source = "test";
    return v;
  }

  private static NodeHour hour(String node, String building) {
    NodeHour h = new NodeHour();
    h.nodeId = node;
    h.building = building;
    return h;
  }

  /** visits and bed-days of a known version, as the flat pair the operator used to return. */
  private static double[] known(Map<String, VolumeVersions> state, NodeHour h, long day, long asOf) {
    Version v = VolumeVersions.known(state::get, h, day, asOf);
    return v == null ? null : new double[] {v.outpatientVisits(), v.inpatientBedDays()};
  }

  @Test
  void theVersionPublishedLatestByTheIssueTimeCounts() {
    Map<String, VolumeVersions> state = new HashMap<>();
    // the actual published at 3000 arrives before the plan published at 1000
    state.put("H/C/OPD|10", VolumeVersions.with(null, volume("H/C/OPD", 10, 3000, 1250, 300)));
    state.put("H/C/OPD|10", VolumeVersions.with(state.get("H/C/OPD|10"), volume("H/C/OPD", 10, 1000, 1200, 310)));
    NodeHour opd = hour("H/C/OPD", "H/C/OPD");
    assertThat(known(state, opd, 10, 999)).isNull();
    assertThat(known(state, opd, 10, 1000)).containsExactly(1200, 310);
    assertThat(known(state, opd, 10, 2999)).containsExactly(1200, 310);
    assertThat(known(state, opd, 10, 3000)).containsExactly(1250, 300);
    assertThat(known(state, opd, 11, 5000)).isNull();
    // a republication with the same time replaces that version
    state.put("H/C/OPD|10", VolumeVersions.with(state.get("H/C/OPD|10"), volume("H/C/OPD", 10, 3000, 1260, 300)));
    assertThat(state.get("H/C/OPD|10").versions())
        .containsExactly(new Version(1000, 1200, 310), new Version(3000, 1260, 300));
  }

  @Test
  void onlyTheNewestFourVersionsAreKept() {
    VolumeVersions versions = null;
    for (int t = 1; t <= 6; t++) {
      versions = VolumeVersions.with(versions, volume("N", 1, t, t, Double.NaN));
    }
    assertThat(versions.versions()).hasSize(4);
    assertThat(versions.versions().get(0).publishedAtMs()).isEqualTo(3);
    assertThat(versions.versions().get(3).publishedAtMs()).isEqualTo(6);
  }

  @Test
  void aNodeWithoutItsOwnVolumeUsesItsBuildingsThenItsCampuss() {
    Map<String, VolumeVersions> state = new HashMap<>();
    state.put("H/C|10", VolumeVersions.with(null, volume("H/C", 10, 0, 5000, 900)));
    state.put("H/C/B2|10", VolumeVersions.with(null, volume("H/C/B2", 10, 0, 2000, Double.NaN)));
    state.put("H/C/B2/CARDIO|10", VolumeVersions.with(null, volume("H/C/B2/CARDIO", 10, 0, 150, 40)));
    assertThat(known(state, hour("H/C/B2/CARDIO", "H/C/B2"), 10, 0)).containsExactly(150, 40);
    assertThat(known(state, hour("H/C/B2/ICU", "H/C/B2"), 10, 0)).containsExactly(2000, Double.NaN);
    assertThat(known(state, hour("H/C/B5", "H/C/B5"), 10, 0)).containsExactly(5000, 900);
    assertThat(known(state, hour("H/D/B1", "H/D/B1"), 10, 0)).isNull();
  }

  @Test
  void versionsSurviveTheirStoredFormat() throws Exception {
    VolumeVersions v = VolumeVersions.with(VolumeVersions.with(null, volume("N", 1, 5, 10, Double.NaN)),
        volume("N", 1, 7, 12, 3));
    assertThat(RoundTrip.of(v::write, VolumeVersions::read)).isEqualTo(v);
  }
}
