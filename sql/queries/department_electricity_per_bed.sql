-- Which departments used the most electricity per bed in a month?
--
-- Electricity of each department (a cost centre across floors and buildings) in one local calendar
-- month (Asia/Shanghai), summed over its sub-item rows (01A00..01D00), divided by its beds from
-- node_info. Departments without beds (radiology, laboratory, ...) are left out: rank them per m2 with
-- department_electricity_per_m2.sql. Highest first.
--
-- Parameters:
--   {{month}}  any day of the month, a Date literal, e.g. '2026-10-01'
--
-- Columns: department (node id), name, beds, electricity_kwh, kwh_per_bed
SELECT
    node_id AS department,
    i.name AS name,
    i.beds AS beds,
    e.kwh AS electricity_kwh,
    round(toFloat64(e.kwh) / i.beds, 2) AS kwh_per_bed
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
    SELECT node_id, name, beds
    FROM node_info FINAL
    WHERE node_level = 'department' AND beds > 0
) AS i USING node_id
ORDER BY kwh_per_bed DESC, department
