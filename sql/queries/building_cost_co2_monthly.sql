-- What did each building's energy cost, and how much CO2 and standard coal did it stand for, per month?
--
-- Per building and local calendar month (Asia/Shanghai), over all energy types: cost in CNY, CO2 in
-- kg and standard coal equivalent in kg (tce_kg), as the roll-up computed them per row from tariffs
-- and emission factors; with the month's electricity (kWh) and water (m3) beside them.
--
-- Parameters:
--   {{from_date}}  first local day, inclusive, normally a month's first day, e.g. '2026-01-01'
--   {{to_date}}    local day after the last, exclusive, e.g. '2027-01-01'
--
-- Columns: building (node id), month, cost_cny, co2_kg, tce_kg, electricity_kwh, water_m3
SELECT
    node_id AS building,
    month,
    cost AS cost_cny,
    co2 AS co2_kg,
    tce AS tce_kg,
    electricity AS electricity_kwh,
    water AS water_m3
FROM
(
    SELECT
        node_id,
        toStartOfMonth(toDate(toTimeZone(window_start, 'Asia/Shanghai'))) AS month,
        round(sum(cost_cny), 2) AS cost,
        round(sum(co2_kg), 2) AS co2,
        round(sum(tce_kg), 2) AS tce,
        sumIf(consumption, energy_type = 'ELECTRICITY') AS electricity,
        sumIf(consumption, energy_type = 'WATER') AS water
    FROM node_energy_1d FINAL
    WHERE node_level = 'building'
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY node_id, month
)
ORDER BY building, month
