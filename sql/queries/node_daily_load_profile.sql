-- What does a typical day look like for one node? (daily load profile by local hour)
--
-- For one node of either hierarchy (a building, floor, department, system, device, ...), its
-- electricity per hour of the local day (Asia/Shanghai, 0 = 00:00-01:00) averaged over the days of a
-- period, from hourly roll-ups; an hour's kWh is its average kW. An hour's value is the sum over the
-- node's sub-item rows; hours without data are left out of the average (hours_averaged says how
-- many went in).
--
-- Parameters:
--   {{node_id}}    the node, a string literal, e.g. 'PPH/MAIN/IP2' or 'PPH/MAIN/CARDIOLOGY'
--   {{from_date}}  first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}    local day after the last, exclusive, e.g. '2026-10-08'
--
-- Columns: local_hour, avg_kwh, min_kwh, max_kwh, hours_averaged
SELECT
    local_hour,
    round(avg(kwh), 3) AS avg_kwh,
    round(min(kwh), 3) AS min_kwh,
    round(max(kwh), 3) AS max_kwh,
    count() AS hours_averaged
FROM
(
    SELECT
        window_start,
        toHour(toTimeZone(window_start, 'Asia/Shanghai')) AS local_hour,
        toFloat64(sum(consumption)) AS kwh
    FROM node_energy_1h FINAL
    WHERE node_id = {{node_id}}
      AND energy_type = 'ELECTRICITY'
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY window_start
)
GROUP BY local_hour
ORDER BY local_hour
