-- Which buildings had incomplete data on which days? (meters offline, gateways down)
--
-- The building-days and energy types whose coverage (see building_data_coverage_daily.sql: stored
-- coverage_pct weighted by meters_expected, summed over sub-item rows) is below a threshold, worst
-- first. Days with no roll-up row at all do not appear: compare days_with_data in the per-person
-- query, or list meter_events of kind GAP.
--
-- Parameters:
--   {{from_date}}      first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}        local day after the last, exclusive, e.g. '2026-10-08'
--   {{threshold_pct}}  coverage below this is listed, a number, e.g. 95
--
-- Columns: building (node id), day, energy_type, meters_expected, meter_minutes, coverage_pct
SELECT
    node_id AS building,
    day,
    energy_type,
    expected AS meters_expected,
    minutes AS meter_minutes,
    coverage AS coverage_pct
FROM
(
    SELECT
        node_id,
        toDate(toTimeZone(window_start, 'Asia/Shanghai')) AS day,
        energy_type,
        sum(meters_expected) AS expected,
        sum(meter_minutes) AS minutes,
        round(sum(coverage_pct * meters_expected) / sum(meters_expected), 2) AS coverage
    FROM node_energy_1d FINAL
    WHERE node_level = 'building'
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY node_id, day, energy_type
    HAVING expected > 0 AND coverage < {{threshold_pct}}
)
ORDER BY coverage_pct, building, day, energy_type
