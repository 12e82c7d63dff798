-- Which departments used the most electricity per square metre of floor area in a month?
--
-- Electricity of each department in one local calendar month (Asia/Shanghai), summed over its
-- sub-item rows, divided by its floor area (node_info.area_m2). Unlike per bed, this ranks every
-- department with a known area, including those without beds. Highest first.
--
-- Parameters:
--   {{month}}  any day of the month, a Date literal, e.g. '2026-10-01'
--
-- Columns: department (node id), name, area_m2, electricity_kwh, kwh_per_m2
SELECT
    node_id AS department,
    i.name AS name,
    i.area_m2 AS area_m2,
    e.kwh AS electricity_kwh,
    round(toFloat64(e.kwh) / i.area_m2, 3) AS kwh_per_m2
FROM
(
    SELECT node_id, sum(consumption) AS kwh
    FROM node_energy_1d FINAL
    WHERE node_level = 'department'
      AND energy_type = 'ELECTRICITY'
      AND window_start >= toDateTime(toStartOfMonth(toDate({{month}}))) - 86400
      AND window_start < toDateTime(addMonths(toStartOfMonth(toDate({{month}})), 1)) + 86400
      AND toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai'))) = toStartOfMonth(toDate({{month}}))
    GROUP BY node_id
) AS e
ALL INNER JOIN
(
    SELECT node_id, name, area_m2
    FROM node_info FINAL
    WHERE node_level = 'department' AND area_m2 > 0
) AS i USING node_id
ORDER BY kwh_per_m2 DESC, department
