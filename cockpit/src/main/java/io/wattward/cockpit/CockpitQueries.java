package io.wattward.cockpit;

import static io.wattward.connectors.clickhouse.SqlQueries.quote;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The SQL behind the cockpit's panels, built as text (ClickHouse 18.16 has no server-side parameters):
 * node ids and codes as quoted literals, instants as epoch seconds (no server or client time zone can shift
 * them), local days and hours in the hospital's zone. Every table is read with FINAL, as its writers ask.
 * Plain functions of their arguments, so the unit tests read the SQL they send.
 */
public final class CockpitQueries {

  /** Trend resolutions: the node_energy_* table and how far back the curve reaches. */
  public enum Resolution {
    MINUTE("node_energy_1m", 6 * 3_600L), HOUR("node_energy_1h", 3 * 86_400L), DAY("node_energy_1d", 62 * 86_400L);

    public final String table;
    public final long spanSeconds;

    Resolution(String table, long spanSeconds) {
      this.table = table;
      this.spanSeconds = spanSeconds;
    }

    /** 1m, 1h or 1d as the page asks for it; anything else is refused. */
    public static Resolution of(String code) {
      return switch (code == null ? "" : code) {
        case "1m" -> MINUTE;
        case "1h" -> HOUR;
        case "1d" -> DAY;
        default -> throw new IllegalArgumentException("resolution must be 1m, 1h or 1d, not " + code);
      };
    }
  }

  /** A span of time and the same span one period earlier (yesterday, last month, last year). */
  public record Period(String key, Instant from, Instant to, Instant beforeFrom, Instant beforeTo) {}

  private static final List<String> ENERGY_TYPES = List.of("ELECTRICITY", "WATER", "NATURAL_GAS", "CENTRAL_HEATING",
      "CENTRAL_COOLING", "STEAM", "OTHER");

  private final ZoneId zone;

