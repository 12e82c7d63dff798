-- Which departments keep drawing power at night? (lights left on, equipment never switched off)
--
-- For each department, the average electric load between 00:00 and 05:00 local time
-- (Asia/Shanghai) over a period, from hourly roll-ups: an hour's kWh is its average kW. For
-- comparison, the average load of the working hours 08:00-18:00, and night as percent of day. A ward
-- normally runs at night; a night load close to the day load in an office-hours department is the
-- lights-left-on or leak pattern. An hour's load is the sum over the department's sub-item rows;
-- averages are over the hours that have data (day_avg_kw and night_to_day_pct are NULL without
-- daytime data). Departments without night data are left out. Highest night load first.
--
-- Parameters:
--   {{from_date}}  first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}    local day after the last, exclusive, e.g. '2026-10-08'
--
-- Columns: department (node id), night_avg_kw, day_avg_kw, night_to_day_pct, night_hours
SELECT
    node_id AS department,
    round(avgIf(kwh, local_hour < 5), 2) AS night_avg_kw,
    if(countIf(local_hour >= 8 AND local_hour < 18) = 0, NULL,
       round(avgIf(kwh, local_hour >= 8 AND local_hour < 18), 2)) AS day_avg_kw,
    if(countIf(local_hour >= 8 AND local_hour < 18) = 0 OR avgIf(kwh, local_hour >= 8 AND local_hour < 18) = 0, NULL,
       round(avgIf(kwh, local_hour < 5) * 100 / avgIf(kwh, local_hour >= 8 AND local_hour < 18), 1)) AS night_to_day_pct,
    countIf(local_hour < 5) AS night_hours
FROM
(
    SELECT
        node_id,
        window_start,
        toHour(toTimeZone(window_start, 'Asia/Shanghai')) AS local_hour,
        toFloat64(sum(consumption)) AS kwh
    FROM node_energy_1h FINAL
    WHERE node_level = 'department'
      AND energy_type = 'ELECTRICITY'
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY node_id, window_start
)
GROUP BY node_id
HAVING night_hours > 0
ORDER BY night_avg_kw DESC, department
