package io.wattward.sql;

import io.wattward.connectors.clickhouse.SqlQueries;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One case per cookbook query ({@code sql/queries}): the INSERTs that fill a fresh, migrated database
 * with a small fixture, and the query's parameter values. {@link CookbookTest} asserts the answers,
 * computed by hand there; {@link CurrentClickHouseTest} runs the same cases on ClickHouse 18.16 and on
 * the current engine and compares them.
 *
 * <p>Fixture times are written in hospital time (Asia/Shanghai, UTC+8) and stored as UTC, as the
 * roll-up does: the local day 2026-10-01 starts at 2026-09-30 16:00 UTC. Rows placed just outside a
 * period on the UTC side of midnight show that the queries cut periods in local time. Each fixture has
 * a ReplacingMergeTree row re-written with a higher version in a separate INSERT (so it is still a
 * separate part), chosen so that reading without FINAL would change the answer.
 */
final class CookbookCases {

  /** A query, the statements that fill its fixture (in order, one INSERT = one part) and its parameters. */
  record CookbookCase(String query, List<String> fixture, Map<String, String> parameters) {
    @Override
    public String toString() {
      return query;
    }
  }

  private static final ZoneId HOSPITAL = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter CH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  static final String IP1 = "PPH/MAIN/IP1";
  static final String IP2 = "PPH/MAIN/IP2";
  static final String ADM = "PPH/MAIN/ADM";
  static final String CARDIOLOGY = "PPH/MAIN/CARDIOLOGY";
  static final String NEUROLOGY = "PPH/MAIN/NEUROLOGY";
  static final String RADIOLOGY = "PPH/MAIN/RADIOLOGY";
  static final String ICU = "PPH/MAIN/ICU";
  static final String CH_1 = "PPH/MAIN/IP2/hvac/chiller-plant/CH-1";
  static final String CH_2 = "PPH/MAIN/IP2/hvac/chiller-plant/CH-2";
  static final String CT_1 = "PPH/MAIN/IP2/special/medical-equipment/CT-1";
  static final String LINAC_1 = "PPH/MAIN/IP2/special/medical-equipment/LINAC-1";
  static final String OPERATING_ROOM = "PPH/MAIN/IP2/F05/IP2-F05-R501";
  static final String WARD = "PPH/MAIN/IP2/F07/IP2-F07-R705";
  static final String OFFICE = "PPH/MAIN/IP2/F07/IP2-F07-R720";

  private CookbookCases() {}

  /** Every case, one per query file. */
  static List<CookbookCase> all() {
    return List.of(
        buildingCostCo2Monthly(),
        buildingDataCoverageDaily(),
        buildingElectricityBySubItem(),
        buildingElectricityMonthOverMonth(),
        buildingElectricityPerPerson(),
        buildingMeterBalanceDaily(),
        buildingPeakDemandDaily(),
        buildingWaterYearOverYear(),
        buildingsBelowCoverage(),
        departmentElectricityPerBed(),
        departmentElectricityPerM2(),
        departmentEnergyPerPatient(),
        departmentNightBaseLoad(),
        meterEvents(),
        nodeDailyLoadProfile(),
        roomsOutOfRangeDaily(),
        topDevices());
  }

  // ---------------------------------------------------------------- departments

