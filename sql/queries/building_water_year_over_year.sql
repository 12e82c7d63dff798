-- How does each building's water use in a month compare with the same month a year earlier?
--
-- Water (m3) per building in a local calendar month (Asia/Shanghai) and in the same month of the
-- previous year, and the change in percent. A leak shows as a jump (the documents: a pipe leak
-- raised a month's water bill by 15%). change_pct is NULL when last year has no consumption.
--
-- Parameters:
--   {{month}}  any day of the month to compare, a Date literal, e.g. '2026-10-01'
--
-- Columns: building (node id), month, water_m3, last_year_m3, change_pct
SELECT
    node_id AS building,
    toStartOfMonth(toDate({{month}})) AS month,
    this_m3 AS water_m3,
    last_year_m3,
    if(last_year_m3 = 0, NULL,
       round((toFloat64(this_m3) - toFloat64(last_year_m3)) * 100 / toFloat64(last_year_m3), 1)) AS change_pct
FROM
(
    SELECT
        node_id,
        sumIf(consumption, toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai')))
                           = toStartOfMonth(toDate({{month}}))) AS this_m3,
        sumIf(consumption, toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai')))
                           = subtractYears(toStartOfMonth(toDate({{month}})), 1)) AS last_year_m3
    FROM node_energy_1d FINAL
    WHERE node_level = 'building'
      AND energy_type = 'WATER'
      AND ((window_start >= toDateTime(toStartOfMonth(toDate({{month}}))) - 86400
            AND window_start < toDateTime(addMonths(toStartOfMonth(toDate({{month}})), 1)) + 86400)
        OR (window_start >= toDateTime(subtractYears(toStartOfMonth(toDate({{month}})), 1)) - 86400
            AND window_start < toDateTime(addMonths(subtractYears(toStartOfMonth(toDate({{month}})), 1), 1)) + 86400))
    GROUP BY node_id
    HAVING this_m3 != 0 OR last_year_m3 != 0
)
ORDER BY building
