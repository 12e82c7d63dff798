-- Do the building's main meters and its sub-meters agree? (master/sub-meter balance, losses)
--
-- Per building and local day (Asia/Shanghai): the electricity through its transformer meters
-- (meter_minute of meters registered with point_kind 'transformer'; main meters are not accounting
-- meters, so they never reach node_energy_*) against the building's accounting electricity
-- (node_energy_1d, summed over sub-item rows). loss_kwh = transformers - accounting, loss_pct in
-- percent of the transformers. A few percent is transformer and cable loss; much more means an
-- unmetered load or a broken sub-meter; a negative loss means double counting or a bad CT ratio.
-- A meter counts with its latest registration (transformers do not move between buildings).
-- accounting_kwh is 0 when the roll-up has no row for that day.
--
-- Parameters:
--   {{from_date}}  first local day, inclusive, e.g. '2026-10-01'
--   {{to_date}}    local day after the last, exclusive, e.g. '2026-10-08'
--
-- Columns: building (node id), day, transformer_kwh, accounting_kwh, loss_kwh, loss_pct
SELECT
    node_id AS building,
    day,
    transformer_kwh,
    accounting_kwh,
    transformer_kwh - accounting_kwh AS loss_kwh,
    if(transformer_kwh = 0, NULL,
       round((toFloat64(transformer_kwh) - toFloat64(accounting_kwh)) * 100 / toFloat64(transformer_kwh), 2)) AS loss_pct
FROM
(
    SELECT node_id, toDate(toTimeZone(minute_start, 'Asia/Shanghai')) AS day, sum(consumption) AS transformer_kwh
    FROM
    (
        SELECT meter_id, minute_start, consumption
        FROM meter_minute FINAL
        WHERE minute_start >= toDateTime(toDate({{from_date}})) - 86400
          AND minute_start < toDateTime(toDate({{to_date}})) + 86400
          AND toDate(toTimeZone(minute_start, 'Asia/Shanghai')) >= toDate({{from_date}})
          AND toDate(toTimeZone(minute_start, 'Asia/Shanghai')) < toDate({{to_date}})
    ) AS minutes
    ALL INNER JOIN
    (
        SELECT
            meter_id,
            concat(argMax(hospital, effective_from), '/', argMax(campus, effective_from), '/',
                   argMax(building, effective_from)) AS node_id
        FROM meter_registry FINAL
        GROUP BY meter_id
        HAVING argMax(point_kind, effective_from) = 'transformer'
           AND argMax(energy_type, effective_from) = 'ELECTRICITY'
    ) AS transformers USING meter_id
    GROUP BY node_id, day
) AS measured
ANY LEFT JOIN
(
    SELECT node_id, toDate(toTimeZone(window_start, 'Asia/Shanghai')) AS day, sum(consumption) AS accounting_kwh
    FROM node_energy_1d FINAL
    WHERE node_level = 'building'
      AND energy_type = 'ELECTRICITY'
      AND window_start >= toDateTime(toDate({{from_date}})) - 86400
      AND window_start < toDateTime(toDate({{to_date}})) + 86400
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) >= toDate({{from_date}})
      AND toDate(toTimeZone(window_start, 'Asia/Shanghai')) < toDate({{to_date}})
    GROUP BY node_id, day
) AS accounted USING (node_id, day)
ORDER BY building, day
