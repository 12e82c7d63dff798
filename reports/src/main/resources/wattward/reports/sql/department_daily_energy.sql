-- What did a department use per local day of a month, per energy type (the trend)?
--
-- Parameters:
--   {{department}}  department node id
--   {{month}}       first day of the month, a Date literal
--
-- Columns: day, energy_type, amount
SELECT toString(d) AS day, energy_type, toFloat64(sum(consumption)) AS amount
FROM
(
    SELECT energy_type, consumption, toDate(toTimeZone(window_start, 'Asia/Shanghai')) AS d
    FROM node_energy_1d FINAL
    WHERE node_level = 'department' AND node_id = {{department}}
      AND window_start >= toDateTime(toDate({{month}})) - 86400
      AND window_start < toDateTime(addMonths(toDate({{month}}), 1)) + 86400
)
WHERE toStartOfMonth(d) = toDate({{month}})
GROUP BY day, energy_type
ORDER BY day, energy_type
