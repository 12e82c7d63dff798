package io.wattward.cockpit;

import io.wattward.config.WattwardConfig;
import io.wattward.connectors.clickhouse.SqlQueries;
import io.wattward.i18n.AnomalyDetail;
import io.wattward.i18n.Phrases;
import io.wattward.i18n.Terms;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the cockpit's panels show, read from ClickHouse: plain maps and lists that the server writes as JSON
 * and the page draws as they are (the browser test reads the same numbers back from the charts). "Now" is
 * the end of the latest hour with data, so a replayed or simulated day shows as today.
 */
final class CockpitData {

  private final ClickHouseRows clickhouse;
  private final CockpitQueries sql;
  private final Terms terms;
  private final AnomalyDetail details;
  private final Phrases words;
  private final Supplier<Instant> fixedAsOf;
  private final Map<String, Map<String, WattwardConfig.Range>> profiles;

  CockpitData(ClickHouseRows clickhouse, CockpitQueries sql, Terms terms, Phrases words, Supplier<Instant> fixedAsOf,
      Map<String, Map<String, WattwardConfig.Range>> profiles) {
    this.profiles = profiles == null ? Map.of() : profiles;
    this.clickhouse = clickhouse;
    this.sql = sql;
    this.terms = terms;
    this.words = words;
    this.details = new AnomalyDetail(terms.language());
    this.fixedAsOf = fixedAsOf;
  }

  /** The end of the latest hour with data (or the fixed time given at start). */
  Instant asOf() throws SQLException {
    Instant fixed = fixedAsOf.get();
    if (fixed != null) {
      return fixed;
    }
    List<Map<String, Object>> rows = clickhouse.query(sql.latestHour());
    long latest = rows.isEmpty() ? 0 : ((Number) rows.get(0).values().iterator().next()).longValue();
    return latest <= 0 ? Instant.now() : Instant.ofEpochSecond(latest + 3_600);
  }

  /** The hospital's node id (the one node of level hospital), for the start page. */
  String hospital() throws SQLException {
    List<Map<String, Object>> rows = clickhouse.query(
        "SELECT any(node_id) AS id FROM node_energy_1d WHERE node_level = 'hospital'");
    Object id = rows.isEmpty() ? null : rows.get(0).get("id");
    return id == null || id.toString().isEmpty() ? null : id.toString();
  }

  /** The node's page: who it is, the path above it, its children with today's figures, and its summary. */
  Map<String, Object> node(String nodeId) throws SQLException {
    Instant asOf = asOf();
    String level = level(nodeId);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", nodeId);
    out.put("level", level);
    out.put("asOf", asOf.getEpochSecond());
    out.put("zone", sql.zone().getId());
    List<Map<String, Object>> info = clickhouse.query(sql.nodeInfo(nodeId));
    out.put("name", label(nodeId, info.isEmpty() ? null : (String) info.get(0).get("name")));
    if (!info.isEmpty()) {
      out.put("beds", info.get(0).get("beds"));
      out.put("areaM2", info.get(0).get("area_m2"));
      out.put("people", info.get(0).get("people"));
    }
    out.put("path", path(nodeId, names(ancestors(nodeId))));
    List<CockpitQueries.Period> periods = sql.periods(asOf);
    List<Map<String, Object>> summary = new ArrayList<>();
    for (Map<String, Object> row : clickhouse.query(sql.summary(nodeId, periods))) {
      Map<String, Object> s = new LinkedHashMap<>(row);
      s.put("energy_name", terms.energyType((String) row.get("energy_type")));
      s.put("unit_name", terms.unit((String) row.get("unit")));
      summary.add(s);
    }
    out.put("summary", summary);
    out.put("children", children(level, nodeId, periods.get(0)));
    return out;
  }

