-- How much energy did each department use per outpatient visit and per inpatient bed-day in a month?
--
-- Energy of each department and energy type in one local calendar month (Asia/Shanghai), summed over
-- its sub-item rows, against the department's business volume of the same month from business_volume
-- (published to the business-volume topic; the latest publication of each day counts). Only
-- departments with a business volume in the month are listed; a department without visits (or
-- bed-days) has no figure per visit (or per bed-day). By energy type, then highest per bed-day first.
--
-- Parameters:
--   {{month}}  any day of the month, a Date literal, e.g. '2026-10-01'
--
-- Columns: department (node id), energy_type, unit, energy, outpatient_visits, inpatient_bed_days,
--          per_visit, per_bed_day
SELECT
    department,
    energy_type,
    unit,
    energy,
    visits AS outpatient_visits,
    bed_days AS inpatient_bed_days,
    if(visits > 0, round(toFloat64(energy) / visits, 3), NULL) AS per_visit,
    if(bed_days > 0, round(toFloat64(energy) / bed_days, 3), NULL) AS per_bed_day
FROM
(
    SELECT node_id AS department, energy_type, any(unit) AS unit, sum(consumption) AS energy
    FROM node_energy_1d FINAL
    WHERE node_level = 'department'
      AND window_start >= toDateTime(toStartOfMonth(toDate({{month}}))) - 86400
      AND window_start < toDateTime(addMonths(toStartOfMonth(toDate({{month}})), 1)) + 86400
      AND toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai'))) = toStartOfMonth(toDate({{month}}))
    GROUP BY node_id, energy_type
) AS e
ALL INNER JOIN
(
    SELECT node_id AS department, sum(ifNull(outpatient_visits, 0)) AS visits,
        sum(ifNull(inpatient_bed_days, 0)) AS bed_days
    FROM business_volume FINAL
    WHERE toStartOfMonth(day) = toStartOfMonth(toDate({{month}}))
    GROUP BY node_id
) AS v USING department
ORDER BY energy_type, per_bed_day DESC, department
