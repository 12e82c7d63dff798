-- What are a department's quotas for a month, and the quota tracker's latest projection and status?
--
-- kpi_status rows are hourly; the one with the latest as_of is current. A quota without status
-- comes back with latest_projected 0 and latest_status ''
-- (aliases differ from the columns they aggregate: see sql/README.md, 18.16 notes).
--
-- Parameters:
--   {{department}}  department node id
--   {{period}}      the month as kpi_quotas writes it, e.g. '2026-11'
--
-- Columns: energy_type, quota, quota_unit, latest_projected, latest_status, latest_as_of
SELECT energy_type, quota, quota_unit, latest_projected, latest_status, latest_as_of
FROM
(
    SELECT energy_type, quota, unit AS quota_unit
    FROM kpi_quotas FINAL
    WHERE department_id = {{department}} AND period = {{period}}
) AS q
ANY LEFT JOIN
(
    SELECT energy_type, argMax(projected, as_of) AS latest_projected, argMax(status, as_of) AS latest_status,
           toString(max(as_of)) AS latest_as_of
    FROM kpi_status FINAL
    WHERE department_id = {{department}} AND period = {{period}}
    GROUP BY energy_type
) AS s USING energy_type
ORDER BY energy_type
