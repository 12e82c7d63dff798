-- What is a building's electricity made of? (lighting & sockets, HVAC, power, special)
--
-- Electricity of one building in a local calendar month (Asia/Shanghai) per sub-item of the national
-- guideline (01A00 lighting & sockets, 01B00 HVAC, 01C00 power: lifts, pumps, fans, 01D00 special:
-- medical equipment, kitchens, data rooms) and each sub-item's share of the building's total.
-- (The total is a scalar subquery cast to Float64: ClickHouse 18.16 rejects a Decimal scalar subquery.)
--
-- Parameters:
--   {{building}}  the building's node id, a string literal, e.g. 'PPH/MAIN/IP2'
--   {{month}}     any day of the month, a Date literal, e.g. '2026-10-01'
--
-- Columns: sub_item_code, sub_item, electricity_kwh, share_pct
SELECT
    sub_item_code,
    transform(sub_item_code, ['01A00', '01B00', '01C00', '01D00'],
              ['lighting & sockets', 'HVAC', 'power', 'special'], 'other') AS sub_item,
    kwh AS electricity_kwh,
    round(toFloat64(kwh) * 100 / (
        SELECT toFloat64(sum(consumption))
        FROM node_energy_1d FINAL
        WHERE node_level = 'building'
          AND node_id = {{building}}
          AND energy_type = 'ELECTRICITY'
          AND window_start >= toDateTime(toStartOfMonth(toDate({{month}}))) - 86400
          AND window_start < toDateTime(addMonths(toStartOfMonth(toDate({{month}})), 1)) + 86400
          AND toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai'))) = toStartOfMonth(toDate({{month}}))
    ), 1) AS share_pct
FROM
(
    SELECT sub_item_code, sum(consumption) AS kwh
    FROM node_energy_1d FINAL
    WHERE node_level = 'building'
      AND node_id = {{building}}
      AND energy_type = 'ELECTRICITY'
      AND window_start >= toDateTime(toStartOfMonth(toDate({{month}}))) - 86400
      AND window_start < toDateTime(addMonths(toStartOfMonth(toDate({{month}})), 1)) + 86400
      AND toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai'))) = toStartOfMonth(toDate({{month}}))
    GROUP BY sub_item_code
)
ORDER BY sub_item_code
