-- What was each building's peak 15-minute electric demand per day, and when?
--
-- Demand of a quarter-hour is its energy times 4 (kWh per 15 min -> kW). The building's demand is
-- the sum over its sub-item rows of the same quarter-hour (peak_demand_kw of the sub-item rows
-- cannot be added: their peaks need not coincide). Per local day (Asia/Shanghai) the highest
-- quarter-hour and its local start time; on a tie, the earliest.
--
-- Parameters:
--   {{from_date}}  first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}    local day after the last, exclusive, e.g. '2026-10-08'
--
-- Columns: building (node id), day, peak_kw, peak_at_local (start of the quarter-hour, local time)
SELECT
    node_id AS building,
    day,
    round(max(kw), 1) AS peak_kw,
    toString(toTimeZone(argMax(window_start, (kw, -toUInt32(window_start))), 'Asia/Shanghai')) AS peak_at_local
FROM
(
    SELECT
        node_id,
        window_start,
        toDate(toTimeZone(window_start, 'Asia/Shanghai')) AS day,
        toFloat64(sum(consumption)) * 4 AS kw
    FROM node_energy_15m FINAL
    WHERE node_level = 'building'
      AND energy_type = 'ELECTRICITY'
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY node_id, window_start
)
GROUP BY node_id, day
ORDER BY building, day
