-- Which anomalies of a department started in a month?
--
-- Parameters:
--   {{department}}  department node id
--   {{from_utc}}    start of the local month in UTC, e.g. '2026-10-31 16:00:00'
--   {{to_utc}}      end of the local month in UTC (exclusive)
--
-- Columns: kind, severity, energy_type, started, ended, excess, excess_unit, excess_cost, detail
SELECT kind, severity, energy_type,
       toString(toTimeZone(started_at, 'Asia/Shanghai')) AS started,
       ifNull(toString(toTimeZone(ended_at, 'Asia/Shanghai')), '') AS ended,
       excess_energy AS excess, unit AS excess_unit, excess_cost_cny AS excess_cost, detail
FROM anomalies FINAL
WHERE node_id = {{department}}
  AND started_at >= toDateTime({{from_utc}}) AND started_at < toDateTime({{to_utc}})
ORDER BY started_at, kind