  public CockpitQueries(ZoneId zone) {
    this.zone = zone;
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * Today, this month and this year up to {@code asOf} (exclusive, the end of the latest hour with data),
   * each with the same span of the period before: yesterday to the same hour, last month to the same day and
   * hour, last year to the same date and hour.
   */
  public List<Period> periods(Instant asOf) {
    ZonedDateTime end = asOf.atZone(zone);
    // the day of the latest data: data that ends at midnight shows that whole day as today, not an empty one
    ZonedDateTime day = end.minusSeconds(1).truncatedTo(ChronoUnit.DAYS);
    ZonedDateTime month = day.withDayOfMonth(1);
    ZonedDateTime year = month.withMonth(1);
    return List.of(
        new Period("today", day.toInstant(), asOf, day.minusDays(1).toInstant(), end.minusDays(1).toInstant()),
        new Period("month", month.toInstant(), asOf, month.minusMonths(1).toInstant(), end.minusMonths(1).toInstant()),
        new Period("year", year.toInstant(), asOf, year.minusYears(1).toInstant(), end.minusYears(1).toInstant()));
  }

  /** The end of the latest hour with data anywhere in the hospital: what "now" is for the pages. */
  public String latestHour() {
    return "SELECT toUnixTimestamp(max(window_start)) FROM node_energy_1h WHERE node_level = 'hospital'";
  }

  /** A node's name and attributes (node_info), if it has any. */
  public String nodeInfo(String nodeId) {
    return "SELECT node_level, name, beds, area_m2, people FROM node_info FINAL WHERE node_id = " + quote(nodeId)
        + " LIMIT 1";
  }

  /** The node's level as the roll-ups know it. */
  public String nodeLevel(String nodeId) {
    return "SELECT any(node_level) FROM node_energy_1d WHERE node_id = " + quote(nodeId);
  }

  /**
   * The nodes one step below: the hospital's buildings; a building's floors and systems (by id) and the
   * departments with meters in it (meter_registry); a department's rooms; anything else its direct children by
   * id. Columns: node_level, node_id.
   */
  public String children(String level, String nodeId) {
    String byPrefix = "SELECT DISTINCT node_level, node_id FROM node_energy_1d WHERE node_id LIKE "
        + quote(likePrefix(nodeId) + "/%") + " AND position(substring(node_id, " + (nodeId.length() + 2)
        + "), '/') = 0";
    return switch (level) {
      case "hospital" -> "SELECT DISTINCT node_level, node_id FROM node_energy_1d WHERE node_level = 'building'"
          + " AND node_id LIKE " + quote(likePrefix(nodeId) + "/%") + " ORDER BY node_id";
      case "building" -> byPrefix + " UNION ALL SELECT DISTINCT 'department' AS node_level,"
          + " concat(hospital, '/', campus, '/', department) AS node_id FROM meter_registry FINAL"
          + " WHERE concat(hospital, '/', campus, '/', building) = " + quote(nodeId) + " AND department != ''";
      case "department" -> "SELECT DISTINCT 'room' AS node_level,"
          + " concat(hospital, '/', campus, '/', building, '/', floor, '/', room) AS node_id FROM meter_registry FINAL"
          + " WHERE concat(hospital, '/', campus, '/', department) = " + quote(nodeId) + " AND room != ''"
          + " ORDER BY node_id";
      default -> byPrefix + " ORDER BY node_id";
    };
  }

  /**
   * Per energy type: consumption, cost and CO2 in each period and in the same span before, from the hourly
   * roll-ups. Columns: energy_type, unit, then {@code <key>_energy, <key>_cost, <key>_co2} and the same with
   * {@code _before} for each period.
   */
  public String summary(String nodeId, List<Period> periods) {
    StringBuilder cols = new StringBuilder("energy_type, any(unit) AS unit");
    Instant min = periods.get(0).from();
    Instant max = periods.get(0).to();
    for (Period p : periods) {
      for (boolean before : new boolean[] {false, true}) {
        String when = between(before ? p.beforeFrom() : p.from(), before ? p.beforeTo() : p.to());
        String suffix = p.key() + (before ? "_before" : "");
        cols.append(", toFloat64(sumIf(consumption, ").append(when).append(")) AS ").append(suffix).append("_energy")
            .append(", sumIf(cost_cny, ").append(when).append(") AS ").append(suffix).append("_cost")
            .append(", sumIf(co2_kg, ").append(when).append(") AS ").append(suffix).append("_co2");
        min = min.isBefore(before ? p.beforeFrom() : p.from()) ? min : (before ? p.beforeFrom() : p.from());
        max = max.isAfter(before ? p.beforeTo() : p.to()) ? max : (before ? p.beforeTo() : p.to());
      }
    }
    return "SELECT " + cols + " FROM node_energy_1h FINAL WHERE node_id = " + quote(nodeId) + " AND "
        + between(min, max) + " GROUP BY energy_type ORDER BY energy_type";
  }

  /** The curve of one energy type at one resolution, summed over sub-items. Columns: t (epoch s), value. */
  public String trend(String nodeId, String energyType, Resolution resolution, Instant asOf) {
    return "SELECT toUnixTimestamp(window_start) AS t, toFloat64(sum(consumption)) AS value FROM " + resolution.table
        + " FINAL WHERE node_id = " + quote(nodeId) + " AND energy_type = " + quote(energyType(energyType)) + " AND "
        + between(asOf.minusSeconds(resolution.spanSeconds), asOf) + " GROUP BY window_start ORDER BY window_start";
  }

  /**
   * Monthly totals of one energy type for this local year and the one before, from the daily roll-ups: the
   * year-over-year and month-over-month bars. Columns: year, month, value.
   */
  public String months(String nodeId, String energyType, Instant asOf) {
    LocalDate firstDay = asOf.atZone(zone).toLocalDate().withDayOfYear(1).minusYears(1);
    Instant from = firstDay.atStartOfDay(zone).toInstant();
    String local = "toTimeZone(window_start, " + quote(zone.getId()) + ")";
    return "SELECT toYear(" + local + ") AS year, toMonth(" + local + ") AS month,"
        + " toFloat64(sum(consumption)) AS value FROM node_energy_1d FINAL WHERE node_id = " + quote(nodeId)
        + " AND energy_type = " + quote(energyType(energyType)) + " AND " + between(from, asOf)
        + " GROUP BY year, month ORDER BY year, month";
  }

  /** Hourly load of one energy type for the last {@code days} local days: day x hour. Columns: day, hour, value. */
  public String heatmap(String nodeId, String energyType, Instant asOf, int days) {
    Instant from = asOf.atZone(zone).truncatedTo(ChronoUnit.DAYS).minusDays(days - 1L).toInstant();
    String local = "toTimeZone(window_start, " + quote(zone.getId()) + ")";
    return "SELECT toString(toDate(" + local + ")) AS day, toHour(" + local + ") AS hour,"
        + " toFloat64(sum(consumption)) AS value FROM node_energy_1h FINAL WHERE node_id = " + quote(nodeId)
        + " AND energy_type = " + quote(energyType(energyType)) + " AND " + between(from, asOf)
        + " GROUP BY day, hour ORDER BY day, hour";
  }

  /** Today's consumption, cost and CO2 of several nodes by energy type. Columns: node_id, energy_type, unit, energy, cost, co2. */
  public String nodesToday(List<String> nodeIds, Period today) {
    return "SELECT node_id, energy_type, any(unit) AS unit, toFloat64(sum(consumption)) AS energy,"
        + " sum(cost_cny) AS cost, sum(co2_kg) AS co2 FROM node_energy_1h FINAL WHERE node_id IN ("
        + nodeIds.stream().map(s -> quote(s)).collect(Collectors.joining(", ")) + ") AND "
        + between(today.from(), today.to()) + " GROUP BY node_id, energy_type ORDER BY node_id, energy_type";
  }

  /** Names of nodes from node_info. Columns: node_id, name. */
  public String names(List<String> nodeIds) {
    return "SELECT node_id, name FROM node_info FINAL WHERE node_id IN ("
        + nodeIds.stream().map(s -> quote(s)).collect(Collectors.joining(", ")) + ")";
  }

  /** The latest quota status of every department for a local month ('2026-11'). */
  public String quotas(String period) {
    return "SELECT department_id, energy_type, period, max(as_of) AS latest, argMax(to_date, as_of) AS to_date,"
        + " argMax(projected, as_of) AS projected, argMax(quota, as_of) AS quota, argMax(unit, as_of) AS unit,"
        + " argMax(used_pct, as_of) AS used_pct, argMax(projected_pct, as_of) AS projected_pct,"
        + " argMax(status, as_of) AS status FROM kpi_status FINAL WHERE period = " + quote(period)
        + " GROUP BY department_id, energy_type, period ORDER BY projected_pct DESC, department_id";
  }

  /**
   * Anomalies not resolved, newest first, at the node or below it (by id, or in its building); the hospital
   * sees all. Columns as in the anomalies table.
   */
  public String openAnomalies(String level, String nodeId, int limit) {
    String where = "hospital".equals(level) ? ""
        : " AND (node_id = " + quote(nodeId) + " OR node_id LIKE " + quote(likePrefix(nodeId) + "/%")
            + " OR building = " + quote(nodeId) + ")";
    return "SELECT anomaly_id, kind, status, severity, node_level, node_id, energy_type, subject,"
        + " toUnixTimestamp(started_at) AS started, toUnixTimestamp(updated_at) AS updated, expected, actual,"
        + " peak_deviation_pct, unit, detail FROM anomalies FINAL WHERE status != 'RESOLVED'" + where
        + " ORDER BY started_at DESC, anomaly_id LIMIT " + limit;
  }

  /** The latest cockpit action on each of the anomalies. Columns: anomaly_id, action, by_user, last_at, until_at (0 if none). */
  public String latestActions(List<String> anomalyIds) {
    return "SELECT anomaly_id, argMax(action, at) AS action, argMax(by_user, at) AS by_user,"
        + " toUnixTimestamp(max(at)) AS last_at, toUnixTimestamp(argMax(ifNull(until, toDateTime(0)), at)) AS until_at"
        + " FROM anomaly_actions WHERE anomaly_id IN ("
        + anomalyIds.stream().map(s -> quote(s)).collect(Collectors.joining(", ")) + ") GROUP BY anomaly_id";
  }

  /**
   * A room's environment by hour over the last day, for the factors with a range. Columns: t, room_type,
   * temperature, humidity, co2 (hourly averages), minutes_out and temperature_out, humidity_out, co2_out
   * (minutes out of the room type's range).
   */
  public String environment(String nodeId, Instant asOf) {
    return "SELECT toUnixTimestamp(window_start) AS t, any(room_type) AS room_type,"
        + " avg(temperature_avg_c) AS temperature, avg(humidity_avg_pct) AS humidity, avg(co2_avg_ppm) AS co2,"
        + " sum(minutes_out) AS minutes_out, sum(temperature_minutes_out) AS temperature_out,"
        + " sum(humidity_minutes_out) AS humidity_out, sum(co2_minutes_out) AS co2_out"
        + " FROM env_1h FINAL WHERE node_id = " + quote(nodeId) + " AND "
        + between(asOf.minusSeconds(86_400), asOf) + " GROUP BY window_start ORDER BY window_start";
  }

  /** {@code window_start} in [from, to), as epoch seconds. */
  static String between(Instant from, Instant to) {
    return "window_start >= toDateTime(" + from.getEpochSecond() + ") AND window_start < toDateTime("
        + to.getEpochSecond() + ")";
  }

  /** An energy type code of the roll-ups; anything else is refused before it reaches SQL. */
  static String energyType(String code) {
    String c = code == null ? "" : code.toUpperCase(Locale.ROOT);
    if (!ENERGY_TYPES.contains(c)) {
      throw new IllegalArgumentException("unknown energy type " + code + "; types: " + String.join(", ", ENERGY_TYPES));
    }
    return c;
  }

  /** The id with LIKE's wildcards escaped, for a prefix match. */
  static String likePrefix(String nodeId) {
    return nodeId.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
