-- How much of each energy type did a department use in a month, against the month before and the
-- same month a year earlier, and what did it cost and emit?
--
-- Department rows of node_energy_1d (local days, Asia/Shanghai), summed over sub-items.
--
-- Parameters:
--   {{department}}  department node id, e.g. 'PPH/MAIN/CARDIOLOGY'
--   {{month}}       first day of the month, a Date literal, e.g. '2026-11-01'
--
-- Columns: energy_type, unit_name, this_month, previous_month, last_year, cost, co2, tce
SELECT
    energy_type,
    any(unit) AS unit_name,
    toFloat64(sumIf(consumption, m = toDate({{month}}))) AS this_month,
    toFloat64(sumIf(consumption, m = addMonths(toDate({{month}}), -1))) AS previous_month,
    toFloat64(sumIf(consumption, m = addMonths(toDate({{month}}), -12))) AS last_year,
    sumIf(cost_cny, m = toDate({{month}})) AS cost,
    sumIf(co2_kg, m = toDate({{month}})) AS co2,
    sumIf(tce_kg, m = toDate({{month}})) AS tce
FROM
(
    SELECT energy_type, unit, consumption, cost_cny, co2_kg, tce_kg,
           toDate(toTimeZone(window_start, 'Asia/Shanghai')) AS d, toStartOfMonth(d) AS m
    FROM node_energy_1d FINAL
    WHERE node_level = 'department' AND node_id = {{department}}
      AND window_start >= toDateTime(addMonths(toDate({{month}}), -12)) - 86400
      AND window_start < toDateTime(addMonths(toDate({{month}}), 1)) + 86400
)
GROUP BY energy_type
ORDER BY energy_type
