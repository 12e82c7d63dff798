package io.wattward.cockpit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CockpitQueriesTest {

  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private final CockpitQueries sql = new CockpitQueries(SHANGHAI);
  // 2026-03-31 10:00 in Shanghai
  private static final Instant AS_OF = Instant.parse("2026-03-31T02:00:00Z");

  @Test
  void periodsAreLocalAndComparedWithTheSameSpanBefore() {
    List<CockpitQueries.Period> p = sql.periods(AS_OF);
    assertThat(p).extracting(CockpitQueries.Period::key).containsExactly("today", "month", "year");
    CockpitQueries.Period today = p.get(0);
    assertThat(today.from()).isEqualTo(Instant.parse("2026-03-30T16:00:00Z")); // local midnight
    assertThat(today.to()).isEqualTo(AS_OF);
    assertThat(today.beforeFrom()).isEqualTo(Instant.parse("2026-03-29T16:00:00Z"));
    assertThat(today.beforeTo()).isEqualTo(Instant.parse("2026-03-30T02:00:00Z"));
    CockpitQueries.Period month = p.get(1);
    assertThat(month.from()).isEqualTo(Instant.parse("2026-02-28T16:00:00Z")); // 1 March local
    // February has no 31st: the span before ends on its last day, at the same hour
    assertThat(month.beforeFrom()).isEqualTo(Instant.parse("2026-01-31T16:00:00Z"));
    assertThat(month.beforeTo()).isEqualTo(Instant.parse("2026-02-28T02:00:00Z"));
    CockpitQueries.Period year = p.get(2);
    assertThat(year.from()).isEqualTo(Instant.parse("2025-12-31T16:00:00Z"));
    assertThat(year.beforeFrom()).isEqualTo(Instant.parse("2024-12-31T16:00:00Z"));
    assertThat(year.beforeTo()).isEqualTo(Instant.parse("2025-03-31T02:00:00Z"));
  }

  @Test
  void dataEndingAtMidnightShowsThatDayAsToday() {
    Instant midnight = Instant.parse("2026-11-19T16:00:00Z"); // 2026-11-20 00:00 in Shanghai
    CockpitQueries.Period today = sql.periods(midnight).get(0);
    assertThat(today.from()).isEqualTo(Instant.parse("2026-11-18T16:00:00Z"));
    assertThat(today.to()).isEqualTo(midnight);
    assertThat(today.beforeFrom()).isEqualTo(Instant.parse("2026-11-17T16:00:00Z"));
    assertThat(today.beforeTo()).isEqualTo(Instant.parse("2026-11-18T16:00:00Z"));
    // and the 1st of a month at 00:00 is still the month before
    CockpitQueries.Period month = sql.periods(Instant.parse("2026-11-30T16:00:00Z")).get(1);
    assertThat(month.from()).isEqualTo(Instant.parse("2026-10-31T16:00:00Z"));
  }

  @Test
  void theTrendReadsTheTableOfItsResolution() {
    assertThat(sql.trend("PPH/MAIN/IP2", "ELECTRICITY", CockpitQueries.Resolution.of("1m"), AS_OF))
        .contains("FROM node_energy_1m FINAL").contains("window_start >= toDateTime(" + (AS_OF.getEpochSecond() - 6 * 3600) + ")");
    assertThat(sql.trend("PPH/MAIN/IP2", "water", CockpitQueries.Resolution.of("1h"), AS_OF))
        .contains("FROM node_energy_1h FINAL").contains("energy_type = 'WATER'");
    assertThat(sql.trend("PPH/MAIN/IP2", "STEAM", CockpitQueries.Resolution.of("1d"), AS_OF))
        .contains("FROM node_energy_1d FINAL");
    assertThatThrownBy(() -> CockpitQueries.Resolution.of("15s")).hasMessageContaining("1m, 1h or 1d");
  }

  @Test
  void userInputNeverLeavesItsLiteral() {
    String evil = "PPH' OR 1=1 --";
    assertThat(sql.trend(evil, "ELECTRICITY", CockpitQueries.Resolution.HOUR, AS_OF)).contains("node_id = 'PPH\\' OR 1=1 --'");
    assertThatThrownBy(() -> CockpitQueries.energyType("ELECTRICITY' --")).hasMessageContaining("unknown energy type");
    // a prefix match escapes LIKE's wildcards
    assertThat(sql.children("floor", "PPH/MAIN/IP_2")).contains("LIKE 'PPH/MAIN/IP\\\\_2/%'");
  }

  @Test
  void theHeatMapCoversWholeLocalDaysAndGroupsByLocalHour() {
    String q = sql.heatmap("PPH/MAIN/IP2", "ELECTRICITY", AS_OF, 14);
    // 14 local days ending today: from local midnight 13 days before
    assertThat(q).contains("window_start >= toDateTime(" + Instant.parse("2026-03-17T16:00:00Z").getEpochSecond() + ")")
        .contains("toHour(toTimeZone(window_start, 'Asia/Shanghai'))").contains("FROM node_energy_1h FINAL");
  }

  @Test
  void childrenFollowTheHierarchyOfEachLevel() {
    assertThat(sql.children("hospital", "PPH")).contains("node_level = 'building'");
    assertThat(sql.children("building", "PPH/MAIN/IP2")).contains("FROM meter_registry FINAL")
        .contains("concat(hospital, '/', campus, '/', building) = 'PPH/MAIN/IP2'");
    assertThat(sql.children("department", "PPH/MAIN/CARDIOLOGY")).contains("'room' AS node_level");
  }

  @Test
  void openAnomaliesAreNewestFirstAndTheHospitalSeesAll() {
    assertThat(sql.openAnomalies("hospital", "PPH", 100)).doesNotContain("node_id =")
        .contains("status != 'RESOLVED'").contains("ORDER BY started_at DESC");
    assertThat(sql.openAnomalies("building", "PPH/MAIN/IP2", 100)).contains("building = 'PPH/MAIN/IP2'");
  }
}
