-- Departmental energy quotas (KPI) as loaded by `wattward quotas load --csv FILE`: one row per
-- department, energy type and period (a local month '2026-11' or year '2026'), resolved to a total in
-- the energy type's unit (a per-bed or per-m2 quota times the department's beds or area in node_info).
CREATE TABLE IF NOT EXISTS kpi_quotas
(
    department_id  String,
    energy_type    String,
    period         String,
    quota          Float64,
    unit           String,
    basis          String,
    per_basis      Float64,
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (department_id, energy_type, period);

-- The quota tracker's view, hour by hour: consumption to date, the projection for the period's end,
-- and the status against the quota (OK, WARNING: projected at or above the warning share, ALARM: over
-- the quota). The latest row per department, energy type and period (highest as_of) is the current one.
CREATE TABLE IF NOT EXISTS kpi_status
(
    department_id   String,
    energy_type     String,
    period          String,
    as_of           DateTime('UTC'),
    to_date         Float64,
    projected       Float64,
    quota           Float64,
    unit            String,
    used_pct        Float64,
    projected_pct   Float64,
    status          String
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(as_of)
ORDER BY (department_id, energy_type, period, as_of);