  /** October 2026 for three departments; beds and floor area in node_info. */
  private static List<String> departmentsInOctober() {
    return List.of(
        energy("node_energy_1d",
            // cardiology: 300 + 500 + 200 = 1000 kWh in October
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-01", "300"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01B00", "2026-10-01", "500"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-31", "200"),
            // local 1 Nov starts 31 Oct 16:00 UTC, local 30 Sep ends 30 Sep 16:00 UTC: not October
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-11-01", "999"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-09-30", "999"),
            row("department", CARDIOLOGY, "WATER", "", "2026-10-01", "50"),
            // neurology: 600, corrected below to 900
            row("department", NEUROLOGY, "ELECTRICITY", "01B00", "2026-10-05", "600"),
            // radiology: 5000, no beds
            row("department", RADIOLOGY, "ELECTRICITY", "01D00", "2026-10-02", "5000"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01", "7777")),
        energy("node_energy_1d", row("department", NEUROLOGY, "ELECTRICITY", "01B00", "2026-10-05", "900").version(2)),
        "INSERT INTO node_info (node_level, node_id, name, beds, area_m2, people, version) VALUES "
            + "('department', '" + CARDIOLOGY + "', 'Cardiology', 20, 500, 0, 1), "
            + "('department', '" + NEUROLOGY + "', 'Neurology', 30, 600, 0, 1), "
            + "('department', '" + RADIOLOGY + "', 'Radiology', 0, 1000, 0, 1)",
        // cardiology opened a second ward: 40 beds from now on
        "INSERT INTO node_info (node_level, node_id, name, beds, area_m2, people, version) VALUES "
            + "('department', '" + CARDIOLOGY + "', 'Cardiology', 40, 500, 0, 2)");
  }

  static CookbookCase departmentElectricityPerBed() {
    return new CookbookCase("department_electricity_per_bed", departmentsInOctober(), Map.of("month", "'2026-10-01'"));
  }

  static CookbookCase departmentElectricityPerM2() {
    return new CookbookCase("department_electricity_per_m2", departmentsInOctober(), Map.of("month", "'2026-10-15'"));
  }

  static CookbookCase departmentEnergyPerPatient() {
    String columns = "INSERT INTO business_volume (node_id, day, outpatient_visits, inpatient_bed_days, "
        + "published_at, source, version) VALUES ";
    List<String> fixture = new ArrayList<>(departmentsInOctober());
    fixture.add(columns
        // cardiology: 100 + 150 visits, 20 + 20 bed-days in October; the 2nd first booked at 120, then 150
        + "('" + CARDIOLOGY + "', '2026-10-01', 100, 20, '2026-09-30 00:00:00', 'test', 1), "
        + "('" + CARDIOLOGY + "', '2026-10-02', 120, 20, '2026-10-01 00:00:00', 'test', 2), "
        + "('" + CARDIOLOGY + "', '2026-11-01', 999, 999, '2026-10-31 00:00:00', 'test', 1), "
        // neurology: a ward, bed-days only: 30 + 30
        + "('" + NEUROLOGY + "', '2026-10-05', NULL, 30, '2026-10-04 00:00:00', 'test', 1), "
        + "('" + NEUROLOGY + "', '2026-10-06', NULL, 30, '2026-10-05 00:00:00', 'test', 1)");
    fixture.add(columns + "('" + CARDIOLOGY + "', '2026-10-02', 150, 20, '2026-10-03 00:00:00', 'test', 3)");
    return new CookbookCase("department_energy_per_patient", fixture, Map.of("month", "'2026-10-01'"));
  }

  static CookbookCase departmentNightBaseLoad() {
    return new CookbookCase("department_night_base_load", List.of(
        energy("node_energy_1h",
            // cardiology nights (00:00-05:00 local): hours of 2+3 = 5, 7 and 6 kWh -> 6 kW
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-01 01:00", "2"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01B00", "2026-10-01 01:00", "3"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-01 03:00", "7"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-02 02:00", "6"),
            // cardiology days (08:00-18:00): 20+10 = 30 and 10 -> 20 kW
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-01 10:00", "20"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01B00", "2026-10-01 10:00", "10"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-02 14:00", "10"),
            // neither night nor day, and outside the period
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-01 05:00", "100"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-01 23:00", "100"),
            row("department", CARDIOLOGY, "ELECTRICITY", "01A00", "2026-10-03 01:00", "1000"),
            // neurology: 12 kW all night (00:00 local is 16:00 UTC the day before), 16 kW by day
            row("department", NEUROLOGY, "ELECTRICITY", "01A00", "2026-10-01 00:00", "12"),
            row("department", NEUROLOGY, "ELECTRICITY", "01A00", "2026-10-01 04:00", "40"),
            row("department", NEUROLOGY, "ELECTRICITY", "01A00", "2026-10-01 09:00", "16"),
            row("department", NEUROLOGY, "ELECTRICITY", "01A00", "2026-09-30 02:00", "500"),
            // ICU: only a night hour in the period, so nothing to compare with
            row("department", ICU, "ELECTRICITY", "01A00", "2026-10-02 01:00", "8")),
        energy("node_energy_1h", row("department", NEUROLOGY, "ELECTRICITY", "01A00", "2026-10-01 04:00", "12").version(2))),
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-10-03'"));
  }

