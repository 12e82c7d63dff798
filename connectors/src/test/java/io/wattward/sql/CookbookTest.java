package io.wattward.sql;

import static io.wattward.sql.CookbookCases.ADM;
import static io.wattward.sql.CookbookCases.CARDIOLOGY;
import static io.wattward.sql.CookbookCases.CH_1;
import static io.wattward.sql.CookbookCases.CH_2;
import static io.wattward.sql.CookbookCases.CT_1;
import static io.wattward.sql.CookbookCases.ICU;
import static io.wattward.sql.CookbookCases.IP1;
import static io.wattward.sql.CookbookCases.IP2;
import static io.wattward.sql.CookbookCases.NEUROLOGY;
import static io.wattward.sql.CookbookCases.OPERATING_ROOM;
import static io.wattward.sql.CookbookCases.RADIOLOGY;
import static io.wattward.sql.CookbookCases.WARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.SqlQueries;
import io.wattward.sql.CookbookCases.CookbookCase;
import io.wattward.testing.LocalInfra;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The analyst cookbook ({@code sql/queries}) against the real local ClickHouse: each query runs on a
 * fresh database holding a small fixture ({@link CookbookCases}) whose answer is computed by hand in the
 * comments. Times in the answers are hospital time (Asia/Shanghai).
 */
class CookbookTest {

  private final LocalInfra infra = LocalInfra.get();
  private ClickHouseEndpoint db;

