-- What happened to the meters' data in a period? (register resets and replacements, rollovers, gaps, spikes)
--
-- Every meter event in a period of local days (Asia/Shanghai) with the meter's building and point
-- kind from its latest registration, oldest first. Kinds: ROLLOVER (register wrapped past its
-- capacity), RESET (register went back, e.g. a meter replaced), REPLACEMENT (readings stayed far above
-- the old level: a replaced meter), GAP (no readings for gap_minutes),
-- SPIKE (a rate above the meter's max_rate_per_hour). value_before/value_after are register values
-- where they apply. Read this beside a consumption surprise before blaming a department.
--
-- Parameters:
--   {{from_date}}  first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}    local day after the last, exclusive, e.g. '2026-10-08'
--
-- Columns: event_time_local, meter_id, building (node id, '' if unregistered), point_kind, kind,
--          detail, value_before, value_after, gap_minutes
SELECT
    toString(toTimeZone(event_time, 'Asia/Shanghai')) AS event_time_local,
    meter_id,
    building_node AS building,
    kind_of_point AS point_kind,
    kind,
    detail,
    value_before,
    value_after,
    gap_minutes
FROM
(
    SELECT meter_id, event_time, kind, detail, value_before, value_after, gap_minutes
    FROM meter_events FINAL
    WHERE event_time >= toDateTime(toDate({{from_date}})) - 86400
      AND event_time < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(event_time, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(event_time, 'Asia/Shanghai')) < toDate({{to_date}})
) AS events
ANY LEFT JOIN
(
    SELECT
        meter_id,
        concat(argMax(hospital, effective_from), '/', argMax(campus, effective_from), '/',
               argMax(building, effective_from)) AS building_node,
        argMax(point_kind, effective_from) AS kind_of_point
    FROM meter_registry FINAL
    GROUP BY meter_id
) AS meters USING meter_id
ORDER BY event_time, meter_id, kind
