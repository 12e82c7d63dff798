-- Anomalies found by the anomaly job: one row per anomaly, its latest state (highest version) wins.
-- An anomaly opens (status OPEN), may be updated while it lasts (UPDATE: severity rose, deviation grew,
-- excess energy accumulated) and resolves (RESOLVED, ended_at set) when its condition clears.
-- anomaly_id = kind|node|subject|start (ms). Read with FINAL.
CREATE TABLE IF NOT EXISTS anomalies
(
    anomaly_id          String,
    kind                String,
    status              String,
    severity            String,
    node_level          String,
    node_id             String,
    building            String,
    energy_type         String,
    subject             String,
    started_at          DateTime('UTC'),
    updated_at          DateTime('UTC'),
    ended_at            Nullable(DateTime('UTC')),
    expected            Float64,
    actual              Float64,
    peak_deviation_pct  Float64,
    excess_energy       Float64,
    unit                String,
    excess_cost_cny     Float64,
    detail              String,
    version             UInt64,
    written_at          DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(started_at)
ORDER BY anomaly_id;
