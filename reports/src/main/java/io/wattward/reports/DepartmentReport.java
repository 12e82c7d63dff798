package io.wattward.reports;

import io.wattward.connectors.clickhouse.ClickHouseEndpoint;
import io.wattward.connectors.clickhouse.SqlQueries;
import io.wattward.i18n.Language;
import io.wattward.i18n.Phrases;
import io.wattward.i18n.Terms;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The numbers of one department's monthly report, read from ClickHouse (every table with FINAL):
 * consumption per energy type against quota, projection, the month before and the year before, cost
 * and CO2 ({@code node_energy_1d}, {@code kpi_quotas}, {@code kpi_status}); electricity per bed and
 * per m² with the department's rank ({@code node_info} and the cookbook's ranking queries); daily
 * trend; anomalies that started in the month. Months are local (Asia/Shanghai).
 */
public record DepartmentReport(
    String departmentId,
    String name,
    YearMonth month,
    long beds,
    double areaM2,
    List<EnergyLine> energy,
    List<DailyAmount> daily,
    List<Intensity> intensity,
    List<RankedDepartment> rankingPerBed,
    List<AnomalyLine> anomalies) {

  public static final ZoneId HOSPITAL_ZONE = ZoneId.of("Asia/Shanghai");

  /** One energy type in the month. Percentages are null where there is nothing to compare with. */
  public record EnergyLine(String energyType, String unit, double consumption, double previousMonth,
      Double momPct, double lastYear, Double yoyPct, Double quota, Double usedPct, double projected,
      Double projectedPct, String status, double costCny, double co2Kg, double tceKg) {}

  public record DailyAmount(LocalDate day, String energyType, double amount) {}

  /**
   * An energy type per bed, m², outpatient visit or inpatient bed-day ({@code basis}: bed, m2, visit,
   * bed-day) in {@code energyUnit} per basis; rank 1 is the highest of {@code outOf} departments, 0 if unranked.
   */
  public record Intensity(String energyType, String basis, double value, String energyUnit, int rank, int outOf) {

    /** The metric as the CSV names it: "electricity per bed", "water per inpatient bed-day". */
    public String metric() {
      String per = switch (basis) {
        case "visit" -> "outpatient visit";
        case "bed-day" -> "inpatient bed-day";
        default -> basis;
      };
      return energyType.toLowerCase(Locale.ROOT).replace('_', ' ') + " per " + per;
    }

    /** The unit as the CSV names it: kWh/bed, m3/visit. */
    public String unit() {
      return energyUnit + "/" + basis;
    }
  }

  public record RankedDepartment(String departmentId, String name, double kwhPerBed) {}

  public record AnomalyLine(String kind, String severity, String energyType, String started, String ended,
      double excess, String unit, double excessCostCny, String detail) {}

  public double totalCostCny() {
    return PeriodMath.round2(energy.stream().mapToDouble(EnergyLine::costCny).sum());
  }

  public double totalCo2Kg() {
    return PeriodMath.round2(energy.stream().mapToDouble(EnergyLine::co2Kg).sum());
  }

  public EnergyLine line(String energyType) {
    return energy.stream().filter(l -> l.energyType().equals(energyType)).findFirst().orElse(null);
  }

  /**
   * Reads the report of a department for a local month as of a local date. The month-end projection
   * of a finished month is its total; of a running month, the quota tracker's latest, or without one
   * the daily average so far carried over the month.
   */
  public static DepartmentReport build(ClickHouseEndpoint endpoint, String departmentId, YearMonth month,
      LocalDate asOf) throws SQLException {
    long elapsed = PeriodMath.elapsedDays(month, asOf);
    String dept = SqlQueries.quote(departmentId);
    String firstDay = SqlQueries.quote(month.atDay(1).toString());
    Map<String, String> deptMonth = Map.of("department", dept, "month", firstDay);

    List<Map<String, Object>> info = ReportQueries.run(endpoint, "department_info", Map.of("department", dept));
    String name = info.isEmpty() ? departmentId : ReportQueries.text(info.get(0).get("name"));
    long beds = info.isEmpty() ? 0 : (long) ReportQueries.number(info.get(0).get("bed_count"));
    double area = info.isEmpty() ? 0 : ReportQueries.number(info.get(0).get("area"));

    Map<String, Map<String, Object>> quotas = new HashMap<>();
    for (Map<String, Object> q : ReportQueries.run(endpoint, "department_quotas",
        Map.of("department", dept, "period", SqlQueries.quote(month.toString())))) {
      quotas.put((String) q.get("energy_type"), q);
    }

    List<EnergyLine> energy = new ArrayList<>();
    for (Map<String, Object> r : ReportQueries.run(endpoint, "department_month_energy", deptMonth)) {
      String type = (String) r.get("energy_type");
      double now = ReportQueries.number(r.get("this_month"));
      double prev = ReportQueries.number(r.get("previous_month"));
      double lastYear = ReportQueries.number(r.get("last_year"));
      Map<String, Object> q = quotas.get(type);
      Double quota = q == null ? null : ReportQueries.number(q.get("quota"));
      String status = q == null ? "" : ReportQueries.text(q.get("latest_status"));
      double projected = elapsed == month.lengthOfMonth() ? now
          : q != null && !status.isEmpty() ? ReportQueries.number(q.get("latest_projected"))
          : PeriodMath.linearProjection(now, elapsed, month.lengthOfMonth());
      projected = PeriodMath.round2(projected);
      energy.add(new EnergyLine(type, ReportQueries.text(r.get("unit_name")), PeriodMath.round2(now),
          PeriodMath.round2(prev), PeriodMath.changePct(now, prev), PeriodMath.round2(lastYear),
          PeriodMath.changePct(now, lastYear), quota,
          quota == null ? null : PeriodMath.sharePct(now, quota), projected,
          quota == null ? null : PeriodMath.sharePct(projected, quota), status,
          PeriodMath.round2(ReportQueries.number(r.get("cost"))), PeriodMath.round2(ReportQueries.number(r.get("co2"))),
          PeriodMath.round2(ReportQueries.number(r.get("tce")))));
    }

    List<DailyAmount> daily = new ArrayList<>();
    for (Map<String, Object> r : ReportQueries.run(endpoint, "department_daily_energy", deptMonth)) {
      daily.add(new DailyAmount(LocalDate.parse((String) r.get("day")), (String) r.get("energy_type"),
          PeriodMath.round2(ReportQueries.number(r.get("amount")))));
    }

    Map<String, String> cookbookMonth = Map.of("month", firstDay);
    List<Map<String, Object>> perBed = SqlQueries.run(endpoint, "department_electricity_per_bed", cookbookMonth);
    List<Map<String, Object>> perM2 = SqlQueries.run(endpoint, "department_electricity_per_m2", cookbookMonth);
    List<RankedDepartment> ranking = perBed.stream()
        .map(r -> new RankedDepartment((String) r.get("department"), ReportQueries.text(r.get("name")),
            ReportQueries.number(r.get("kwh_per_bed"))))
        .toList();
    EnergyLine electricity = energy.stream().filter(l -> l.energyType().equals("ELECTRICITY")).findFirst().orElse(null);
    double kwh = electricity == null ? 0 : electricity.consumption();
    List<Intensity> intensity = new ArrayList<>(List.of(
        new Intensity("ELECTRICITY", "bed", beds == 0 ? 0 : PeriodMath.round2(kwh / beds), "kWh",
            rank(perBed, departmentId), perBed.size()),
        new Intensity("ELECTRICITY", "m2", area == 0 ? 0 : PeriodMath.round2(kwh / area), "kWh",
            rank(perM2, departmentId), perM2.size())));
    intensity.addAll(perPatient(SqlQueries.run(endpoint, "department_energy_per_patient", cookbookMonth), departmentId));

    LocalDateTime from = month.atDay(1).atStartOfDay(HOSPITAL_ZONE).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    LocalDateTime to = month.plusMonths(1).atDay(1).atStartOfDay(HOSPITAL_ZONE)
        .withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    List<AnomalyLine> anomalies = new ArrayList<>();
    for (Map<String, Object> r : ReportQueries.run(endpoint, "department_anomalies", Map.of("department", dept,
        "from_utc", SqlQueries.quote(f.format(from)), "to_utc", SqlQueries.quote(f.format(to))))) {
      anomalies.add(new AnomalyLine(ReportQueries.text(r.get("kind")), ReportQueries.text(r.get("severity")),
          ReportQueries.text(r.get("energy_type")), ReportQueries.text(r.get("started")),
          ReportQueries.text(r.get("ended")), PeriodMath.round2(ReportQueries.number(r.get("excess"))),
          ReportQueries.text(r.get("excess_unit")), PeriodMath.round2(ReportQueries.number(r.get("excess_cost"))),
          ReportQueries.text(r.get("detail"))));
    }
    return new DepartmentReport(departmentId, name, month, beds, area, energy, daily, intensity, ranking, anomalies);
  }

  /** The days of {@code month} (local) on which the department has consumption in node_energy_1d. */
  public static long daysWithData(ClickHouseEndpoint endpoint, String departmentId, YearMonth month)
      throws SQLException {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    String from = f.format(month.atDay(1).atStartOfDay(HOSPITAL_ZONE).withZoneSameInstant(ZoneOffset.UTC));
    String to = f.format(month.plusMonths(1).atDay(1).atStartOfDay(HOSPITAL_ZONE).withZoneSameInstant(ZoneOffset.UTC));
    try (java.sql.Connection c = endpoint.open(); java.sql.PreparedStatement ps = c.prepareStatement(
        "SELECT uniqExact(window_start) FROM node_energy_1d FINAL WHERE node_level = 'department' AND node_id = ? "
            + "AND window_start >= toDateTime(?, 'UTC') AND window_start < toDateTime(?, 'UTC')")) {
      ps.setString(1, departmentId);
      ps.setString(2, from);
      ps.setString(3, to);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** The departments node_info knows, for the scheduler. */
  public static List<String> departments(ClickHouseEndpoint endpoint) throws SQLException {
    return ReportQueries.run(endpoint, "departments", Map.of()).stream()
        .map(r -> (String) r.get("department")).toList();
  }

  /**
   * Each energy type of the department per outpatient visit and per inpatient bed-day (where it has
   * them in business_volume), ranked highest first among the departments that have that figure.
   */
  static List<Intensity> perPatient(List<Map<String, Object>> rows, String departmentId) {
    List<Intensity> out = new ArrayList<>();
    for (Map<String, Object> mine : rows) {
      if (!departmentId.equals(mine.get("department"))) {
        continue;
      }
      String type = (String) mine.get("energy_type");
      String unit = ReportQueries.text(mine.get("unit"));
      for (String[] metric : new String[][] {{"per_visit", "visit"}, {"per_bed_day", "bed-day"}}) {
        Object value = mine.get(metric[0]);
        if (value == null) {
          continue;
        }
        double v = ReportQueries.number(value);
        List<Double> others = rows.stream().filter(r -> type.equals(r.get("energy_type")) && r.get(metric[0]) != null)
            .map(r -> ReportQueries.number(r.get(metric[0]))).toList();
        int rank = 1 + (int) others.stream().filter(o -> o > v).count();
        out.add(new Intensity(type, metric[1], PeriodMath.round2(v), unit, rank, others.size()));
      }
    }
    return out;
  }

  private static int rank(List<Map<String, Object>> ranked, String departmentId) {
    for (int i = 0; i < ranked.size(); i++) {
      if (departmentId.equals(ranked.get(i).get("department"))) {
        return i + 1;
      }
    }
    return 0;
  }

  /** The report's tables for the CSV files: codes and English, the same whatever the report's language. */
  public List<ReportTable> tables() {
    return tables(Terms.of(Language.EN), ReportText.of(Language.EN));
  }

  /**
   * The report's tables as people read them (XLSX and HTML): titles, sheet names and column headings in
   * the report's language, energy types, units, statuses, kinds and severities in its words.
   */
  public List<ReportTable> tables(Terms terms, Phrases text) {
    List<List<Object>> energyRows = new ArrayList<>();
    for (EnergyLine l : energy) {
      energyRows.add(Arrays.asList(terms.energyType(l.energyType()), terms.unit(l.unit()), l.consumption(), l.quota(),
          l.usedPct(), l.projected(), l.projectedPct(), l.status().isEmpty() ? "" : terms.quotaStatus(l.status()),
          l.previousMonth(), l.momPct(), l.lastYear(), l.yoyPct(), l.costCny(), l.co2Kg(), l.tceKg()));
    }
    List<List<Object>> intensityRows = new ArrayList<>();
    for (Intensity i : intensity) {
      boolean codes = terms.language() == Language.EN;
      intensityRows.add(List.of(
          codes ? i.metric() : text.get("intensity." + i.basis(), terms.energyType(i.energyType())), i.value(),
          codes ? i.unit() : terms.unit(i.energyUnit()) + "/" + text.get("basis." + i.basis()),
          (long) i.rank(), (long) i.outOf()));
    }
    List<List<Object>> dailyRows = new ArrayList<>();
    for (DailyAmount d : daily) {
      dailyRows.add(List.of(terms.date(d.day()), terms.energyType(d.energyType()), d.amount()));
    }
    List<List<Object>> anomalyRows = new ArrayList<>();
    for (AnomalyLine a : anomalies) {
      anomalyRows.add(List.of(terms.anomalyKind(a.kind()), terms.severity(a.severity()),
          terms.energyType(a.energyType()), a.started(), a.ended(), a.excess(), terms.unit(a.unit()),
          a.excessCostCny(), a.detail()));
    }
    return List.of(
        table(text, "consumption", List.of("energy_type", "unit", "consumption", "quota", "used_pct", "projected",
            "projected_pct", "status", "previous_month", "mom_pct", "last_year", "yoy_pct", "cost_cny", "co2_kg",
            "tce_kg"), energyRows),
        table(text, "intensity", List.of("metric", "value", "unit", "rank", "of"), intensityRows),
        table(text, "daily", List.of("day", "energy_type", "consumption"), dailyRows),
        table(text, "anomalies", List.of("kind", "severity", "energy_type", "started", "ended", "excess", "unit",
            "excess_cost_cny", "detail"), anomalyRows));
  }

  private static ReportTable table(Phrases text, String name, List<String> columns, List<List<Object>> rows) {
    return new ReportTable(name, text.get("sheet." + name), text.get("table." + name), columns,
        columns.stream().map(c -> text.get("column." + c)).toList(), rows);
  }
}
