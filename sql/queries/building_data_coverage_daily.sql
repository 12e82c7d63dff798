-- How complete is each building's data, per day and energy type?
--
-- Per building, local day (Asia/Shanghai) and energy type, from the daily roll-up: meters_expected
-- (meters that should report), meter_minutes (minutes with data, summed over meters) and
-- coverage_pct, summed over the sub-item rows; coverage_pct is the stored coverage of each row
-- weighted by its meters_expected, i.e. meter_minutes / (meters_expected * 1440) for a full day.
-- Read it before trusting any ranking: a building at 80% coverage looks 20% more efficient than it is.
--
-- Parameters:
--   {{from_date}}  first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}    local day after the last, exclusive, e.g. '2026-10-08'
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
        if(sum(meters_expected) = 0, NULL,
           round(sum(coverage_pct * meters_expected) / sum(meters_expected), 2)) AS coverage
    FROM node_energy_1d FINAL
    WHERE node_level = 'building'
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY node_id, day, energy_type
)
ORDER BY building, day, energy_type