  private List<Map<String, Object>> children(String level, String nodeId, CockpitQueries.Period today)
      throws SQLException {
    List<Map<String, Object>> kids = clickhouse.query(sql.children(level, nodeId));
    if (kids.isEmpty()) {
      return kids;
    }
    List<String> ids = kids.stream().map(k -> (String) k.get("node_id")).distinct().toList();
    Map<String, String> names = names(ids);
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> k : kids) {
      String id = (String) k.get("node_id");
      Map<String, Object> child = new LinkedHashMap<>();
      child.put("id", id);
      child.put("level", k.get("node_level"));
      child.put("name", label(id, names.get(id)));
      child.put("today", new ArrayList<Map<String, Object>>());
      byId.putIfAbsent(id, child);
    }
    for (Map<String, Object> row : clickhouse.query(sql.nodesToday(ids, today))) {
      Map<String, Object> figure = new LinkedHashMap<>(row);
      figure.remove("node_id");
      figure.put("energy_name", terms.energyType((String) row.get("energy_type")));
      figure.put("unit_name", terms.unit((String) row.get("unit")));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> list = (List<Map<String, Object>>) byId.get((String) row.get("node_id")).get("today");
      list.add(figure);
    }
    List<Map<String, Object>> out = new ArrayList<>(byId.values());
    out.sort(java.util.Comparator.comparing((Map<String, Object> c) -> levelOrder((String) c.get("level")))
        .thenComparing(c -> (String) c.get("id")));
    return out;
  }

  /** The trend curve: points [epoch ms, value] of one energy type at one resolution. */
  Map<String, Object> trend(String nodeId, String energyType, String resolution) throws SQLException {
    Instant asOf = asOf();
    CockpitQueries.Resolution res = CockpitQueries.Resolution.of(resolution);
    List<List<Object>> points = new ArrayList<>();
    for (Map<String, Object> row : clickhouse.query(sql.trend(nodeId, energyType, res, asOf))) {
      points.add(List.of(((Number) row.get("t")).longValue() * 1000, row.get("value")));
    }
    return Map.of("id", nodeId, "energyType", CockpitQueries.energyType(energyType), "resolution", resolution,
        "table", res.table, "points", points, "energyName", terms.energyType(CockpitQueries.energyType(energyType)));
  }

  /** Monthly totals of this year and last (12 each, 0 where nothing was measured). */
  Map<String, Object> months(String nodeId, String energyType) throws SQLException {
    Instant asOf = asOf();
    int year = asOf.atZone(sql.zone()).getYear();
    double[][] values = new double[2][12];
    for (Map<String, Object> row : clickhouse.query(sql.months(nodeId, energyType, asOf))) {
      int y = ((Number) row.get("year")).intValue();
      int m = ((Number) row.get("month")).intValue();
      values[y == year ? 1 : 0][m - 1] = ClickHouseRows.number(row.get("value"));
    }
    return Map.of("year", year, "lastYear", values[0], "thisYear", values[1],
        "currentMonth", asOf.atZone(sql.zone()).getMonthValue());
  }

  /** Hourly load of the last 14 local days: days, 24 hours, cells [hour, day index, value]. */
  Map<String, Object> heatmap(String nodeId, String energyType) throws SQLException {
    Instant asOf = asOf();
    int days = 14;
    List<String> dayLabels = new ArrayList<>();
    java.time.LocalDate last = asOf.minusSeconds(1).atZone(sql.zone()).toLocalDate();
    for (int i = days - 1; i >= 0; i--) {
      dayLabels.add(last.minusDays(i).toString());
    }
    List<List<Object>> cells = new ArrayList<>();
    for (Map<String, Object> row : clickhouse.query(sql.heatmap(nodeId, energyType, asOf, days))) {
      int d = dayLabels.indexOf((String) row.get("day"));
      if (d >= 0) {
        cells.add(List.of(((Number) row.get("hour")).intValue(), d, row.get("value")));
      }
    }
    List<Integer> hours = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      hours.add(h);
    }
    return Map.of("days", dayLabels, "hours", hours, "cells", cells);
  }

  /** Departments ranked per bed, per m2 and per outpatient visit, with the cookbook's queries, this month. */
  Map<String, Object> rankings() throws SQLException {
    YearMonth month = YearMonth.from(asOf().minusSeconds(1).atZone(sql.zone()));
    Map<String, String> p = Map.of("month", SqlQueries.quote(month.atDay(1).toString()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("month", month.toString());
    out.put("perBed", SqlQueries.run(clickhouse.endpoint(), "department_electricity_per_bed", p));
    out.put("perM2", SqlQueries.run(clickhouse.endpoint(), "department_electricity_per_m2", p));
    List<Map<String, Object>> perVisit = new ArrayList<>();
    for (Map<String, Object> row : SqlQueries.run(clickhouse.endpoint(), "department_energy_per_patient", p)) {
      if ("ELECTRICITY".equals(row.get("energy_type")) && row.get("per_visit") != null) {
        perVisit.add(row);
      }
    }
    perVisit.sort((a, b) -> Double.compare(ClickHouseRows.number(b.get("per_visit")),
        ClickHouseRows.number(a.get("per_visit"))));
    out.put("perVisit", perVisit);
    List<String> ids = new ArrayList<>();
    for (String key : List.of("perBed", "perM2", "perVisit")) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> rows = (List<Map<String, Object>>) out.get(key);
      rows.forEach(r -> ids.add((String) r.get("department")));
    }
    out.put("names", names(ids));
    return out;
  }

  /** Quota status with the projection, this month. */
  Map<String, Object> quotas() throws SQLException {
    YearMonth month = YearMonth.from(asOf().minusSeconds(1).atZone(sql.zone()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map<String, Object> row : clickhouse.query(sql.quotas(month.toString()))) {
      Map<String, Object> q = new LinkedHashMap<>(row);
      q.remove("latest");
      q.put("energy_name", terms.energyType((String) row.get("energy_type")));
      q.put("unit_name", terms.unit((String) row.get("unit")));
      q.put("status_name", terms.quotaStatus((String) row.get("status")));
      rows.add(q);
    }
    List<String> ids = rows.stream().map(r -> (String) r.get("department_id")).toList();
    return Map.of("month", month.toString(), "rows", rows, "names", names(ids));
  }

  private static String text(Object v) {
    return v == null ? "" : v.toString();
  }

  /** Open anomalies at or below the node, newest first, with what was last done about them in the cockpit. */
  List<Map<String, Object>> anomalies(String nodeId) throws SQLException {
    List<Map<String, Object>> rows = clickhouse.query(sql.openAnomalies(level(nodeId), nodeId, 100));
    if (rows.isEmpty()) {
      return rows;
    }
    Map<String, Map<String, Object>> actions = new HashMap<>();
    for (Map<String, Object> a : clickhouse.query(sql.latestActions(
        rows.stream().map(r -> (String) r.get("anomaly_id")).toList()))) {
      actions.put((String) a.get("anomaly_id"), a);
    }
    long now = Instant.now().getEpochSecond();
    Map<String, String> names = names(rows.stream().map(r -> (String) r.get("node_id")).distinct().toList());
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> a = new LinkedHashMap<>(row);
      a.put("node_name", label((String) row.get("node_id"), names.get((String) row.get("node_id"))));
      a.put("kind_name", terms.anomalyKind((String) row.get("kind")));
      // the sentence as the notifier's messages say it: composed in Chinese, the detector's own in English
      a.put("detail", details.of(new AnomalyDetail.Fields((String) row.get("kind"), text(row.get("subject")),
          text(row.get("severity")), text(row.get("unit")), ClickHouseRows.number(row.get("expected")),
          ClickHouseRows.number(row.get("actual")), ClickHouseRows.number(row.get("peak_deviation_pct")),
          text(row.get("detail")))));
      a.put("severity_name", terms.severity((String) row.get("severity")));
      a.put("unit_name", terms.unit((String) row.get("unit")));
      a.put("energy_name", row.get("energy_type") == null || row.get("energy_type").toString().isEmpty() ? ""
          : terms.energyType((String) row.get("energy_type")));
      Map<String, Object> action = actions.get((String) row.get("anomaly_id"));
      String state = "OPEN";
      if (action != null) {
        state = "SILENCE".equals(action.get("action")) && ((Number) action.get("until_at")).longValue() <= now ? "OPEN"
            : (String) action.get("action");
        a.put("action_by", action.get("by_user"));
        a.put("action_at", action.get("last_at"));
        a.put("silenced_until", action.get("until_at"));
      }
      a.put("state", state);
      out.add(a);
    }
    return out;
  }

  /** The factors the environment panel draws: the column prefix in env_1h and the key of the range profile. */
  private static final Map<String, String> ENV_FACTORS = Map.of("temperature", "temperatureC", "humidity", "humidityPct",
      "co2", "co2Ppm");

  /**
   * A room's or floor's environment over the last day by hour (empty rows when the node has no sensors),
   * and for a room its type and the range of each factor in that type's profile (configuration
   * environment.profiles, as the roll-up judges minutes out of range).
   */
  Map<String, Object> environment(String nodeId) throws SQLException {
    List<Map<String, Object>> rows = clickhouse.query(sql.environment(nodeId, asOf()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", rows);
    String roomType = rows.stream().map(r -> text(r.get("room_type"))).filter(t -> !t.isEmpty()).findFirst()
        .orElse("");
    out.put("roomType", roomType);
    String typeName = roomType.isEmpty() ? null : words.find("room." + roomType);
    out.put("roomTypeName", typeName == null ? roomType : typeName);
    Map<String, Object> ranges = new LinkedHashMap<>();
    Map<String, WattwardConfig.Range> profile = profiles.getOrDefault(roomType, Map.of());
    ENV_FACTORS.forEach((factor, key) -> {
      WattwardConfig.Range r = profile.get(key);
      if (r != null) {
        Map<String, Object> range = new HashMap<>();
        range.put("min", r.min());
        range.put("max", r.max());
        ranges.put(factor, range);
      }
    });
    out.put("ranges", ranges);
    return out;
  }

  String level(String nodeId) throws SQLException {
    List<Map<String, Object>> rows = clickhouse.query(sql.nodeLevel(nodeId));
    Object level = rows.isEmpty() ? null : rows.get(0).values().iterator().next();
    return level == null || level.toString().isEmpty() ? "unknown" : level.toString();
  }

  private Map<String, String> names(List<String> ids) throws SQLException {
    Map<String, String> out = new HashMap<>();
    if (ids.isEmpty()) {
      return out;
    }
    for (Map<String, Object> row : clickhouse.query(sql.names(ids))) {
      out.put((String) row.get("node_id"), (String) row.get("name"));
    }
    return out;
  }

  /** The ids above this one: PPH, PPH/MAIN, PPH/MAIN/IP2, ... */
  private static List<String> ancestors(String nodeId) {
    List<String> out = new ArrayList<>();
    for (int at = nodeId.indexOf('/'); at > 0; at = nodeId.indexOf('/', at + 1)) {
      out.add(nodeId.substring(0, at));
    }
    return out;
  }

  /** The nodes above this one, each with its id and what people call it. */
  private List<Map<String, String>> path(String nodeId, Map<String, String> names) {
    List<Map<String, String>> out = new ArrayList<>();
    for (String id : ancestors(nodeId)) {
      out.add(Map.of("id", id, "name", label(id, names.get(id))));
    }
    return out;
  }

  private static final java.util.regex.Pattern FLOOR = java.util.regex.Pattern.compile("F0*(\\d+)");
  private static final java.util.regex.Pattern BASEMENT = java.util.regex.Pattern.compile("B0*(\\d+)");

  /**
   * What people call a node: its name in node_info; else, from its id's last segment, a floor as "7层" /
   * "Floor 7" (F07) or "地下1层" (B1), a system or subsystem code by its word in the cockpit's texts
   * ({@code name.hvac}), anything else as the code.
   */
  String label(String nodeId, String name) {
    if (name != null && !name.isBlank()) {
      return name;
    }
    String code = lastSegment(nodeId);
    java.util.regex.Matcher m = FLOOR.matcher(code);
    if (m.matches()) {
      return words.get("name.floor", m.group(1));
    }
    m = BASEMENT.matcher(code);
    if (m.matches()) {
      return words.get("name.basement", m.group(1));
    }
    String word = words.find("name." + code);
    return word == null ? code : word;
  }

  /** Spatial levels first, top down, then the itemized ones. */
  private static int levelOrder(String level) {
    int i = List.of("campus", "building", "floor", "department", "room", "system", "subsystem", "device").indexOf(level);
    return i < 0 ? 99 : i;
  }

  static String lastSegment(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }
}