  @BeforeEach
  void freshDatabase() {
    db = infra.newDatabase("cookbook");
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    try (Connection c = db.openServer(); Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + db.database());
    }
  }

  // ---------------------------------------------------------------- the cookbook as a whole

  @Test
  void everyQueryFileStatesItsQuestionAndParametersAndIsDocumented() throws IOException {
    Path queries = infra.projectRoot().resolve("sql/queries");
    List<String> files;
    try (Stream<Path> s = Files.list(queries)) {
      files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql"))
          .map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    }
    assertThat(files).as("a case in CookbookCases for every query file")
        .containsExactlyElementsOf(CookbookCases.all().stream().map(CookbookCase::query).toList());

    String readme = Files.readString(infra.projectRoot().resolve("sql/README.md"));
    for (String name : files) {
      SqlQueries.Query q = SqlQueries.load(name);
      String header = q.text().lines().takeWhile(l -> l.startsWith("--")).collect(Collectors.joining("\n"));
      assertThat(header).as(name + ": starts with a comment block stating its question").contains("?");
      for (String p : q.parameters()) {
        assertThat(header).as(name + " documents its parameter " + p).contains("{{" + p + "}}");
      }
      assertThat(q.statement()).as(name + ": one SELECT").startsWith("SELECT").doesNotContain(";");
      assertThat(readme).as("sql/README.md lists " + name).contains("`" + name + ".sql`");
    }
  }

  // ---------------------------------------------------------------- departments

  @Test
  void departmentElectricityPerBed() throws SQLException {
    Result r = run(CookbookCases.departmentElectricityPerBed());

    assertThat(r.columns()).containsExactly("department", "name", "beds", "electricity_kwh", "kwh_per_bed");
    assertThat(r.lines()).containsExactly(
        // neurology 900 kWh / 30 beds = 30; cardiology 1000 / 40 = 25; radiology has no beds
        NEUROLOGY + " | Neurology | 30 | 900 | 30",
        CARDIOLOGY + " | Cardiology | 40 | 1000 | 25");
  }

  @Test
  void departmentElectricityPerM2() throws SQLException {
    Result r = run(CookbookCases.departmentElectricityPerM2());

    assertThat(r.columns()).containsExactly("department", "name", "area_m2", "electricity_kwh", "kwh_per_m2");
    assertThat(r.lines()).containsExactly(
        RADIOLOGY + " | Radiology | 1000 | 5000 | 5",    // 5000 / 1000
        CARDIOLOGY + " | Cardiology | 500 | 1000 | 2",   // 1000 / 500
        NEUROLOGY + " | Neurology | 600 | 900 | 1.5");   // 900 / 600
  }

  @Test
  void departmentEnergyPerPatient() throws SQLException {
    Result r = run(CookbookCases.departmentEnergyPerPatient());

    assertThat(r.columns()).containsExactly("department", "energy_type", "unit", "energy", "outpatient_visits",
        "inpatient_bed_days", "per_visit", "per_bed_day");
    assertThat(r.lines()).containsExactly(
        // cardiology 1000 kWh / 250 visits = 4, / 40 bed-days = 25; neurology 900 / 60 = 15; radiology has no volume
        CARDIOLOGY + " | ELECTRICITY | kWh | 1000 | 250 | 40 | 4 | 25",
        NEUROLOGY + " | ELECTRICITY | kWh | 900 | 0 | 60 | null | 15",
        // water: 50 m3 / 250 = 0.2, / 40 = 1.25
        CARDIOLOGY + " | WATER | m3 | 50 | 250 | 40 | 0.2 | 1.25");
  }

  @Test
  void departmentNightBaseLoad() throws SQLException {
    Result r = run(CookbookCases.departmentNightBaseLoad());

    assertThat(r.columns()).containsExactly("department", "night_avg_kw", "day_avg_kw", "night_to_day_pct", "night_hours");
    assertThat(r.lines()).containsExactly(
        NEUROLOGY + " | 12 | 16 | 75 | 2",   // 12 / 16 = 75%: the lights stay on
        ICU + " | 8 | null | null | 1",
        CARDIOLOGY + " | 6 | 20 | 30 | 3");  // 6 / 20 = 30%
  }

  // ---------------------------------------------------------------- buildings

  @Test
  void buildingElectricityMonthOverMonth() throws SQLException {
    Result r = run(CookbookCases.buildingElectricityMonthOverMonth());

    assertThat(r.columns()).containsExactly(
        "building", "month", "electricity_kwh", "previous_month_kwh", "change_pct");
    assertThat(r.lines()).containsExactly(
        ADM + " | 2026-10-01 | 300 | 0 | null",       // no previous month
        IP1 + " | 2026-10-01 | 450 | 500 | -10",      // (450 - 500) / 500
        IP2 + " | 2026-10-01 | 1100 | 1000 | 10");    // (1100 - 1000) / 1000
  }

  @Test
  void buildingWaterYearOverYear() throws SQLException {
    Result r = run(CookbookCases.buildingWaterYearOverYear());

    assertThat(r.columns()).containsExactly("building", "month", "water_m3", "last_year_m3", "change_pct");
    assertThat(r.lines()).containsExactly(
        IP1 + " | 2026-10-01 | 80 | 100 | -20",    // (80 - 100) / 100
        IP2 + " | 2026-10-01 | 150 | 100 | 50");   // (150 - 100) / 100: a leak?
  }

  @Test
  void buildingElectricityPerPerson() throws SQLException {
    Result r = run(CookbookCases.buildingElectricityPerPerson());

    assertThat(r.columns()).containsExactly(
        "building", "name", "people", "electricity_kwh", "days", "days_with_data", "kwh_per_person_day");
    assertThat(r.lines()).containsExactly(
        IP2 + " | Inpatient 2 | 200 | 5600 | 7 | 2 | 4",   // 5600 / 200 / 7
        IP1 + " | Inpatient 1 | 100 | 2100 | 7 | 2 | 3");  // 2100 / 100 / 7
  }

  @Test
  void buildingPeakDemandDaily() throws SQLException {
    Result r = run(CookbookCases.buildingPeakDemandDaily());

    assertThat(r.columns()).containsExactly("building", "day", "peak_kw", "peak_at_local");
    assertThat(r.lines()).containsExactly(
        IP1 + " | 2026-10-01 | 20 | 2026-10-01 10:00:00",    // 5 * 4
        IP2 + " | 2026-10-01 | 100 | 2026-10-01 10:00:00",   // (10 + 15) * 4
        IP2 + " | 2026-10-02 | 120 | 2026-10-02 00:00:00");  // tie at 120 kW: the earlier
  }

  @Test
  void buildingMeterBalanceDaily() throws SQLException {
    Result r = run(CookbookCases.buildingMeterBalanceDaily());

    assertThat(r.columns()).containsExactly(
        "building", "day", "transformer_kwh", "accounting_kwh", "loss_kwh", "loss_pct");
    assertThat(r.lines()).containsExactly(
        IP1 + " | 2026-10-01 | 400 | 360 | 40 | 10",    // 40 / 400
        IP2 + " | 2026-10-01 | 1000 | 950 | 50 | 5");   // 1000 - (600 + 350) = 50, 50 / 1000
  }

  @Test
  void buildingDataCoverageDaily() throws SQLException {
    Result r = run(CookbookCases.buildingDataCoverageDaily());

    assertThat(r.columns()).containsExactly(
        "building", "day", "energy_type", "meters_expected", "meter_minutes", "coverage_pct");
    assertThat(r.lines()).containsExactly(
        IP1 + " | 2026-10-01 | ELECTRICITY | 4 | 5472 | 95",     // 5472 / (4 * 1440)
        IP1 + " | 2026-10-02 | ELECTRICITY | 4 | 5760 | 100",
        IP2 + " | 2026-10-01 | ELECTRICITY | 20 | 21600 | 75",   // (10 * 100 + 10 * 50) / 20
        IP2 + " | 2026-10-01 | WATER | 1 | 1440 | 100");
  }

  @Test
  void buildingsBelowCoverage() throws SQLException {
    Result r = run(CookbookCases.buildingsBelowCoverage());

    assertThat(r.columns()).containsExactly(
        "building", "day", "energy_type", "meters_expected", "meter_minutes", "coverage_pct");
    assertThat(r.lines()).containsExactly(
        IP2 + " | 2026-10-01 | ELECTRICITY | 20 | 21600 | 75",   // worst first
        IP1 + " | 2026-10-01 | ELECTRICITY | 4 | 5472 | 95");
  }

  @Test
  void buildingElectricityBySubItem() throws SQLException {
    Result r = run(CookbookCases.buildingElectricityBySubItem());

    assertThat(r.columns()).containsExactly("sub_item_code", "sub_item", "electricity_kwh", "share_pct");
    assertThat(r.lines()).containsExactly(
        "01A00 | lighting & sockets | 300 | 30",   // 300 / 1000
        "01B00 | HVAC | 500 | 50",
        "01C00 | power | 150 | 15",
        "01D00 | special | 50 | 5");
  }

  @Test
  void buildingCostCo2Monthly() throws SQLException {
    Result r = run(CookbookCases.buildingCostCo2Monthly());

    assertThat(r.columns()).containsExactly(
        "building", "month", "cost_cny", "co2_kg", "tce_kg", "electricity_kwh", "water_m3");
    assertThat(r.lines()).containsExactly(
        // cost 160 + 500, CO2 114 + 700, tce 24.58 + 257.2
        IP1 + " | 2026-10-01 | 660 | 814 | 281.78 | 200 | 0",
        // cost 800 + 420, CO2 570 + 16
        IP2 + " | 2026-10-01 | 1220 | 586 | 122.9 | 1000 | 100",
        IP2 + " | 2026-11-01 | 400 | 285 | 61.45 | 500 | 0");
  }

  // ---------------------------------------------------------------- devices, profiles, events, rooms

  @Test
  void topDevices() throws SQLException {
    Result r = run(CookbookCases.topDevices());

    assertThat(r.columns()).containsExactly("device", "building", "consumption", "unit", "days_with_data");
    assertThat(r.lines()).containsExactly(
        CH_1 + " | " + IP2 + " | 3000 | kWh | 3",
        CT_1 + " | " + IP2 + " | 2800 | kWh | 2",
        CH_2 + " | " + IP2 + " | 2500 | kWh | 1");
  }

  @Test
  void nodeDailyLoadProfile() throws SQLException {
    Result r = run(CookbookCases.nodeDailyLoadProfile());

    assertThat(r.columns()).containsExactly("local_hour", "avg_kwh", "min_kwh", "max_kwh", "hours_averaged");
    assertThat(r.lines()).containsExactly(
        "0 | 40 | 30 | 50 | 2",
        "8 | 70 | 70 | 70 | 1",
        "13 | 120 | 100 | 140 | 2");
  }

  @Test
  void meterEvents() throws SQLException {
    Result r = run(CookbookCases.meterEvents());

    assertThat(r.columns()).containsExactly("event_time_local", "meter_id", "building", "point_kind", "kind",
        "detail", "value_before", "value_after", "gap_minutes");
    assertThat(r.lines()).containsExactly(
        "2026-10-01 03:00:00 | IP5-F07-LS | PPH/MAIN/IP5 | floor | ROLLOVER | register wrapped at 100000 | 99990.5 | 12.25 | 0",
        "2026-10-01 08:30:00 | IP2-TR-01 | PPH/MAIN/IP2 | transformer | RESET | register went back | 12345 | 0 | 0",
        "2026-10-02 14:00:00 | IP1-F01-LS | PPH/MAIN/IP1 | floor | GAP | no readings | 0 | 0 | 45",
        "2026-10-02 15:00:00 | IP2-CH-1 | PPH/MAIN/IP2 | chiller | SPIKE | rate 900 kWh/h above max 300 | 0 | 0 | 0",
        "2026-10-02 16:00:00 | UNKNOWN-M |  |  | GAP | no readings | 0 | 0 | 120");
  }

  @Test
  void roomsOutOfRangeDaily() throws SQLException {
    Result r = run(CookbookCases.roomsOutOfRangeDaily());

    assertThat(r.columns()).containsExactly("room", "room_type", "day", "minutes_out", "temperature_minutes_out",
        "humidity_minutes_out", "co2_minutes_out", "pm25_minutes_out", "voc_minutes_out", "temperature_min_c",
        "temperature_max_c", "humidity_max_pct", "co2_max_ppm", "reported_pct");
    assertThat(r.lines()).containsExactly(
        OPERATING_ROOM + " | operating-room | 2026-10-01 | 45 | 0 | 40 | 5 | 0 | 0 | 21.5 | 24 | 68 | 700 | 100",
        WARD + " | ward | 2026-10-01 | 12 | 2 | 0 | 10 | 0 | 0 | 20.5 | 27.5 | 55 | 1200 | 75");  // 1080 / 1440
  }

  // ---------------------------------------------------------------- result helpers

  /** A query's rows. */
  record Result(List<Map<String, Object>> rows) {
    List<String> columns() {
      return rows.isEmpty() ? List.of() : new ArrayList<>(rows.get(0).keySet());
    }

    /** Each row as "v1 | v2 | ...", numbers without trailing zeros (30.00 -> 30, 1.50 -> 1.5). */
    List<String> lines() {
      return rows.stream()
          .map(row -> row.values().stream().map(CookbookTest::text).collect(Collectors.joining(" | ")))
          .toList();
    }
  }

  private static String text(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      return d.toString();
    }
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(v.toString()).stripTrailingZeros().toPlainString();
    }
    if (v instanceof BigDecimal d) {
      return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  /** Fills the fresh database with the case's fixture and runs its query. */
  private Result run(CookbookCase c) throws SQLException {
    try (Connection conn = db.open(); Statement st = conn.createStatement()) {
      for (String insert : c.fixture()) {
        st.execute(insert);
      }
    }
    return new Result(SqlQueries.run(db, c.query(), c.parameters()));
  }
}