  // ---------------------------------------------------------------- buildings

  static CookbookCase buildingElectricityMonthOverMonth() {
    return new CookbookCase("building_electricity_month_over_month", List.of(
        energy("node_energy_1d",
            // IP2: October 400 + 700 (corrected below) = 1100, September 1000 (local 1 Sep = 31 Aug UTC)
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01", "400"),
            row("building", IP2, "ELECTRICITY", "01B00", "2026-10-15", "70"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-09-01", "1000"),
            // IP1: October 450, September 500; 1 Nov and 31 Aug local are outside both months
            row("building", IP1, "ELECTRICITY", "01C00", "2026-10-10", "450"),
            row("building", IP1, "ELECTRICITY", "01C00", "2026-09-30", "500"),
            row("building", IP1, "ELECTRICITY", "01A00", "2026-11-01", "999"),
            row("building", IP1, "ELECTRICITY", "01A00", "2026-08-31", "888"),
            // ADM: new in October
            row("building", ADM, "ELECTRICITY", "01A00", "2026-10-20", "300"),
            row("floor", IP2 + "/F03", "ELECTRICITY", "01A00", "2026-10-01", "123"),
            row("building", IP2, "WATER", "", "2026-10-01", "55")),
        energy("node_energy_1d", row("building", IP2, "ELECTRICITY", "01B00", "2026-10-15", "700").version(2))),
        Map.of("month", "'2026-10-01'"));
  }

  static CookbookCase buildingWaterYearOverYear() {
    return new CookbookCase("building_water_year_over_year", List.of(
        energy("node_energy_1d",
            // IP2: October 2026 120 + 30 = 150 m3, October 2025 100; local 1 Nov 2025 is 31 Oct UTC
            row("building", IP2, "WATER", "", "2026-10-01", "120"),
            row("building", IP2, "WATER", "", "2026-10-31", "30"),
            row("building", IP2, "WATER", "", "2025-10-01", "100"),
            row("building", IP2, "WATER", "", "2025-11-01", "500"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01", "5000"),
            // IP1: 70 corrected to 80 below, a year earlier 100
            row("building", IP1, "WATER", "", "2026-10-03", "70"),
            row("building", IP1, "WATER", "", "2025-10-15", "100")),
        energy("node_energy_1d", row("building", IP1, "WATER", "", "2026-10-03", "80").version(2))),
        Map.of("month", "'2026-10-01'"));
  }

  static CookbookCase buildingElectricityPerPerson() {
    String columns = "INSERT INTO node_info (node_level, node_id, name, beds, area_m2, people, version) VALUES ";
    return new CookbookCase("building_electricity_per_person", List.of(
        energy("node_energy_1d",
            // IP1: 1000 + 1100 = 2100 kWh on 2 of the 7 days
            row("building", IP1, "ELECTRICITY", "01A00", "2026-10-01", "1000"),
            row("building", IP1, "ELECTRICITY", "01B00", "2026-10-02", "1100"),
            // IP2: 2000 + 800 + 2800 = 5600 kWh on 2 days; 8 Oct local is after the period
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01", "2000"),
            row("building", IP2, "ELECTRICITY", "01B00", "2026-10-01", "800"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-07", "2800"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-08", "9999"),
            // ADM has no people on record: not ranked
            row("building", ADM, "ELECTRICITY", "01A00", "2026-10-01", "100")),
        columns
            + "('building', '" + IP1 + "', 'Inpatient 1', 300, 20000, 100, 1), "
            + "('building', '" + IP2 + "', 'Inpatient 2', 400, 30000, 50, 1), "
            + "('building', '" + ADM + "', 'Administration', 0, 5000, 0, 1)",
        // IP2's people were counted again: 200
        columns + "('building', '" + IP2 + "', 'Inpatient 2', 400, 30000, 200, 2)"),
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-10-08'"));
  }

  static CookbookCase buildingPeakDemandDaily() {
    return new CookbookCase("building_peak_demand_daily", List.of(
        energy("node_energy_15m",
            // IP2 on 1 Oct: 10:00 (10 + 15) * 4 = 100 kW, 10:15 20 * 4 = 80, 14:30 24 * 4 = 96;
            // the largest single sub-item row (24) would give 96: sub-items must be added first
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01 10:00", "10"),
            row("building", IP2, "ELECTRICITY", "01B00", "2026-10-01 10:00", "15"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01 10:15", "50"),
            row("building", IP2, "ELECTRICITY", "01B00", "2026-10-01 14:30", "24"),
            // IP2 on 2 Oct: 30 * 4 = 120 kW at local midnight (16:00 UTC on 1 Oct) and again at 08:00
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-02 00:00", "30"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-02 08:00", "30"),
            row("building", IP1, "ELECTRICITY", "01A00", "2026-10-01 10:00", "5"),
            row("building", IP1, "ELECTRICITY", "01A00", "2026-10-03 00:00", "100")),
        // 50 kWh at 10:15 was a spike of a bad reading, corrected to 20 (else the peak would be 200 kW)
        energy("node_energy_15m", row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01 10:15", "20").version(2))),
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-10-03'"));
  }

  static CookbookCase buildingMeterBalanceDaily() {
    String registry = "INSERT INTO meter_registry (meter_id, effective_from, point_kind, energy_type, "
        + "sub_item_code, hospital, campus, building, accounting, version) VALUES ";
    String minutes = "INSERT INTO meter_minute (meter_id, minute_start, consumption, unit, readings, version) VALUES ";
    return new CookbookCase("building_meter_balance_daily", List.of(
        registry
            + "('IP2-TR-01', '2020-01-01 00:00:00', 'transformer', 'ELECTRICITY', '', 'PPH', 'MAIN', 'IP2', 0, 1), "
            + "('IP2-TR-02', '2020-01-01 00:00:00', 'transformer', 'ELECTRICITY', '', 'PPH', 'MAIN', 'IP1', 0, 1), "
            + "('IP1-TR-01', '2020-01-01 00:00:00', 'transformer', 'ELECTRICITY', '', 'PPH', 'MAIN', 'IP1', 0, 1), "
            + "('IP2-F01-LS', '2020-01-01 00:00:00', 'floor', 'ELECTRICITY', '01A00', 'PPH', 'MAIN', 'IP2', 1, 1)",
        // IP2-TR-02 was registered to the wrong building; the reload fixes it
        registry
            + "('IP2-TR-02', '2020-01-01 00:00:00', 'transformer', 'ELECTRICITY', '', 'PPH', 'MAIN', 'IP2', 0, 2)",
        minutes
            // IP2 transformers on 1 Oct local: 500 + 300 + 200 = 1000 kWh (00:00 local is 16:00 UTC on 30 Sep)
            + "('IP2-TR-01', " + utc("2026-10-01 00:00") + ", 500, 'kWh', 1, 1), "
            + "('IP2-TR-01', " + utc("2026-10-01 12:00") + ", 300, 'kWh', 1, 1), "
            + "('IP2-TR-02', " + utc("2026-10-01 08:00") + ", 200, 'kWh', 1, 1), "
            // a floor meter is not a transformer; 2 Oct local is after the period
            + "('IP2-F01-LS', " + utc("2026-10-01 08:00") + ", 999, 'kWh', 1, 1), "
            + "('IP2-TR-01', " + utc("2026-10-02 00:00") + ", 777, 'kWh', 1, 1), "
            + "('IP1-TR-01', " + utc("2026-10-01 23:59") + ", 40, 'kWh', 1, 1)",
        // a late reading re-wrote IP1-TR-01's last minute of the day
        minutes + "('IP1-TR-01', " + utc("2026-10-01 23:59") + ", 400, 'kWh', 2, 2)",
        energy("node_energy_1d",
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01", "600"),
            row("building", IP2, "ELECTRICITY", "01B00", "2026-10-01", "350"),
            row("building", IP1, "ELECTRICITY", "01C00", "2026-10-01", "360"))),
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-10-02'"));
  }

  /** Coverage rows: IP2 electricity 10 meters at 100% and 10 at 50%, water 100%; IP1 95% then 100%. */
  private static List<String> coverageFixture() {
    String columns = "INSERT INTO node_energy_1d (hierarchy, node_level, node_id, building, energy_type, "
        + "sub_item_code, window_start, consumption, unit, meters_expected, meter_minutes, coverage_pct, version) VALUES ";
    return List.of(
        columns
            + "('spatial', 'building', '" + IP2 + "', '" + IP2 + "', 'ELECTRICITY', '01A00', " + utc("2026-10-01") + ", 1, 'kWh', 10, 14400, 100, 1), "
            + "('spatial', 'building', '" + IP2 + "', '" + IP2 + "', 'ELECTRICITY', '01B00', " + utc("2026-10-01") + ", 1, 'kWh', 10, 0, 0, 1), "
            + "('spatial', 'building', '" + IP2 + "', '" + IP2 + "', 'WATER', '', " + utc("2026-10-01") + ", 1, 'm3', 1, 1440, 100, 1), "
            + "('spatial', 'building', '" + IP1 + "', '" + IP1 + "', 'ELECTRICITY', '01A00', " + utc("2026-10-01") + ", 1, 'kWh', 4, 5472, 95, 1), "
            + "('spatial', 'building', '" + IP1 + "', '" + IP1 + "', 'ELECTRICITY', '01A00', " + utc("2026-10-02") + ", 1, 'kWh', 4, 5760, 100, 1), "
            + "('spatial', 'building', '" + IP1 + "', '" + IP1 + "', 'ELECTRICITY', '01A00', " + utc("2026-10-03") + ", 1, 'kWh', 4, 0, 0, 1), "
            + "('spatial', 'floor', '" + IP2 + "/F03', '" + IP2 + "', 'ELECTRICITY', '01A00', " + utc("2026-10-01") + ", 1, 'kWh', 1, 0, 0, 1)",
        // the 01B00 meters' data arrived late: half a day each (10 * 720 minutes)
        columns
            + "('spatial', 'building', '" + IP2 + "', '" + IP2 + "', 'ELECTRICITY', '01B00', " + utc("2026-10-01") + ", 1, 'kWh', 10, 7200, 50, 2)");
  }

  static CookbookCase buildingDataCoverageDaily() {
    return new CookbookCase("building_data_coverage_daily", coverageFixture(),
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-10-03'"));
  }

  static CookbookCase buildingsBelowCoverage() {
    return new CookbookCase("buildings_below_coverage", coverageFixture(),
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-10-03'", "threshold_pct", "96"));
  }

  static CookbookCase buildingElectricityBySubItem() {
    return new CookbookCase("building_electricity_by_sub_item", List.of(
        energy("node_energy_1d",
            // IP2 in October: 100 + 200 + 500 + 150 + 50 (corrected below) = 1000 kWh
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01", "100"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-20", "200"),
            row("building", IP2, "ELECTRICITY", "01B00", "2026-10-05", "500"),
            row("building", IP2, "ELECTRICITY", "01C00", "2026-10-07", "150"),
            row("building", IP2, "ELECTRICITY", "01D00", "2026-10-09", "5000"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-11-01", "999"),
            row("building", IP2, "WATER", "", "2026-10-01", "77"),
            row("building", IP1, "ELECTRICITY", "01A00", "2026-10-01", "888")),
        energy("node_energy_1d", row("building", IP2, "ELECTRICITY", "01D00", "2026-10-09", "50").version(2))),
        Map.of("building", SqlQueries.quote(IP2), "month", "'2026-10-01'"));
  }

  static CookbookCase buildingCostCo2Monthly() {
    String columns = "INSERT INTO node_energy_1d (hierarchy, node_level, node_id, building, energy_type, "
        + "sub_item_code, window_start, consumption, unit, tce_kg, co2_kg, cost_cny, version) VALUES ";
    return new CookbookCase("building_cost_co2_monthly", List.of(
        columns
            + "('spatial', 'building', '" + IP2 + "', '" + IP2 + "', 'ELECTRICITY', '01A00', " + utc("2026-10-01") + ", 1000, 'kWh', 122.9, 570, 800, 1), "
            + "('spatial', 'building', '" + IP2 + "', '" + IP2 + "', 'WATER', '', " + utc("2026-10-01") + ", 100, 'm3', 0, 16, 420, 1), "
            // local 1 Nov starts on 31 Oct UTC: November
            + "('spatial', 'building', '" + IP2 + "', '" + IP2 + "', 'ELECTRICITY', '01A00', " + utc("2026-11-01") + ", 500, 'kWh', 61.45, 285, 400, 1), "
            + "('spatial', 'building', '" + IP1 + "', '" + IP1 + "', 'ELECTRICITY', '01B00', " + utc("2026-10-15") + ", 200, 'kWh', 24.58, 114, 160, 1), "
            + "('spatial', 'building', '" + IP1 + "', '" + IP1 + "', 'STEAM', '', " + utc("2026-10-15") + ", 2, 't', 257.2, 700, 5000, 1), "
            + "('spatial', 'building', '" + IP1 + "', '" + IP1 + "', 'ELECTRICITY', '01B00', " + utc("2026-12-01") + ", 999, 'kWh', 99, 99, 99, 1)",
        // the steam tariff was entered ten times too high; re-computed
        columns
            + "('spatial', 'building', '" + IP1 + "', '" + IP1 + "', 'STEAM', '', " + utc("2026-10-15") + ", 2, 't', 257.2, 700, 500, 2)"),
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-12-01'"));
  }

  // ---------------------------------------------------------------- devices, profiles, events, rooms

  static CookbookCase topDevices() {
    return new CookbookCase("top_devices", List.of(
        energy("node_energy_1d",
            // CH-1 3 * 1000 = 3000, CT-1 2 * 1400 = 2800, CH-2 2500 (corrected below), LINAC-1 900
            row("device", CH_1, "ELECTRICITY", "01B00", "2026-10-01", "1000"),
            row("device", CH_1, "ELECTRICITY", "01B00", "2026-10-02", "1000"),
            row("device", CH_1, "ELECTRICITY", "01B00", "2026-10-03", "1000"),
            row("device", CH_2, "ELECTRICITY", "01B00", "2026-10-01", "25"),
            row("device", CT_1, "ELECTRICITY", "01D00", "2026-10-01", "1400"),
            row("device", CT_1, "ELECTRICITY", "01D00", "2026-10-02", "1400"),
            row("device", LINAC_1, "ELECTRICITY", "01D00", "2026-10-01", "900"),
            // after the period; a subsystem; another energy type
            row("device", LINAC_1, "ELECTRICITY", "01D00", "2026-10-04", "5000"),
            row("subsystem", IP2 + "/hvac/chiller-plant", "ELECTRICITY", "01B00", "2026-10-01", "5500"),
            row("device", IP2 + "/water-supply/domestic-water/WA-01", "WATER", "", "2026-10-01", "9000")),
        energy("node_energy_1d", row("device", CH_2, "ELECTRICITY", "01B00", "2026-10-01", "2500").version(2))),
        Map.of("energy_type", "'ELECTRICITY'", "from_date", "'2026-10-01'", "to_date", "'2026-10-04'", "top_n", "3"));
  }

  static CookbookCase nodeDailyLoadProfile() {
    return new CookbookCase("node_daily_load_profile", List.of(
        energy("node_energy_1h",
            // hour 0: 10 + 20 = 30 on 1 Oct, 50 on 2 Oct -> 40 (local 00:00 is 16:00 UTC the day before)
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01 00:00", "10"),
            row("building", IP2, "ELECTRICITY", "01B00", "2026-10-01 00:00", "20"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-02 00:00", "50"),
            // hour 8: 70 (corrected below) on 1 Oct only
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01 08:00", "7"),
            // hour 13: 100 and 60 + 80 = 140 -> 120
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01 13:00", "100"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-02 13:00", "60"),
            row("building", IP2, "ELECTRICITY", "01B00", "2026-10-02 13:00", "80"),
            // another node; after the period
            row("building", IP1, "ELECTRICITY", "01A00", "2026-10-01 00:00", "999"),
            row("building", IP2, "ELECTRICITY", "01A00", "2026-10-03 00:00", "999")),
        energy("node_energy_1h", row("building", IP2, "ELECTRICITY", "01A00", "2026-10-01 08:00", "70").version(2))),
        Map.of("node_id", SqlQueries.quote(IP2), "from_date", "'2026-10-01'", "to_date", "'2026-10-03'"));
  }

  static CookbookCase meterEvents() {
    String events = "INSERT INTO meter_events (meter_id, event_time, kind, detail, value_before, value_after, "
        + "gap_minutes) VALUES ";
    return new CookbookCase("meter_events", List.of(
        "INSERT INTO meter_registry (meter_id, effective_from, point_kind, energy_type, sub_item_code, "
            + "hospital, campus, building, version) VALUES "
            + "('IP2-TR-01', '2020-01-01 00:00:00', 'transformer', 'ELECTRICITY', '', 'PPH', 'MAIN', 'IP2', 1), "
            + "('IP5-F07-LS', '2020-01-01 00:00:00', 'floor', 'ELECTRICITY', '01A00', 'PPH', 'MAIN', 'IP5', 1), "
            + "('IP1-F01-LS', '2020-01-01 00:00:00', 'floor', 'ELECTRICITY', '01A00', 'PPH', 'MAIN', 'IP1', 1), "
            + "('IP2-CH-1', '2020-01-01 00:00:00', 'chiller', 'ELECTRICITY', '01B00', 'PPH', 'MAIN', 'IP2', 1)",
        events
            + "('IP5-F07-LS', " + utc("2026-10-01 03:00") + ", 'ROLLOVER', 'register wrapped at 100000', 99990.5, 12.25, 0), "
            + "('IP2-TR-01', " + utc("2026-10-01 08:30") + ", 'RESET', 'register went back', 12345, 0, 0), "
            + "('IP1-F01-LS', " + utc("2026-10-02 14:00") + ", 'GAP', 'no readings', 0, 0, 45), "
            + "('IP2-CH-1', " + utc("2026-10-02 15:00") + ", 'SPIKE', 'first draft', 0, 0, 0), "
            + "('UNKNOWN-M', " + utc("2026-10-02 16:00") + ", 'GAP', 'no readings', 0, 0, 120), "
            // outside the period in local time (both are on a period day in UTC or next to it)
            + "('IP2-TR-01', " + utc("2026-10-03 00:30") + ", 'RESET', 'later', 1, 0, 0), "
            + "('IP2-TR-01', " + utc("2026-09-30 23:30") + ", 'RESET', 'earlier', 1, 0, 0)",
        // the same event written again (a replay): one row remains, the last written
        events + "('IP2-CH-1', " + utc("2026-10-02 15:00") + ", 'SPIKE', 'rate 900 kWh/h above max 300', 0, 0, 0)"),
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-10-03'"));
  }

  static CookbookCase roomsOutOfRangeDaily() {
    String columns = "INSERT INTO env_1d (node_level, node_id, building, room_type, window_start, sensors_expected, "
        + "sensor_minutes, temperature_min_c, temperature_max_c, humidity_max_pct, co2_max_ppm, minutes_out, "
        + "temperature_minutes_out, humidity_minutes_out, co2_minutes_out, version) VALUES ";
    String orDay = "('room', '" + OPERATING_ROOM + "', '" + IP2 + "', 'operating-room', " + utc("2026-10-01")
        + ", 1, 1440, 21.5, 24.0, 68, 700, 45, 0, 40, 5, 1)";
    return new CookbookCase("rooms_out_of_range_daily", List.of(
        columns + orDay + ", "
            + "('room', '" + WARD + "', '" + IP2 + "', 'ward', " + utc("2026-10-01") + ", 1, 1080, 20.5, 27.5, 55, 1200, 12, 2, 0, 10, 1), "
            + "('room', '" + OFFICE + "', '" + IP2 + "', 'office', " + utc("2026-10-01") + ", 1, 1440, 21, 24, 50, 900, 0, 0, 0, 0, 1), "
            + "('room', '" + OPERATING_ROOM + "', '" + IP2 + "', 'operating-room', " + utc("2026-10-02") + ", 1, 1440, 21.5, 24.0, 58, 700, 3, 3, 0, 0, 1), "
            + "('floor', 'PPH/MAIN/IP2/F05', '" + IP2 + "', '', " + utc("2026-10-01") + ", 2, 2880, 21, 24, 68, 700, 45, 0, 40, 5, 1)",
        columns + orDay), // the same row again, as after a restart: FINAL keeps one
        Map.of("from_date", "'2026-10-01'", "to_date", "'2026-10-02'", "min_minutes", "1"));
  }

  // ---------------------------------------------------------------- fixture helpers

  /** One roll-up row; unit follows the energy type, building follows the node id. */
  record EnergyRow(String level, String nodeId, String energyType, String subItem, String localStart,
      String consumption, long version) {
    EnergyRow version(long v) {
      return new EnergyRow(level, nodeId, energyType, subItem, localStart, consumption, v);
    }

    String values() {
      String hierarchy = switch (level) {
        case "system", "subsystem", "device" -> "itemized";
        case "virtual" -> "virtual";
        default -> "spatial";
      };
      String[] path = nodeId.split("/");
      boolean inBuilding = !List.of("hospital", "campus", "department", "virtual").contains(level);
      String building = inBuilding && path.length >= 3 ? String.join("/", Arrays.copyOf(path, 3)) : "";
      String unit = switch (energyType) {
        case "ELECTRICITY" -> "kWh";
        case "WATER", "NATURAL_GAS" -> "m3";
        case "STEAM" -> "t";
        default -> "GJ";
      };
      return "('" + hierarchy + "', '" + level + "', '" + nodeId + "', '" + building + "', '" + energyType
          + "', '" + subItem + "', " + utc(localStart) + ", " + consumption + ", '" + unit + "', " + version + ")";
    }
  }

  private static EnergyRow row(String level, String nodeId, String energyType, String subItem, String localStart,
      String consumption) {
    return new EnergyRow(level, nodeId, energyType, subItem, localStart, consumption, 1);
  }

  /** Roll-up rows in one INSERT (one part). */
  private static String energy(String table, EnergyRow... rows) {
    return "INSERT INTO " + table + " (hierarchy, node_level, node_id, building, energy_type, sub_item_code, "
        + "window_start, consumption, unit, version) VALUES "
        + Arrays.stream(rows).map(EnergyRow::values).collect(Collectors.joining(", "));
  }

  /** Hospital time ("2026-10-01" or "2026-10-01 08:30") as a UTC DateTime literal. */
  static String utc(String local) {
    LocalDateTime t = LocalDateTime.parse(local.length() == 10 ? local + "T00:00" : local.replace(' ', 'T'));
    return "'" + t.atZone(HOSPITAL).withZoneSameInstant(ZoneOffset.UTC).format(CH_TIME) + "'";
  }
}
