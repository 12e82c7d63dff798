package io.wattward.jobs.forecast;

import io.wattward.forecast.stream.NodeHour;
import io.wattward.forecast.stream.VolumeDay;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastOperatorVolumeTest {

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

  @Test
  void theVersionPublishedLatestByTheIssueTimeCounts() throws Exception {
    Map<String, double[]> state = new HashMap<>();
    // the actual published at 3000 arrives before the plan published at 1000
    state.put("H/C/OPD|10", ForecastOperator.withVersion(null, volume("H/C/OPD", 10, 3000, 1250, 300)));
    state.put("H/C/OPD|10", ForecastOperator.withVersion(state.get("H/C/OPD|10"), volume("H/C/OPD", 10, 1000, 1200, 310)));
    NodeHour opd = hour("H/C/OPD", "H/C/OPD");
    assertThat(ForecastOperator.knownVolume(state::get, opd, 10, 999)).isNull();
    assertThat(ForecastOperator.knownVolume(state::get, opd, 10, 1000)).containsExactly(1200, 310);
    assertThat(ForecastOperator.knownVolume(state::get, opd, 10, 2999)).containsExactly(1200, 310);
    assertThat(ForecastOperator.knownVolume(state::get, opd, 10, 3000)).containsExactly(1250, 300);
    assertThat(ForecastOperator.knownVolume(state::get, opd, 11, 5000)).isNull();
    // a republication with the same time replaces that version
    state.put("H/C/OPD|10", ForecastOperator.withVersion(state.get("H/C/OPD|10"), volume("H/C/OPD", 10, 3000, 1260, 300)));
    assertThat(state.get("H/C/OPD|10")).containsExactly(1000, 1200, 310, 3000, 1260, 300);
  }

  @Test
  void onlyTheNewestFourVersionsAreKept() {
    double[] versions = null;
    for (int t = 1; t <= 6; t++) {
      versions = ForecastOperator.withVersion(versions, volume("N", 1, t, t, Double.NaN));
    }
    assertThat(versions).hasSize(12);
    assertThat(versions[0]).isEqualTo(3);
    assertThat(versions[9]).isEqualTo(6);
  }

  @Test
  void aNodeWithoutItsOwnVolumeUsesItsBuildingsThenItsCampuss() throws Exception {
    Map<String, double[]> state = new HashMap<>();
    state.put("H/C|10", ForecastOperator.withVersion(null, volume("H/C", 10, 0, 5000, 900)));
    state.put("H/C/B2|10", ForecastOperator.withVersion(null, volume("H/C/B2", 10, 0, 2000, Double.NaN)));
    state.put("H/C/B2/CARDIO|10", ForecastOperator.withVersion(null, volume("H/C/B2/CARDIO", 10, 0, 150, 40)));
    assertThat(ForecastOperator.knownVolume(state::get, hour("H/C/B2/CARDIO", "H/C/B2"), 10, 0))
        .containsExactly(150, 40);
    assertThat(ForecastOperator.knownVolume(state::get, hour("H/C/B2/ICU", "H/C/B2"), 10, 0))
        .containsExactly(2000, Double.NaN);
    assertThat(ForecastOperator.knownVolume(state::get, hour("H/C/B5", "H/C/B5"), 10, 0)).containsExactly(5000, 900);
    assertThat(ForecastOperator.knownVolume(state::get, hour("H/D/B1", "H/D/B1"), 10, 0)).isNull();
  }
}
