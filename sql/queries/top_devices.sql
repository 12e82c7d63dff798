-- Which devices consumed the most in a period? (chillers, CT/MRI, linear accelerators, pumps, ...)
--
-- Devices are the leaves of the itemized hierarchy (node_level 'device', e.g.
-- 'PPH/MAIN/IP2/hvac/chiller-plant/CH-1'). Consumption of one energy type over a period of local days
-- (Asia/Shanghai), summed over sub-item rows, the N largest first.
--
-- Parameters:
--   {{energy_type}}  e.g. 'ELECTRICITY' (units are not mixed: rank one energy type at a time)
--   {{from_date}}    first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}      local day after the last, exclusive, e.g. '2026-11-01'
--   {{top_n}}        how many devices, a number, e.g. 10
--
-- Columns: device (node id), building, consumption, unit, days_with_data
SELECT
    node_id AS device,
    building_node AS building,
    total AS consumption,
    unit_of_total AS unit,
    days AS days_with_data
FROM
(
    SELECT
        node_id,
        any(building) AS building_node,
        sum(consumption) AS total,
        any(unit) AS unit_of_total,
        uniqExact(toDate(toTimeZone(window_start, 'Asia/Shanghai'))) AS days
    FROM node_energy_1d FINAL
    WHERE node_level = 'device'
      AND energy_type = {{energy_type}}
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY node_id
)
ORDER BY consumption DESC, device
LIMIT {{top_n}}
