-- How did each building's electricity change from the previous month?
--
-- Electricity per building in a local calendar month (Asia/Shanghai) and in the month before,
-- summed over sub-item rows, and the change in percent of the previous month. change_pct is NULL
-- when the previous month has no consumption. Buildings with data in either month are listed.
--
-- Parameters:
--   {{month}}  any day of the month to compare, a Date literal, e.g. '2026-10-01'
--
-- Columns: building (node id), month, electricity_kwh, previous_month_kwh, change_pct
SELECT
    node_id AS building,
    toStartOfMonth(toDate({{month}})) AS month,
    this_kwh AS electricity_kwh,
    previous_kwh AS previous_month_kwh,
    if(previous_kwh = 0, NULL,
       round((toFloat64(this_kwh) - toFloat64(previous_kwh)) * 100 / toFloat64(previous_kwh), 1)) AS change_pct
FROM
(
    SELECT
        node_id,
        sumIf(consumption, toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai')))
                           = toStartOfMonth(toDate({{month}}))) AS this_kwh,
        sumIf(consumption, toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai')))
                           = subtractMonths(toStartOfMonth(toDate({{month}})), 1)) AS previous_kwh
    FROM node_energy_1d FINAL
    WHERE node_level = 'building'
      AND energy_type = 'ELECTRICITY'
      AND window_start >= toDateTime(subtractMonths(toStartOfMonth(toDate({{month}})), 1)) - 86400
      AND window_start < toDateTime(addMonths(toStartOfMonth(toDate({{month}})), 1)) + 86400
    GROUP BY node_id
    HAVING this_kwh != 0 OR previous_kwh != 0
)
ORDER BY building
